import type { AppInfo } from '../../shared/contract';

/** Injected facts about the running program; the shell and the CLI each fill them from their own runtime. */
export interface RuntimeFacts {
  name: string;
  version: string;
  platform: string;
  arch: string;
  versions: { node: string; electron?: string; chrome?: string };
}

/** The demo runs only when asked for by its own flag, exactly. */
export function isDemoRun(argv: readonly string[]): boolean {
  return argv.includes('--demo');
}

/** Where this run keeps its data, and whether it is the demo. */
export interface RunFacts {
  demo: boolean;
  dataDir: string;
  keychainService: string;
  /** Demo mode only (see src/demo/environment.ts). */
  demoPassword?: string;
  demoEnvironment?: AppInfo['demoEnvironment'];
}

export class AppInfoService {
  readonly #facts: RuntimeFacts;
  readonly #run: RunFacts;

  constructor(facts: RuntimeFacts, run: RunFacts) {
    this.#facts = facts;
    this.#run = run;
  }

  info(): AppInfo {
    const { name, version, platform, arch, versions } = this.#facts;
    return {
      name,
      version,
      platform,
      arch,
      runtime: {
        node: versions.node,
        ...(versions.electron ? { electron: versions.electron } : {}),
        ...(versions.chrome ? { chrome: versions.chrome } : {}),
      },
      ...this.#run,
    };
  }
}

export const productName = 'ADS Setup Assistant';

/** Facts for a plain Node process (the CLI, the test harness); the version comes from whoever built it. */
export function nodeRuntimeFacts(version: string): RuntimeFacts {
  return { name: productName, version, platform: process.platform, arch: process.arch, versions: { node: process.versions.node } };
}

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONSOLE_ITEMS } from '../doubles/bundle-fixture';

/**
 * A console host for the host-script tests: a folder with the pinned keys (ADS_SETUP_HOST_DIR), a RAM-backed work
 * folder stand-in (ADS_SETUP_TMPFS), and `kubectl` (and the Embedded Cluster binary) on PATH as stubs that behave
 * like the real tools and record every call (stub-kubectl.mjs, stub-ec.mjs). The real bash, tar, minisign, openssl,
 * sha256sum and age run the script.
 */

export interface StubItem {
  name: string;
  type: string;
  title: string;
  default?: string;
}

export interface StubState {
  app: string;
  namespace: string;
  items: StubItem[];
  values: Record<string, string>;
  sequence: number;
  versions: Array<{ sequence: number; source: string; deployed: boolean; items: string[] }>;
  upstreamConfig?: string;
  renderedConfig?: string;
  configFileName?: string;
}

/** The DeepSource app as the stub cluster holds it: the Azure DevOps Services items plus a few others. */
export function deepsourceItems(names: Record<string, string> = CONSOLE_ITEMS): StubItem[] {
  return [
    { name: 'hostname', type: 'text', title: 'Hostname' },
    { name: names['enable']!, type: 'bool', title: 'Azure DevOps Services', default: '0' },
    { name: names['hostDomain']!, type: 'text', title: 'Azure DevOps Services Host Domain', default: 'dev.azure.com' },
    { name: names['authorityHost']!, type: 'text', title: 'Azure DevOps Services Authority Host' },
    { name: names['appId']!, type: 'text', title: 'Azure DevOps Services Application ID' },
    { name: names['clientSecret']!, type: 'password', title: 'Azure DevOps Services Application Client Secret' },
    { name: names['webhookSecret']!, type: 'password', title: 'Azure DevOps Services Webhook Secret' },
  ];
}

export interface HostRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface ConsoleHost {
  root: string;
  hostDir: string;
  tmpfs: string;
  /** Runs `bash apply.sh ARGS < input` on the host, in `root`, with the stubs first on PATH. */
  run: (script: string, input: Buffer, options?: { args?: string[]; env?: Record<string, string> }) => HostRun;
  /** The stub commands' recorded calls, in order (kubectl argv; the EC binary as ['APP', ...argv]). */
  calls: () => string[][];
  state: () => StubState;
  /** Every file left under the work folder stand-in and the host folder that holds one of `needles`. */
  filesHolding: (needles: string[]) => string[];
  /** Entries left in the work folder stand-in (the script's work folder must be gone after every run). */
  workLeft: () => string[];
}

const here = __dirname;

export function makeConsoleHost(root: string, options: { items?: StubItem[]; app?: string; namespace?: string; state?: Partial<StubState> } = {}): ConsoleHost {
  const hostDir = path.join(root, 'etc-ads-setup');
  const tmpfs = path.join(root, 'shm');
  const bin = path.join(root, 'bin');
  const stubDir = path.join(root, 'cluster');
  for (const dir of [tmpfs, bin, stubDir]) mkdirSync(dir, { recursive: true });
  const state: StubState = {
    app: options.app ?? 'deepsource',
    namespace: options.namespace ?? 'deepsource-application',
    items: options.items ?? deepsourceItems(),
    values: {},
    sequence: 1,
    versions: [],
    ...options.state,
  };
  writeFileSync(path.join(stubDir, 'state.json'), JSON.stringify(state, null, 2));
  writeFileSync(path.join(stubDir, 'calls.jsonl'), '');
  for (const [name, stub] of [
    ['kubectl', 'stub-kubectl.mjs'],
    [state.app, 'stub-ec.mjs'],
  ] as const) {
    const file = path.join(bin, name);
    writeFileSync(file, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(here, stub))} "$@"\n`);
    chmodSync(file, 0o755);
  }

  const walk = (dir: string): string[] => {
    const found: string[] = [];
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return found;
    }
    for (const name of entries) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) found.push(...walk(full));
      else found.push(full);
    }
    return found;
  };

  return {
    root,
    hostDir,
    tmpfs,
    run: (script, input, runOptions = {}) => {
      const file = path.join(root, 'apply.sh');
      writeFileSync(file, script);
      const result = spawnSync('bash', [file, ...(runOptions.args ?? [])], {
        cwd: root,
        input,
        encoding: 'utf8',
        env: {
          PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
          HOME: root,
          ADS_SETUP_HOST_DIR: hostDir,
          ADS_SETUP_TMPFS: tmpfs,
          STUB_KOTS_DIR: stubDir,
          ...runOptions.env,
        },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    calls: () =>
      readFileSync(path.join(stubDir, 'calls.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
    state: () => JSON.parse(readFileSync(path.join(stubDir, 'state.json'), 'utf8')) as StubState,
    filesHolding: (needles) => [...walk(tmpfs), ...walk(hostDir), ...walk(bin)].filter((file) => needles.some((needle) => readFileSync(file).includes(needle))),
    workLeft: () => readdirSync(tmpfs),
  };
}

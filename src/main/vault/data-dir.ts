import os from 'node:os';
import path from 'node:path';

/** The folder Electron's `app.getPath('userData')` gives the app, computed without Electron for the CLI. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const product = 'ADS Setup Assistant';
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', product);
    case 'win32':
      return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), product);
    default:
      return path.join(env['XDG_CONFIG_HOME'] || path.join(home, '.config'), product);
  }
}

/** `--data-dir` wins, then ADS_SETUP_DATA_DIR, then the app's own folder (so the CLI and the app share profiles). */
export function resolveDataDir(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return path.resolve(flag ?? env['ADS_SETUP_DATA_DIR'] ?? defaultDataDir(env));
}

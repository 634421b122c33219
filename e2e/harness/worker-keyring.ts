import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Gives this Playwright worker a Secret Service of its own: a throwaway D-Bus session with an unlocked gnome-keyring,
 * as scripts/with-keyring.sh makes for a whole run. The built app in --demo mode always uses the one keychain service
 * `ads-setup-assistant-demo` (and clears it on start), so two workers booting the demo on one keyring would clear
 * each other's secrets; on a keyring each, the demo specs run side by side. Everything the worker starts (Chromium,
 * the app on the stand-in, the CLI) inherits the worker's session bus, as it inherited the run's before.
 *
 * The session lives as long as the worker: the helper holds the worker's end of a pipe and ends the session (and with
 * it the keyring daemon) when that pipe closes, also when the worker is killed. Called from playwright.config.ts,
 * which every worker loads before its first test; the runner process (no TEST_WORKER_INDEX) keeps the run's keyring.
 */
export function ownKeyringPerWorker(): void {
  if (process.env['TEST_WORKER_INDEX'] === undefined || !hasThrowawayKeyring()) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-worker-keyring-'));
  for (const sub of ['data', 'run', 'cache']) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
  const addressFile = path.join(dir, 'address');
  // Prints the bus address only once the keyring answers; then waits on standard input (the worker's pipe).
  const script = 'printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null && printf %s "$DBUS_SESSION_BUS_ADDRESS" > "$1.tmp" && mv "$1.tmp" "$1"; exec cat >/dev/null';
  const session = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'sh', addressFile], {
    env: { ...process.env, XDG_DATA_HOME: path.join(dir, 'data'), XDG_RUNTIME_DIR: path.join(dir, 'run'), XDG_CACHE_HOME: path.join(dir, 'cache') },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  session.on('error', () => undefined); // a failed start is reported by the wait below
  session.unref();
  (session.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  process.once('exit', () => {
    session.stdin?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  // The config is loaded synchronously, so wait here (a few hundred milliseconds) for the session to be ready.
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      process.env['DBUS_SESSION_BUS_ADDRESS'] = readFileSync(addressFile, 'utf8');
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('worker keyring: the throwaway D-Bus session with gnome-keyring did not start (are dbus and gnome-keyring installed?)');
      Atomics.wait(sleep, 0, 0, 25);
    }
  }
}

/** Linux with the test packages (dbus, gnome-keyring); elsewhere (the app workflow on macOS and Windows) the OS keychain stays. */
function hasThrowawayKeyring(): boolean {
  if (process.platform !== 'linux') return false;
  return spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0;
}

#!/usr/bin/env node
// `npm start`, `npm run demo`, `npm run dev`: make sure the Electron binary is there, then run electron-vite.
//
// Since Electron 41 the `electron` package has no install script: the binary comes from its `install-electron` bin
// (or lazily on the first require). electron-vite 6 reads node_modules/electron/path.txt and stops with
// "Error: Electron uninstall" when it is missing, and it ignores ELECTRON_OVERRIDE_DIST_PATH. So this script runs
// Electron's own installer when needed, hands electron-vite the binary through ELECTRON_EXEC_PATH, and when the
// download cannot be reached stops within seconds with one message that says what to do.
//
//   node scripts/electron-app.mjs preview [-- app args]   build and start the app (npm start)
//   node scripts/electron-app.mjs dev [-- app args]       dev server with hot reload (npm run dev)
//   node scripts/electron-app.mjs check                   only make sure the binary is there; prints its path
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
const env = process.env;

/** Seconds to wait for the installer when the download host did not answer (a closed network drops, not refuses). */
const unreachableWaitSeconds = Number(env.ADS_SETUP_ELECTRON_WAIT_SECONDS || 15);
const probeSeconds = Math.min(8, unreachableWaitSeconds);

function platformBinary(platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** Where the binary is (or would be), the way the electron package itself resolves it. */
function binaryPath() {
  const relative = existsSync(path.join(electronDir, 'path.txt')) ? readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim() : platformBinary();
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative);
  return path.join(electronDir, 'dist', relative);
}

function installedBinary() {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : null;
  const binary = binaryPath();
  if (!existsSync(binary)) return null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return binary;
  // A dist from another Electron version would start the wrong runtime.
  const version = path.join(electronDir, 'dist', 'version');
  return existsSync(version) && readFileSync(version, 'utf8').trim().replace(/^v/, '') === electronVersion ? binary : null;
}

function downloadHost() {
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/';
  try {
    return new URL(mirror).origin;
  } catch {
    return mirror;
  }
}

/** Does the download host answer at all? Any HTTP answer counts; only silence or a refusal does not. */
async function probe(host) {
  if (env.ELECTRON_GET_USE_PROXY || env.HTTPS_PROXY || env.https_proxy || env.GLOBAL_AGENT_HTTPS_PROXY) return { reachable: true };
  try {
    await fetch(host, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(probeSeconds * 1000) });
    return { reachable: true };
  } catch (error) {
    const code = error?.name === 'TimeoutError' ? 'TIMEOUT' : error?.cause?.code;
    const words = {
      TIMEOUT: `no answer within ${probeSeconds} s`,
      ENOTFOUND: 'its host name does not resolve (no DNS)',
      EAI_AGAIN: 'its host name does not resolve (no DNS)',
      ECONNREFUSED: 'the connection was refused',
      ECONNRESET: 'the connection was reset',
      ETIMEDOUT: 'the connection timed out',
      ENETUNREACH: 'the network is unreachable',
      EHOSTUNREACH: 'the host is unreachable',
    };
    return { reachable: false, reason: words[code] ?? (code ? `the connection failed (${code})` : 'the connection failed') };
  }
}

/** `problem`: what went wrong after "not installed", as a sentence. */
function explain(problem) {
  const lines = [
    '',
    `ADS Setup Assistant cannot start: the Electron ${electronVersion} binary is not installed.`,
    problem,
    '',
    'Ways on:',
    `  - Download through a mirror you can reach:   ELECTRON_MIRROR=https://your-mirror/electron/ npm start`,
    `  - Use an Electron ${electronVersion} you unpacked yourself: ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-folder npm start`,
    '    (the folder that holds the electron executable, or Electron.app on macOS)',
    '  - Or, once online, fetch it with Electron\'s own installer:  npx install-electron',
    '',
    '`npm test` needs no Electron binary: it runs the app shell on a typed stand-in of Electron in real Chromium.',
    '',
  ];
  process.stderr.write(lines.join('\n'));
}

function downloadFailed(reason) {
  return `It is looked for at ${binaryPath()}, and its download from ${downloadHost()} failed: ${reason}.`;
}

async function ensureElectron() {
  const existing = installedBinary();
  if (existing) return existing;
  if (env.ELECTRON_OVERRIDE_DIST_PATH || env.ELECTRON_EXEC_PATH) {
    const variable = env.ELECTRON_EXEC_PATH ? 'ELECTRON_EXEC_PATH' : 'ELECTRON_OVERRIDE_DIST_PATH';
    explain(`${variable} points at no executable: ${env.ELECTRON_EXEC_PATH || binaryPath()} does not exist.`);
    return null;
  }
  process.stderr.write(`Electron ${electronVersion} is not installed yet: downloading it from ${downloadHost()} with install-electron (about 100 MB)…\n`);
  const installer = spawn(process.execPath, [path.join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], env });
  let stderr = '';
  installer.stderr.on('data', (chunk) => (stderr += chunk));
  const finished = new Promise((resolve) => installer.on('close', (code) => resolve(code)));
  const reachability = probe(downloadHost());
  const stopped = new Promise((resolve) => {
    // Only when the host is silent: a reachable host may take minutes for 100 MB, and a cached zip needs no network.
    void reachability.then((answer) => {
      if (answer.reachable) return;
      setTimeout(() => resolve(answer.reason), Math.max(0, unreachableWaitSeconds * 1000 - probeSeconds * 1000)).unref();
    });
  });
  const outcome = await Promise.race([finished.then((code) => ({ code })), stopped.then((reason) => ({ reason }))]);
  if ('reason' in outcome) {
    installer.kill();
    explain(downloadFailed(outcome.reason));
    return null;
  }
  const binary = installedBinary();
  if (outcome.code === 0 && binary) return binary;
  const answer = await reachability;
  const lastLine = stderr.trim().split('\n').find((line) => /error/i.test(line)) ?? stderr.trim().split('\n')[0] ?? `install-electron exited with ${outcome.code}`;
  explain(downloadFailed(answer.reachable ? `install-electron said: ${lastLine.trim()}` : answer.reason));
  return null;
}

const [mode = 'preview', ...rest] = process.argv.slice(2);
if (!['preview', 'dev', 'check'].includes(mode)) {
  process.stderr.write(`usage: node scripts/electron-app.mjs preview|dev|check [-- app arguments]\n`);
  process.exit(64);
}
const binary = await ensureElectron();
if (!binary) process.exit(1);
if (mode === 'check') {
  process.stdout.write(`${binary}\n`);
  process.exit(0);
}
const appArgs = rest[0] === '--' ? rest.slice(1) : rest;
const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [electronVite, mode, ...(appArgs.length > 0 ? ['--', ...appArgs] : [])], {
  stdio: 'inherit',
  env: { ...env, ELECTRON_EXEC_PATH: binary },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

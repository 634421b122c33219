import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const launcher = path.join(root, 'scripts', 'electron-app.mjs');
const pathTxt = path.join(root, 'node_modules', 'electron', 'path.txt');
const temp = mkdtempSync(path.join(os.tmpdir(), 'ads-electron-launcher-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs the launcher as `npm start` would, with a clean Electron environment plus `env`. */
function launch(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^ELECTRON_|_PROXY$|^electron_/i.test(key)));
  const child = spawn(process.execPath, [launcher, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function expectTheOneMessage(stderr: string): void {
  expect(stderr).toContain('ADS Setup Assistant cannot start: the Electron 45.5.0 binary is not installed.');
  expect(stderr).toContain('ELECTRON_MIRROR=');
  expect(stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
  expect(stderr).toContain('`npm test` needs no Electron binary');
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

// This machine cannot reach GitHub, like CI: these runs exercise the real install-electron against loopback hosts.
describe.skipIf(existsSync(pathTxt))('npm start without a reachable Electron download', () => {
  it('stops with one clear message when the download host refuses', async () => {
    const port = await closedPort();
    const run = await launch(['check'], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(run.code).toBe(1);
    expectTheOneMessage(run.stderr);
    expect(run.stderr).toContain(`download from http://127.0.0.1:${port} failed: the connection was refused`);
    expect(existsSync(pathTxt)).toBe(false);
  });

  it('does not hang when the download host accepts and never answers (a closed network drops packets)', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const run = await launch(['check'], { ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, ADS_SETUP_ELECTRON_WAIT_SECONDS: '2' });
      expect(run.code).toBe(1);
      expectTheOneMessage(run.stderr);
      expect(run.stderr).toContain('failed: no answer within 2 s');
    } finally {
      silent.close();
    }
  });
});

describe('npm start with an unpacked Electron', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH without downloading anything', async () => {
    const dist = mkdtempSync(path.join(temp, 'dist-'));
    const binary = path.join(dist, process.platform === 'win32' ? 'electron.exe' : 'electron');
    writeFileSync(binary, '#!/bin/sh\nexit 0\n');
    chmodSync(binary, 0o755);
    const run = await launch(['check'], { ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_MIRROR: 'http://127.0.0.1:1/' });
    expect(run).toMatchObject({ code: 0, stdout: `${binary}\n` });
  });

  it('says so when ELECTRON_OVERRIDE_DIST_PATH holds no executable', async () => {
    const run = await launch(['check'], { ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(path.join(temp, 'empty-')) });
    expect(run.code).toBe(1);
    expectTheOneMessage(run.stderr);
    expect(run.stderr).toContain('points at no executable');
  });

  it('refuses an unknown mode with a usage line', async () => {
    expect(await launch(['serve'], {})).toMatchObject({ code: 64, stderr: expect.stringContaining('usage:') });
  });
});

// A start that cannot compose (here: demo mode without a keychain) must say why in an error dialog and exit 1, not
// leave a process without a window. A file of its own: vitest runs it in a fresh process whose D-Bus session is
// gone before keytar first connects (libsecret keeps the first connection for the life of the process).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumExecutable, chromiumFlags } from '../../src/main/registration/chromium/launch';
import { startElectronStandIn } from '.';

const repoRoot = path.resolve(__dirname, '../..');
const builtMain = path.join(repoRoot, 'out', 'main', 'index.js');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; productName: string };
let browser: Browser;
let userDataDir: string;

beforeAll(async () => {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run \`npm run build\` first.`);
  delete process.env['DBUS_SESSION_BUS_ADDRESS'];
  delete process.env['DISPLAY'];
  browser = await chromium.launch({ executablePath: chromiumExecutable(process.env), args: chromiumFlags });
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-boot-failure-'));
});

afterAll(async () => {
  await browser?.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

describe('a start that fails', () => {
  it('shows an error dialog with the remedy and exits 1, with no window left behind', async () => {
    const electron = startElectronStandIn(browser, { userDataDir, name: pkg.productName, version: pkg.version, argv: ['electron', repoRoot, '--demo'] });
    try {
      await electron.boot(builtMain);
      expect(await electron.exited).toBe(1);
      expect(electron.windows()).toEqual([]);
      const [shown, ...more] = electron.dialog.shown;
      expect(more).toEqual([]);
      expect(shown).toMatchObject({ kind: 'error', options: { title: 'ADS Setup Assistant could not start' } });
      const content = String(shown!.options['content']);
      expect(content).toMatch(/keychain/i);
      expect(content.split('\n\n')).toHaveLength(2); // the problem, then what to do about it
    } finally {
      await electron.shutdown();
    }
  });
});

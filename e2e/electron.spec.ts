import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { channels } from '../src/shared/channels';

const repoRoot = path.resolve(__dirname, '..');

/**
 * Where the real Electron binary would be. We look without `require('electron')`, which would try to download it.
 * Returns the reason it is unusable instead of a path when it cannot run.
 */
function findElectron(): { binary: string } | { reason: string } {
  const pkgDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { reason: `no Electron binary: ${pathFile} is missing (the binary download from GitHub failed or never ran)` };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(pkgDir, 'dist');
  const binary = path.join(distDir, relative);
  if (!existsSync(binary)) return { reason: `no Electron binary at ${binary}` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { reason: 'no display: run under xvfb-run' };
  }
  return { binary };
}

const found = findElectron();
const skipReason = 'reason' in found ? found.reason : '';
if (skipReason) console.log(`[electron e2e] skipped: ${skipReason}`);

test.describe('the real Electron app', () => {
  test.skip(Boolean(skipReason), skipReason);

  test('starts with the security baseline and answers over real IPC', async () => {
    if (!('binary' in found)) return;
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await electron.launch({
      executablePath: found.binary,
      args: [...rootArgs, path.join(repoRoot, 'out', 'main', 'index.js')],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    try {
      const appWindow = await app.firstWindow();
      await expect(appWindow.getByRole('heading', { name: 'ADS Setup Assistant' })).toBeVisible();
      expect(new URL(appWindow.url()).origin).toBe('app://ads-setup');

      // Sandbox + context isolation, seen from the page: only the contract functions, no Node, no Electron.
      const isolated = await appWindow.evaluate(() => ({
        api: Object.keys(window.ads).sort(),
        node: typeof (globalThis as { process?: unknown }).process,
        require: typeof (globalThis as { require?: unknown }).require,
      }));
      expect(isolated).toEqual({ api: [...channels].sort(), node: 'undefined', require: 'undefined' });

      await appWindow.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
      const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      await expect(appWindow.getByTestId('app-version')).toHaveText(version);
      await expect(appWindow.getByText(/Electron \d+/)).toBeVisible();

      const popupBlocked = await appWindow.evaluate(() => window.open('https://example.com') === null);
      expect(popupBlocked).toBe(true);
      await appWindow.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await appWindow.waitForTimeout(500);
      expect(new URL(appWindow.url()).origin).toBe('app://ads-setup');
    } finally {
      await app.close();
    }
  });
});

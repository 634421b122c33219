import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { channels } from '../src/shared/channels';
import { demoAdoToDeployed, demoEntraToDeployed, demoExportBundle, expectDemoBanner, type DemoHost } from './harness/demo-steps';

/**
 * The real app on the real Electron binary: real IPC, real WebContentsView, real app:// protocol, Electron's own
 * BoringSSL. It runs where the binary exists — the `app` workflow (.github/workflows/app.yml) on Linux (xvfb),
 * macOS and Windows — and says why it skipped where it does not (this project's own machines cannot download it).
 * The demo wizard steps are the ones the stand-in e2e runs (e2e/harness/demo-steps.ts).
 */
const repoRoot = path.resolve(__dirname, '..');
const shots = path.join(repoRoot, 'test-results', 'electron-screenshots');

/** Where the Electron binary is, looked up without `require('electron')` (which would try to download it). */
function findElectron(): { binary: string } | { reason: string } {
  if (process.env['ELECTRON_EXEC_PATH']) {
    return existsSync(process.env['ELECTRON_EXEC_PATH']) ? { binary: process.env['ELECTRON_EXEC_PATH'] } : { reason: `ELECTRON_EXEC_PATH points at nothing` };
  }
  const pkgDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(pkgDir, 'dist');
  if (!existsSync(pathFile) && !process.env['ELECTRON_OVERRIDE_DIST_PATH']) {
    return { reason: `no Electron binary: ${pathFile} is missing (run npx install-electron where GitHub is reachable)` };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const binary = path.join(distDir, relative);
  if (!existsSync(binary)) return { reason: `no Electron binary at ${binary}` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return { reason: 'no display: run under xvfb-run' };
  return { binary };
}

const found = findElectron();
const skipReason = 'reason' in found ? found.reason : '';
if (skipReason) console.log(`[electron e2e] skipped: ${skipReason}`);

async function launch(args: string[] = []): Promise<{ app: ElectronApplication; window: Page }> {
  if (!('binary' in found)) throw new Error(skipReason);
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await electron.launch({
    executablePath: found.binary,
    args: [...rootArgs, path.join(repoRoot, 'out', 'main', 'index.js'), ...args],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'ADS Setup Assistant' })).toBeVisible();
  return { app, window };
}

/** The WebContentsView of the newest registration: Playwright lists views among the app's windows. */
async function registrationView(app: ElectronApplication): Promise<Page> {
  await expect.poll(() => app.windows().some((page) => page.url().startsWith('https://')), { timeout: 20_000 }).toBe(true);
  return app.windows().filter((page) => page.url().startsWith('https://')).at(-1)!;
}

test.describe('the real Electron app', () => {
  test.skip(Boolean(skipReason), skipReason);
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(() => mkdirSync(shots, { recursive: true }));

  test('starts with the security baseline and answers every channel over real IPC', async () => {
    const { app, window: appWindow } = await launch();
    try {
      expect(await appWindow.evaluate(() => location.origin)).toBe('app://ads-setup');
      const isolated = await appWindow.evaluate(() => ({
        api: Object.keys(window.ads).sort(),
        node: typeof (globalThis as { process?: unknown }).process,
        require: typeof (globalThis as { require?: unknown }).require,
      }));
      expect(isolated).toEqual({ api: [...channels].sort(), node: 'undefined', require: 'undefined' });
      const codes = await appWindow.evaluate(async (names) => {
        const api = window.ads as unknown as Record<string, (payload: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>;
        const out: string[] = [];
        for (const name of names) {
          const answer = await api[name]!({});
          out.push(answer.ok ? 'ok' : answer.error!.code);
        }
        return out;
      }, [...channels]);
      expect(codes).not.toContain('UNTRUSTED_SENDER');
      console.log(`real Electron: ${codes.length}/${channels.length} channels answered through IPC`);

      // Electron's own crypto: BoringSSL, without BLAKE2 — the app must not need it.
      const hashes = await app.evaluate(() => (process.mainModule?.require('node:crypto') as typeof import('node:crypto')).getHashes());
      expect(hashes).not.toContain('blake2b512');

      await appWindow.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
      const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      await expect(appWindow.getByTestId('app-version')).toHaveText(version);
      await expect(appWindow.getByText(/Electron \d+/)).toBeVisible();
      await appWindow.screenshot({ path: path.join(shots, 'settings.png'), fullPage: true });

      expect(await appWindow.evaluate(() => window.open('https://example.com') === null)).toBe(true);
      const stayed = appWindow.waitForEvent('framenavigated', { timeout: 2_000 }).then(
        () => false,
        () => true,
      );
      await appWindow.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      expect(await stayed).toBe(true);
      expect(await appWindow.evaluate(() => location.origin)).toBe('app://ads-setup');
    } finally {
      await app.close();
    }
  });

  test('the demo wizard: ADO to deployed, then a signed bundle checked with stock tools', async () => {
    test.setTimeout(240_000);
    const work = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-electron-'));
    const { app, window: appWindow } = await launch(['--demo']);
    const host = (): DemoHost => ({
      page: appWindow,
      azure: () => registrationView(app),
      screenshot: async (name) => void (await appWindow.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true })),
    });
    try {
      const password = await expectDemoBanner(appWindow);
      await demoAdoToDeployed(host(), password);

      const tar = path.join(work, 'bundle.tar');
      // The native save dialog, answered in the main process the way the admin would answer it.
      await app.evaluate(({ dialog }, filePath) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
      }, tar);
      const ageKey = path.join(work, 'host.agekey');
      const recipient = hasTool('age-keygen') ? ageRecipient(ageKey) : 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
      await demoExportBundle(host(), recipient);
      expect(existsSync(tar)).toBe(true);
      if (hasTool('tar') && hasTool('sha256sum')) {
        execFileSync('tar', ['-xf', tar], { cwd: work });
        const folder = path.join(work, readdirSync(work).find((entry) => entry.startsWith('ads-bundle-'))!);
        execFileSync('sha256sum', ['-c', '--strict', 'MANIFEST'], { cwd: folder });
        if (hasTool('age')) expect(execFileSync('age', ['-d', '-i', ageKey, 'secrets.configvalues.yaml.age'], { cwd: folder, encoding: 'utf8' })).toContain('ads_client_secret');
      }
    } finally {
      await app.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('the demo wizard: Entra to deployed (the secrets blade is an iframe on another origin)', async () => {
    test.setTimeout(180_000);
    const { app, window: appWindow } = await launch(['--demo']);
    try {
      const password = await expectDemoBanner(appWindow);
      await demoEntraToDeployed(
        {
          page: appWindow,
          azure: () => registrationView(app),
          screenshot: async (name) => void (await appWindow.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true })),
        },
        password,
      );
    } finally {
      await app.close();
    }
  });
});

function hasTool(name: string): boolean {
  try {
    execFileSync(process.platform === 'win32' ? 'where' : 'which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ageRecipient(keyFile: string): string {
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
  return execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import keytar from 'keytar';
import { bootApp, repoRoot, type ShellApp } from '../harness/app-shell';
import { demoAdoToDeployed, demoEntraGraphToDeployed, demoEntraToDeployed, demoExportBundle, expectDemoBanner, type DemoHost } from '../harness/demo-steps';

/**
 * `npm run demo`, through the app's own shell: the built main script boots on the Electron stand-in with --demo, so
 * the replica Azure site and the KOTS double run inside it, the registration view is a WebContentsView whose
 * session's certificate verify proc accepts exactly the demo's certificate, and the console push goes through
 * Electron's ses.fetch with the console's pinned certificate. The demo keychain service is the real one on the
 * throwaway gnome-keyring, so these tests run one at a time.
 */
test.describe.configure({ mode: 'serial' });
const shots = path.join(repoRoot, 'test-results', 'screenshots');
let app: ShellApp;
let work: string;

test.beforeEach(async () => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-shell-demo-'));
  app = await bootApp({ args: ['--demo'] });
});

test.afterEach(async () => {
  await app?.close();
  rmSync(work, { recursive: true, force: true });
});

function host(): DemoHost {
  return {
    page: app.page,
    azure: async () => (await app.view()).page,
    screenshot: async (name) => void (await app.page.screenshot({ path: path.join(shots, `shell-${name}.png`), fullPage: true })),
    systemBrowser: () => app.systemBrowser(),
    roundTripView: async (start) => {
      const before = app.electron.views().filter((view) => view.webContents.session.partition.startsWith('signin-')).length;
      await start();
      return (await app.signInView(before + 1)).page;
    },
  };
}

test('demo ADO through the shell: registered in the WebContentsView, saved, pushed, deployed over ses.fetch, signed in', async () => {
  const password = await expectDemoBanner(app.page);
  await demoAdoToDeployed(host(), password);
  // The registration view's session asked its verify proc about the replica's certificate and the shell accepted
  // exactly that one.
  const [registration, ...signInViews] = app.electron.views();
  const asked = registration!.webContents.session.gate.asked;
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.every((request) => request.hostname === '127.0.0.1' && request.errorCode === -202)).toBe(true);
  // The round trip went by the real host names, through the demo's network: DeepSource's, then Azure DevOps' sign-in.
  const roundTrip = signInViews.at(-1)!.webContents.session;
  expect(roundTrip.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(new Set(roundTrip.gate.asked.map((request) => request.hostname))).toEqual(new Set(['deepsource.demo.example', 'app.vssps.visualstudio.com']));
  // Its session was thrown away at the end: its view closed and its storage cleared.
  expect(roundTrip.cleared.storage).toBeGreaterThan(0);
});

test('demo Entra through Graph: an empty tenant → Create the app in Azure → shell.openExternal → one sign-in → stored, proven → deployed', async () => {
  const password = await expectDemoBanner(app.page);
  const info = (await app.page.evaluate(() => window.ads.appInfo({}))) as { ok: true; value: { demoEnvironment: { entra: { loginUrl: string; account: string; password: string } } } };
  const { entra } = info.value.demoEnvironment;
  const actions = await demoEntraGraphToDeployed(host(), password, entra);
  // The shell opened exactly Microsoft's (the double's) authorize address with MSAL's PKCE and form_post.
  expect(app.electron.shell.opened).toHaveLength(1);
  const opened = new URL(app.electron.shell.opened[0]!);
  expect(`${opened.origin}${opened.pathname}`).toBe(`${entra.loginUrl}/organizations/oauth2/v2.0/authorize`);
  expect([opened.searchParams.get('response_mode'), opened.searchParams.get('code_challenge_method')]).toEqual(['form_post', 'S256']);
  expect(actions).toEqual(['type account', 'click Next', 'type password', 'click Sign in', 'click No (stay signed in?)', 'click Accept']);
  // Delivery showed what was made: the values, the checks and the proof.
  await expect(app.page.getByText(/checks passed; the secret is proven\./)).toBeVisible();

  // Rotation through Graph: a new secret on the same app (signed in already: no browser this time), delivered, and
  // the replaced one removed from Azure once the deploy landed.
  const { page } = app;
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Installations', exact: true }).click();
  await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Demo — Microsoft Entra ID' }) }).getByRole('button', { name: 'Rotate client secret' }).click();
  await page.getByRole('button', { name: 'Make a new client secret in Azure' }).click();
  await expect(page.getByRole('heading', { name: 'New client secret saved for Demo — Microsoft Entra ID' })).toBeVisible({ timeout: 30_000 });
  expect(app.electron.shell.opened).toHaveLength(1);
  const panel = page.getByRole('region', { name: 'Admin console' });
  await panel.getByLabel('Console password').fill(password);
  await panel.getByRole('button', { name: 'Show changes' }).click();
  await panel.getByRole('button', { name: 'Save and deploy' }).click();
  await expect(page.getByTestId('console-outcome')).toHaveText(/^Saved as version \d+ and deployed\.$/, { timeout: 30_000 });
  await expect(page.getByTestId('secret-retired')).toContainText('was removed from Azure', { timeout: 30_000 });
  await app.page.screenshot({ path: path.join(shots, 'shell-demo-graph-rotated.png'), fullPage: true });
});

test('demo Entra through the shell: app list → app → Certificates & secrets blade → new secret → deployed', async () => {
  const password = await expectDemoBanner(app.page);
  await demoEntraToDeployed(host(), password);
});

test('demo bundle export through the shell: the native save dialog, then the stock tools check the bundle', async () => {
  const password = await expectDemoBanner(app.page);
  await demoAdoToDeployed(host(), password);
  const hostKey = path.join(work, 'host.agekey');
  execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
  const tar = path.join(work, 'bundle.tar');
  app.electron.dialog.answers.save = tar;
  await demoExportBundle(host(), recipient);
  expect(app.electron.dialog.shown.filter((d) => d.kind === 'save')).toMatchObject([{ modal: true }]);
  execFileSync('tar', ['-xf', tar], { cwd: work });
  const folder = path.join(work, readdirSync(work).find((entry) => entry.startsWith('ads-bundle-'))!);
  execFileSync('sha256sum', ['-c', '--strict', 'MANIFEST'], { cwd: folder });
  const secrets = execFileSync('age', ['-d', '-i', hostKey, 'secrets.configvalues.yaml.age'], { cwd: folder, encoding: 'utf8' });
  expect(secrets).toMatch(/ads_client_secret/);
});

test('the built-in browser sits over its placeholder, follows the window’s size, takes the keyboard by F6 and gives it back, and hides with it', async () => {
  await expectDemoBanner(app.page);
  const { page } = app;
  await page.getByRole('listitem').filter({ hasText: 'Demo — Azure DevOps OAuth' }).getByRole('button', { name: 'Register in Azure' }).click();
  const { view } = await app.view();
  const placeholder = page.getByTestId('browser-view');
  const rect = async () => {
    const box = (await placeholder.boundingBox())!;
    const viewport = page.viewportSize()!;
    const top = Math.max(0, Math.round(box.y));
    const bottom = Math.min(viewport.height, Math.round(box.y + box.height));
    return { x: Math.round(box.x), y: top, width: Math.round(box.width), height: bottom - top };
  };
  await expect.poll(() => view.getVisible()).toBe(true);
  await expect.poll(async () => JSON.stringify(view.getBounds()) === JSON.stringify(await rect())).toBe(true);
  // While Azure is open the page does not scroll (the pane fills the window); a smaller window moves and shrinks
  // the placeholder, and the view with it.
  const before = view.getBounds();
  await page.mouse.wheel(0, 150);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await app.window.setContentSize(900, 600);
  await expect.poll(() => view.getBounds().width).toBeLessThan(before.width);
  await expect.poll(async () => JSON.stringify(view.getBounds()) === JSON.stringify(await rect())).toBe(true);
  const small = view.getBounds();
  expect(small.y + small.height).toBeLessThanOrEqual(600);
  expect(small.x + small.width).toBeLessThanOrEqual(900);
  await app.window.setContentSize(1200, 820);
  // The keyboard moves between the window and Azure's page: the window's button (or F6) into the page, F6 in the
  // page back to the window, where the focus was.
  await page.getByRole('button', { name: 'Into the page (F6)' }).click();
  await expect.poll(() => view.webContents.isFocused()).toBe(true);
  view.webContents.sendInputEvent({ type: 'keyDown', keyCode: 'F6' });
  await expect.poll(() => app.window.webContents.isFocused()).toBe(true);
  await page.keyboard.press('F6');
  await expect.poll(() => view.webContents.isFocused()).toBe(true);
  // Another section: the placeholder goes, and so does the view.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect.poll(() => view.getVisible()).toBe(false);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set up', exact: true }).click();
  await expect.poll(() => view.getVisible()).toBe(true);
});

test('quitting the demo stops its servers and deletes its data folder and keychain entries', async () => {
  await expectDemoBanner(app.page);
  const info = (await app.page.evaluate(() => window.ads.appInfo({}))) as { ok: true; value: { dataDir: string; keychainService: string; demoEnvironment: { consoleUrl: string } } };
  const { dataDir, keychainService, demoEnvironment } = info.value;
  expect(existsSync(dataDir)).toBe(true);
  expect(keychainService).toBe('ads-setup-assistant-demo');
  // The shell holds the quit (will-quit) until the demo has cleaned up, then exits 0.
  expect(await app.electron.quit()).toBe(0);
  expect(existsSync(dataDir)).toBe(false);
  expect(await keytar.findCredentials(keychainService)).toEqual([]);
  // The KOTS double no longer listens (a refused connection, not a certificate complaint).
  const port = Number(new URL(demoEnvironment.consoleUrl).port);
  const refused = await new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
  expect(refused).toBe('ECONNREFUSED');
});

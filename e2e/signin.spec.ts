import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { startFrontDoor, type FrontDoor } from '../src/demo/deepsource-front-door/server';
import { makeThrowawayCertificate, type ThrowawayCertificate } from '../src/main/tls/throwaway-certificate';
import { ChromiumSignInBrowser } from '../src/main/signin/chromium/signin-page';
import { SignInService } from '../src/main/signin/service';
import { chromiumArgs, chromiumPath } from './harness/chromium';
import { goTo, openApp, realBackend, repoRoot, type OpenedApp } from './harness/harness';

/**
 * What the admin sees of the sign-in check, in the built renderer with the real handler table: Installations →
 * "Check sign-in…" against the replica of DeepSource's front door (real HTTPS, real Chromium for the check's
 * browser). Each case deploys its own values: a match, a trailing-slash mismatch (then its one-step fix), a stale
 * App ID right after a deploy, an Entra installation on a DeepSource that still sends users to vssps, and an
 * untrusted certificate.
 */
const HOST = 'deepsource.contoso.example';
const APP_ID = '8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const shots = path.join(repoRoot, 'test-results', 'screenshots');

let certificate: ThrowawayCertificate;
let checkBrowser: ChromiumSignInBrowser;
let frontDoor: FrontDoor;
let app: OpenedApp;
let deployed: { sequence: number; versions: Record<number, Record<string, string>> };

test.beforeAll(async () => {
  certificate = await makeThrowawayCertificate(HOST);
  checkBrowser = new ChromiumSignInBrowser((extraArgs) => chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs] }));
  mkdirSync(shots, { recursive: true });
});
test.afterAll(async () => checkBrowser?.dispose());

async function open(page: Page, options: { pinned?: boolean; authority?: string; restartMs?: number } = {}) {
  deployed = { sequence: 1, versions: { 1: { ads_enabled: '1', ads_app_id: APP_ID, ads_authority: options.authority ?? 'app.vssps.visualstudio.com' } } };
  frontDoor = await startFrontDoor({
    certificate,
    hostname: HOST,
    console: { values: (s) => deployed.versions[s] ?? {}, deployedSequence: () => deployed.sequence },
    items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority' },
    restartMs: options.restartMs ?? 500,
  });
  const backend = realBackend({
    signin: (vault) =>
      new SignInService({
        browser: checkBrowser,
        vault,
        randomId: randomUUID,
        timing: { lookMs: 2_000, retryMs: 500 },
        loginUrlFor: () => frontDoor.loginUrl,
        ...(options.pinned === false ? {} : { trust: { pins: [{ hostname: '127.0.0.1', fingerprint256: certificate.fingerprint }] } }),
      }),
  });
  app = await openApp(page, backend);
  return backend;
}

test.afterEach(async () => {
  await app?.close();
  await frontDoor?.close();
});

async function checkFromInstallations(page: Page, label: string) {
  await goTo(page, 'Installations');
  const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: label }) });
  await row.getByRole('button', { name: 'Check sign-in…' }).click();
  await row.getByRole('button', { name: 'Check the redirect', exact: true }).click();
  return row;
}

test('a match: every check passes, and what DeepSource sent is one click away', async ({ page }) => {
  const backend = await open(page);
  await backend.vault.create({ id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: 'ado-oauth', appId: APP_ID });
  const row = await checkFromInstallations(page, 'Contoso');
  await expect(row.getByTestId('signin-verdict')).toHaveText(/^✓ Redirect checked/, { timeout: 30_000 });
  await expect(row.getByRole('list', { name: 'Sign-in checks' }).locator('.check-ok')).toHaveCount(4);
  await row.getByText('What DeepSource sent').click();
  await expect(row.locator('dd.mono', { hasText: `https://${HOST}/accounts/ads/login/callback/bifrost` })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'signin-match.png'), fullPage: true });
});

test('a trailing-slash mismatch is explained, with the switch of the callback form as one click', async ({ page }) => {
  const backend = await open(page);
  await backend.vault.create({ id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: 'ado-oauth', appId: APP_ID, callbackTrailingSlash: true });
  const row = await checkFromInstallations(page, 'Contoso');
  await expect(row.getByTestId('signin-verdict')).toHaveText('DeepSource sends users to Azure with other values, so sign-in would fail.', { timeout: 30_000 });
  const check = row.getByTestId('check-signin-redirect-uri');
  await expect(check).toContainText('Only the trailing slash differs');
  await expect(check).toContainText('register the app again');
  await page.screenshot({ path: path.join(shots, 'signin-trailing-slash.png'), fullPage: true });
  await check.getByRole('button', { name: 'Switch this installation to the callback without the slash' }).click();
  await expect(check).toContainText('now uses the callback without the trailing slash');
  expect((await backend.vault.get('contoso')).callbackTrailingSlash).toBe(false);
});

test('a stale App ID right after a deploy says the deploy is not live yet', async ({ page }) => {
  const backend = await open(page, { restartMs: 60_000 });
  await backend.vault.create({ id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: 'ado-oauth', appId: '0f0e0d0c-0b0a-4909-8807-060504030201' });
  deploy({ ads_enabled: '1', ads_app_id: '0f0e0d0c-0b0a-4909-8807-060504030201', ads_authority: 'app.vssps.visualstudio.com' });
  const row = await checkFromInstallations(page, 'Contoso');
  await expect(row.getByTestId('check-signin-client-id')).toContainText('the deploy is not live yet', { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'signin-stale.png'), fullPage: true });
});

test('an Entra installation on a DeepSource that still sends users to vssps is told so', async ({ page }) => {
  const backend = await open(page, { authority: 'login.microsoftonline.com' });
  frontDoor.behaviour.entraAware = false;
  await backend.vault.create({ id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: 'entra', appId: APP_ID, tenantId: TENANT });
  const row = await checkFromInstallations(page, 'Contoso');
  await expect(row.getByTestId('check-signin-authority')).toContainText('does not use the Entra app', { timeout: 30_000 });
  await expect(row.getByRole('list', { name: 'Sign-in checks' }).locator('.check-failed')).toHaveCount(1);
  await page.screenshot({ path: path.join(shots, 'signin-entra-on-vssps.png'), fullPage: true });
});

test('an untrusted certificate shows its fingerprint; trusting it checks again and passes', async ({ page }) => {
  const backend = await open(page, { pinned: false });
  await backend.vault.create({ id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: 'ado-oauth', appId: APP_ID });
  const row = await checkFromInstallations(page, 'Contoso');
  await expect(row.getByTestId('signin-fingerprint')).toHaveText(certificate.fingerprint, { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'signin-untrusted.png'), fullPage: true });
  await row.getByRole('button', { name: 'Trust this certificate and check again' }).click();
  await expect(row.getByTestId('signin-verdict')).toHaveText(/^✓ Redirect checked/, { timeout: 30_000 });
});

function deploy(values: Record<string, string>): void {
  deployed.sequence += 1;
  deployed.versions[deployed.sequence] = values;
}

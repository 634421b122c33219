import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startKotsDouble, type KotsDouble } from '../src/demo/kots-console/double';
import { axe } from './harness/a11y';
import { leakScan } from './harness/leak-scan';
import { AZURE, serveReplicas, standardReplicaPages, type Replica } from './harness/azure-replica';
import { goTo, openApp, realBackend, repoRoot, type OpenedApp } from './harness/harness';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';
import { ADO_APP, adoAppView, adoRefused, ENTRA_APP, ENTRA_SECRET, ENTRA_TENANT, entraOverviewWithFrames, entraSecrets } from '../test/fixtures/registration/pages';
import { ChromiumSystemBrowser, startTestEntra } from '../test/entra/double';
import type { EntraGraphDouble } from '../src/demo/entra-graph';
import { entraEndpoints } from '../src/main/entra-graph/clouds';
import { nodeHttpsClient } from '../src/main/entra-graph/https-client';
import { EntraGraphService } from '../src/main/entra-graph/service';

/**
 * The end-to-end proof: from an empty app to a deployed console, in the built renderer (real Chromium) with the
 * real handler table, the real gnome-keyring, replicas of the Azure pages (under their real origins) and the KOTS
 * double over HTTPS, an Entra double proving the Entra secret; then a bundle exported and checked with the real
 * minisign, openssl, sha256sum and age, and a leak scan for the client and webhook secrets. (The admin actions of each
 * path, from a new installation with no app to deployed, are counted in e2e/shell/admin-actions.spec.ts.)
 */
const screenshots = path.join(repoRoot, 'test-results', 'screenshots');
const { register: REGISTER, appView: APP_VIEW, portalStart: PORTAL_START, blade: BLADE } = AZURE;
const CONSOLE_PASSWORD = 'e2e-Console-pw-9';
const HOSTNAME = 'deepsource.contoso.example';

let app: OpenedApp;
let view: Page;
let replica: Replica;
let double: KotsDouble;
let work: string;
let browser: PlaywrightRegistrationBrowser;
let entra: EntraGraphDouble;
let systemBrowser: ChromiumSystemBrowser;

test.beforeEach(async ({ page, context }) => {
  test.setTimeout(120_000);
  view = await context.newPage();
  await view.setViewportSize({ width: 1000, height: 700 });
  replica = await serveReplicas(view, [...standardReplicaPages]);
  double = await startKotsDouble({ tls: true, password: CONSOLE_PASSWORD, deployDelayMs: 300, deepsourceHost: HOSTNAME });
  browser = new PlaywrightRegistrationBrowser(view);
  // Entra's sign-in for the fixture's tenant: its token endpoint knows the portal page's app and secret (the proof).
  entra = await startTestEntra({ tenants: [{ id: ENTRA_TENANT }], externalApps: () => [{ tenantId: ENTRA_TENANT, appId: ENTRA_APP.appId, secretValues: [ENTRA_SECRET] }] });
  systemBrowser = new ChromiumSystemBrowser();
  const endpointsFor = (cloud: 'public' | 'usgov' | 'china') => ({ ...entraEndpoints(cloud), loginUrl: entra.loginUrl, graphUrl: entra.graphUrl });
  app = await openApp(
    page,
    realBackend({
      registrationBrowser: browser,
      registrationTiming: { watchMs: 10_000, prefillMs: 3_000, extractMs: 1_000 },
      entraGraph: (vault) => new EntraGraphService({ vault, http: nodeHttpsClient(), browser: systemBrowser, randomId: randomUUID, endpointsFor }),
    }),
  );
  work = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-wizard-'));
  mkdirSync(screenshots, { recursive: true });
});

test.afterEach(async () => {
  app.backend.console.close();
  await app.close();
  await replica.close();
  await double.close();
  await systemBrowser.close();
  await entra.close();
  rmSync(work, { recursive: true, force: true });
});

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshots, `${name}-light.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(screenshots, `${name}-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The wizard's current step in the stepper. */
const currentStep = (page: Page) => page.getByRole('list', { name: 'Setup steps' }).locator('[aria-current="step"]');

/** Fills and submits the installation form (not counted: for the tests that do not count admin actions). */
async function createInstallation(page: Page, options: { console?: { url: string; password: string }; legacy?: boolean } = {}) {
  const form = page.getByRole('form', { name: 'New installation' });
  await form.getByLabel('DeepSource host name').fill(HOSTNAME);
  await form.getByLabel('Organization').fill('Contoso');
  if (options.console) {
    await form.getByLabel('Admin console address (optional)').fill(options.console.url);
    await form.getByLabel('Admin console password (optional)').fill(options.console.password);
  }
  if (options.legacy) await form.getByLabel('Azure DevOps OAuth app (registered before April 2025)').click();
  await form.getByRole('button', { name: 'Create installation' }).click();
}

/**
 * The installation step: host, organization, console address and password (the password is not counted), the kind
 * of app; the console is then checked before Azure and its self-signed certificate confirmed once.
 */
async function setUpAndPush(page: Page, provider: 'ado-oauth' | 'entra', name: string) {
  await expect(page.getByTestId('wizard')).toBeVisible();
  const form = page.getByRole('form', { name: 'New installation' });
  await form.getByLabel('DeepSource host name').fill(HOSTNAME);
  await form.getByLabel('Organization').fill('Contoso');
  await form.getByLabel('Admin console address (optional)').fill(double.url);
  await form.getByLabel('Admin console password (optional)').fill(CONSOLE_PASSWORD);
  // Entra is the default for new installations; the legacy app is one click away.
  if (provider === 'ado-oauth') await form.getByLabel('Azure DevOps OAuth app (registered before April 2025)').click();
  await shoot(page, `wizard-${name}-1-installation`);
  await form.getByRole('button', { name: 'Create installation' }).click();
  const connect = page.getByRole('region', { name: /^Admin console for / });
  await expect(connect.getByTestId('console-fingerprint')).toHaveText(double.fingerprint as string);
  expect(double.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  await shoot(page, `wizard-${name}-1b-console-certificate`);
  await connect.getByRole('button', { name: 'Trust and continue' }).click();
  await expect(currentStep(page)).toHaveText(/Register in Azure/);
  // Logged in, app and fields found; nothing written to the console yet.
  expect(double.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual(['/api/v1/login']);
}

/** Every value found and checked: saved to the keychain without a click, then shown again (masked) at delivery. */
async function savedAutomatically(page: Page, name: string) {
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Setup steps' }).locator('.stepper-done')).toHaveCount(3);
  // No failed check; the passed ones fold into one line ("N checks passed"), the list one click away.
  await expect(page.getByRole('list', { name: 'Checks', exact: true })).toHaveCount(0);
  const checks = await page.getByRole('list', { name: 'Passed checks', includeHidden: true }).first().getByRole('listitem', { includeHidden: true }).all();
  expect(checks.length).toBeGreaterThan(3);
  for (const check of checks) await expect(check).toHaveClass(/check-ok/);
  await expect(page.getByRole('heading', { name: /Deliver to DeepSource/ })).toBeVisible();
  await shoot(page, `wizard-${name}-3-saved`);
}

/** The console session from the installation step reads the masked diff at once; one click saves and deploys. */
async function push(page: Page, name: string) {
  const panel = page.getByRole('region', { name: 'Admin console' });
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible();
  // Connected before Azure: no address or password to give again.
  await expect(panel.getByLabel('Console password')).toHaveCount(0);
  await expect(panel).toContainText(`for the DeepSource app at ${double.url}`);
  await shoot(page, `wizard-${name}-4-deliver-plan`);
  await panel.getByRole('button', { name: 'Save and deploy' }).click();
  await expect(page.getByTestId('console-outcome')).toHaveText('Saved as version 2 and deployed.', { timeout: 20_000 });
  const done = page.getByTestId('done');
  await expect(done).toBeVisible();
  // The ending: the level of proof so far (the values' checks ran here and passed), then only what comes next.
  await expect(done.getByTestId('proof-values-checked')).toContainText('✓ Values checked');
  await expect(page.getByText('How does this computer reach the admin console?')).toHaveCount(0);
  await shoot(page, `wizard-${name}-5-deployed`);
  expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(1);
}

/**
 * From the push's done card to another delivery of the same saved values, as a bundle; it ends on the bundle's own
 * done card. The bundle is then checked with the stock tools; returns the unpacked folder.
 */
async function exportAndVerify(page: Page, profileId: string, name: string) {
  await page.getByRole('button', { name: 'Set up another installation' }).click();
  await page.getByRole('button', { name: /^Deliver saved values: / }).click();
  await page.getByLabel('Export a signed bundle (air-gapped)').check();
  const hostKey = path.join(work, 'host.agekey');
  execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
  await page.getByLabel('Console host’s age public key').fill(recipient);
  const tar = path.join(work, 'bundle.tar');
  app.backend.dialog.save = tar;
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  await expect(page.getByTestId('export-result')).toContainText('Saved bundle.tar');
  const done = page.getByTestId('done');
  await expect(done.getByRole('heading', { name: 'Bundle written: apply it on the console host' })).toBeVisible();
  await expect(done.getByTestId('host-commands')).toContainText('sudo bash apply.sh < bundle.tar');
  await expect(done.getByRole('button', { name: 'Check the redirect' })).toBeVisible();
  // Saved values delivered again: their checks did not run in this wizard, so no level is shown for them.
  await expect(done.getByTestId('proof')).toHaveCount(0);
  await expect(page.getByText('How does this computer reach the admin console?')).toHaveCount(0);
  await shoot(page, `wizard-${name}-7-exported`);

  const pub = path.join(work, 'signing.pub');
  const pem = path.join(work, 'signing.pem');
  const { BundleService } = await import('../src/main/bundle/bundle-service');
  const service = new BundleService({ vault: app.backend.vault, secrets: app.backend.secrets });
  const key = await service.signingKey();
  if (!key) throw new Error('no signing key after export');
  writeFileSync(pub, key.minisign);
  writeFileSync(pem, key.pem);
  execFileSync('tar', ['-xf', tar], { cwd: work });
  const folder = path.join(work, readdirSync(work).find((entry) => entry.startsWith('ads-bundle-')) as string);
  expect(execFileSync('minisign', ['-Vm', 'MANIFEST', '-p', pub], { cwd: folder, encoding: 'utf8' })).toContain('Trusted comment:');
  expect(execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', 'MANIFEST', '-sigfile', 'MANIFEST.sig'], { cwd: folder, encoding: 'utf8' })).toContain('Signature Verified Successfully');
  execFileSync('sha256sum', ['-c', '--strict', 'MANIFEST'], { cwd: folder });
  const secrets = execFileSync('age', ['-d', '-i', hostKey, 'secrets.configvalues.yaml.age'], { cwd: folder, encoding: 'utf8' });
  const clientSecret = await app.backend.vault.readSecret(profileId, 'client-secret');
  const webhookSecret = await app.backend.vault.readSecret(profileId, 'webhook-secret');
  expect(secrets).toContain(clientSecret);
  expect(secrets).toContain(webhookSecret);
  return folder;
}

test('ADO: empty app → registered, saved, pushed, deployed; bundle verified by stock tools; no leaks', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await setUpAndPush(page, 'ado-oauth', 'ado');
  await expect(page.getByTestId('prefill')).toContainText(`Authorization callback URL: https://${HOSTNAME}/accounts/ads/login/callback/bifrost`);
  await shoot(page, 'wizard-ado-2-register');
  // The admin checks the prefilled form and presses Azure's own "Create application"; Azure shows the app page.
  await view.goto(APP_VIEW);
  await savedAutomatically(page, 'ado');
  const profileId = 'deepsource-contoso-example';
  expect(await app.backend.vault.readSecret(profileId, 'client-secret')).toHaveLength(758);
  await push(page, 'ado');
  expect(double.decryptedValues('deepsource', 2)).toMatchObject({
    ads_client_secret: await app.backend.vault.readSecret(profileId, 'client-secret'),
    ads_webhook_secret: await app.backend.vault.readSecret(profileId, 'webhook-secret'),
  });

  const folder = await exportAndVerify(page, profileId, 'ado');
  const scanned = await leakScan(app.backend, page, profileId, folder);
  expect(scanned).toHaveLength(6);
});

test('Entra in the portal: an existing app → a new secret read, saved, proven, pushed, deployed; bundle verified by stock tools; no leaks', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await setUpAndPush(page, 'entra', 'entra');
  // Create the app in Azure (Graph) is offered first; this one exists already, so the admin takes the portal.
  await expect(page.getByRole('button', { name: 'Create the app in Azure' })).toBeVisible();
  await page.getByRole('button', { name: 'Use the Azure portal instead' }).click();
  // The portal opens on App registrations: the admin opens the app (a new one would be registered here instead).
  await view.getByRole('link', { name: 'DeepSource Contoso' }).click();
  await expect(page.getByTestId('value-appId')).toHaveText('6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c', { timeout: 15_000 });
  await shoot(page, 'wizard-entra-2-register');
  // The app's settings are read back from its own pages, which the guide opens: API permissions, then Authentication.
  await page.getByRole('button', { name: 'Open API permissions' }).click();
  await expect(page.getByTestId('azure-steps').getByRole('listitem').nth(2)).toHaveClass(/azure-step-done/, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Open Authentication' }).click();
  await expect(page.getByTestId('azure-steps').getByRole('listitem').nth(3)).toHaveClass(/azure-step-done/, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Open Certificates & secrets' }).click();
  // In the portal the admin adds a client secret; its Value is read the moment it appears (shown only once).
  const blade = view.frameLocator('#blade');
  await blade.getByRole('button', { name: '+ New client secret' }).click();
  await blade.getByRole('button', { name: 'Add', exact: true }).click();
  await savedAutomatically(page, 'entra');
  const profileId = 'deepsource-contoso-example';
  const profile = await app.backend.vault.get(profileId);
  // The secret's expiry was read from its row in the Client secrets list (en-US: 11/26/2027): nothing to type.
  expect(profile.azure).toMatchObject({ appId: '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', signInAudience: 'AzureADMultipleOrgs', clientSecretExpiresOn: '2027-11-26' });
  expect(profile.authorityHost).toBe('login.microsoftonline.com');
  // A secret read off the portal is proven too: a client-credentials request to the tenant's token endpoint.
  await expect(page.getByTestId('secret-proof')).toContainText('Secret proven.');
  expect(entra.signIn.tokenRequests).toEqual([{ grantType: 'client_credentials', status: 200, clientId: ENTRA_APP.appId }]);
  await expect(page.getByTestId('saved-where')).toContainText('The secret expires on 2027-11-26 (read from its row in the Client secrets list).');
  await expect(page.getByLabel(/Client secret expires on/)).toHaveCount(0);
  await push(page, 'entra');
  expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_client_secret: await app.backend.vault.readSecret(profileId, 'client-secret') });

  const folder = await exportAndVerify(page, profileId, 'entra');
  await leakScan(app.backend, page, profileId, folder);
});

test('a refused legacy registration switches the installation to Entra ID and carries on there', async ({ page }) => {
  replica.set([
    { url: REGISTER, html: adoRefused() },
    { url: PORTAL_START, html: entraOverviewWithFrames(BLADE, AZURE.embed) },
    { url: BLADE, html: entraSecrets() },
  ]);
  await setUpAndPush(page, 'ado-oauth', 'refused');
  const refusal = page.getByTestId('refusal');
  await expect(refusal).toContainText('Azure DevOps no longer accepts new OAuth app registrations');
  await shoot(page, 'wizard-refused-2-register');
  await refusal.getByRole('button', { name: 'Use Microsoft Entra ID instead' }).click();
  // Entra's first offer is Create the app in Azure (Graph); the portal is one click away.
  await expect(page.getByRole('button', { name: 'Create the app in Azure' })).toBeVisible();
  await page.getByRole('button', { name: 'Use the Azure portal instead' }).click();
  await expect(page.getByTestId('value-appId')).toHaveText('6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c', { timeout: 15_000 });
  expect((await app.backend.vault.get('deepsource-contoso-example')).provider).toBe('entra');
  expect((await app.backend.vault.get('deepsource-contoso-example')).authorityHost).toBe('login.microsoftonline.com');
});

test('rotate: the profile’s own app is reopened and only the client secret is replaced', async ({ page }) => {
  const id = 'contoso';
  await app.backend.vault.create({ id, label: 'Contoso', hostname: HOSTNAME, organization: 'Contoso', provider: 'ado-oauth', appId: '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D' });
  await app.backend.vault.setSecret(id, 'client-secret', `eyJold${'o'.repeat(700)}`);
  await app.backend.vault.generateWebhookSecret(id);
  const webhook = await app.backend.vault.readSecret(id, 'webhook-secret');

  await goTo(page, 'Installations');
  await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Contoso' }) }).getByRole('button', { name: 'Rotate client secret' }).click();
  // The rotation starts on the app list of the Azure DevOps profile page; the admin opens the app there.
  await expect(page.getByTestId('current-url')).toHaveText('https://app.vssps.visualstudio.com/profile/view');
  // The admin moves on only once that page has loaded (a second navigation racing the first one is not what an admin
  // does, and under load it let the first one's failure interrupt the second).
  await expect(view).toHaveURL('https://app.vssps.visualstudio.com/profile/view');
  await view.waitForLoadState('load');
  // The app page shows the new secret (fixed here: the page is closed once the secret is saved).
  const replicaSecret = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'N3w'.repeat(212)}x.${'S3c'.repeat(27)}rt`;
  replica.set([...standardReplicaPages.filter((p) => p.url !== APP_VIEW), { url: APP_VIEW, html: adoAppView({ clientSecret: replicaSecret }) }]);
  await view.goto(APP_VIEW);
  // Read and checked: the new secret replaces only the old client secret, without a click.
  await expect(page.getByRole('heading', { name: 'New client secret saved for Contoso' })).toBeVisible({ timeout: 20_000 });
  await shoot(page, 'wizard-rotate-3-saved');
  await expect(page.getByRole('heading', { name: /Deliver to DeepSource/ })).toBeVisible();

  expect((await app.backend.vault.readSecret(id, 'client-secret')) === replicaSecret, 'the keychain holds the new secret').toBe(true);
  expect(await app.backend.vault.readSecret(id, 'webhook-secret')).toBe(webhook);
});

test('the console is checked before Azure: a wrong password says so there, and the right one carries on', async ({ page }) => {
  await createInstallation(page, { console: { url: double.url, password: 'not-the-password' } });
  const connect = page.getByRole('region', { name: /^Admin console for / });
  await connect.getByRole('button', { name: 'Trust and continue' }).click();
  await expect(connect.getByRole('alert')).toContainText('password');
  await shoot(page, 'wizard-connect-wrong-password');
  await expect(currentStep(page)).toHaveText(/Installation/);
  await expect(connect.getByRole('button', { name: 'Connect again' })).toBeDisabled();
  await connect.getByLabel('Console password').fill(CONSOLE_PASSWORD);
  await connect.getByRole('button', { name: 'Connect again' }).click();
  await expect(currentStep(page)).toHaveText(/Register in Azure/);
  expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(2);
  expect((await app.backend.vault.get('deepsource-contoso-example')).console.pinnedFingerprint).toBe(double.fingerprint);
  expect(await page.content()).not.toContain(CONSOLE_PASSWORD);
});

test('without a console password the console waits for delivery; an installation removed while Azure was open is created again and saved', async ({ page }) => {
  await createInstallation(page, { legacy: true });
  await expect(currentStep(page)).toHaveText(/Register in Azure/);
  expect(double.requests).toHaveLength(0);
  await expect(page.getByTestId('prefill')).toBeVisible();
  // The installation disappears while Azure is open (deleted from another window): the automatic save cannot succeed.
  await app.backend.vault.delete('deepsource-contoso-example');
  await view.goto(APP_VIEW);
  await expect(page.getByRole('heading', { name: /Save the values for/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('alert')).toContainText('was removed while Azure was open');
  expect(await app.backend.secrets.list()).toEqual([]);
  await shoot(page, 'wizard-save-failed');
  // The fix that works is one button: the values read from Azure are still held, so nothing is read again.
  await page.getByRole('button', { name: /again and save$/ }).click();
  await expect(currentStep(page)).toHaveText(/Deliver/);
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible();
  const saved = await app.backend.vault.get('deepsource-contoso-example');
  expect(saved.hostname).toBe(HOSTNAME);
  expect((await app.backend.secrets.list()).length).toBeGreaterThan(0);
  expect(await page.content()).not.toContain(ADO_APP.clientSecret.slice(4, -4));
});

test('a console that needs no decision (plain http on a loopback port-forward) is connected and Azure opens once', async ({ page }) => {
  const forwarded = await startKotsDouble({ tls: false, password: CONSOLE_PASSWORD, deepsourceHost: HOSTNAME });
  try {
    await createInstallation(page, { console: { url: forwarded.url, password: CONSOLE_PASSWORD }, legacy: true });
    await expect(currentStep(page)).toHaveText(/Register in Azure/);
    await expect(page.getByTestId('current-url')).toContainText('https://');
    expect(browser.opened).toHaveLength(1);
    expect(forwarded.requests.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual(['GET /api/v1/login/info', 'POST /api/v1/login', 'GET /api/v1/apps']);
  } finally {
    await forwarded.close();
  }
});

test('the console names DeepSource’s host: offered before Azure, used for the callback URL, and offered in Edit', async ({ page }) => {
  const forwarded = await startKotsDouble({ tls: false, password: CONSOLE_PASSWORD, deepsourceHost: 'deepsource.contoso.internal' });
  try {
    await createInstallation(page, { console: { url: forwarded.url, password: CONSOLE_PASSWORD } });
    const offer = page.getByTestId('host-offer');
    await expect(offer).toContainText('The admin console’s configuration serves DeepSource at deepsource.contoso.internal; this installation says deepsource.contoso.example.');
    await shoot(page, 'wizard-host-offer');
    for (const theme of ['dark', 'light'] as const) expect(await page.emulateMedia({ colorScheme: theme }).then(() => axe(page)), theme).toEqual([]);
    expect(browser.opened).toHaveLength(0); // Azure waits for the choice
    await offer.getByRole('button', { name: 'Use deepsource.contoso.internal' }).click();
    await expect(currentStep(page)).toHaveText(/Register in Azure/);
    const saved = (await app.backend.vault.list()).profiles.find((view) => view.profile.organization === 'Contoso');
    expect(saved?.callbackUrl).toBe('https://deepsource.contoso.internal/accounts/ads/login/callback/bifrost');
    // Installations → Edit: the console's host name is offered when the field says another.
    await goTo(page, 'Installations');
    await page.getByRole('listitem').filter({ hasText: 'deepsource.contoso.internal' }).getByRole('button', { name: 'Edit…' }).click();
    const edit = page.getByRole('form', { name: /^Edit / });
    await edit.getByLabel('DeepSource host name').fill('deepsource.typo.example');
    await edit.getByTestId('host-offer').getByRole('button', { name: 'Use deepsource.contoso.internal' }).click();
    await expect(edit.getByLabel('DeepSource host name')).toHaveValue('deepsource.contoso.internal');
  } finally {
    await forwarded.close();
  }
});

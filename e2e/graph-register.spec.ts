import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { ChromiumSystemBrowser, signInAtEntra, startTestEntra, type AdminAtEntra } from '../test/entra/double';
import { ADMIN, CONTOSO, DEV, TestClock } from '../test/entra/service-fixture';
import type { EntraGraphDouble } from '../src/demo/entra-graph';
import { entraEndpoints } from '../src/main/entra-graph/clouds';
import { nodeHttpsClient } from '../src/main/entra-graph/https-client';
import { EntraGraphService } from '../src/main/entra-graph/service';
import { screen } from './harness/a11y';
import { openApp, realBackend, type OpenedApp } from './harness/harness';

/**
 * The Register step's Graph route in the built renderer (real Chromium) over the real handler table and keychain,
 * the real MSAL Node signing in at the Entra double through a Chromium "system browser": every state an admin can
 * meet (idle, waiting for the sign-in, made and proven, each refusal with its remedy, the half-done choice), each
 * looked at in light and dark (test-results/screenshots/screens/graph-*) with axe finding nothing.
 */
let app: OpenedApp;
let double: EntraGraphDouble;
let browser: ChromiumSystemBrowser;
let clock: TestClock;

test.beforeEach(async ({ page }) => {
  test.setTimeout(120_000);
  clock = new TestClock();
  double = await startTestEntra({ tenants: [CONTOSO] });
  browser = new ChromiumSystemBrowser();
  const endpointsFor = (cloud: 'public' | 'usgov' | 'china') => ({ ...entraEndpoints(cloud), loginUrl: double.loginUrl, graphUrl: double.graphUrl });
  // The proof waits on the test's clock (a secret that never replicates gives up after two minutes of it, at once).
  const entraGraph = (vault: ConstructorParameters<typeof EntraGraphService>[0]['vault']) =>
    new EntraGraphService({ vault, http: nodeHttpsClient(), browser, randomId: randomUUID, endpointsFor, now: () => new Date(Math.max(Date.now(), clock.ms)), wait: clock.wait });
  app = await openApp(page, realBackend({ entraGraph }));
});
test.afterEach(async () => {
  await app?.close();
  await browser?.close();
  await double?.close();
});

async function look(page: Page, name: string): Promise<void> {
  const record = await screen(page, `graph-${name}`);
  expect(record.violations.map((v) => `${v.theme}: ${v.violation.id} (${v.violation.help}) at ${v.violation.nodes.join(', ')}`), name).toEqual([]);
  // The window never shows a command-line flag.
  expect(await page.locator('main').innerText(), `${name}: a command-line flag on screen`).not.toMatch(/(^|\s)--[a-z][a-z-]+/m);
}

async function newInstallation(page: Page, hostname = 'deepsource.contoso.example', organization = 'Contoso'): Promise<void> {
  const form = page.getByRole('form', { name: 'New installation' });
  await form.getByLabel('DeepSource host name').fill(hostname);
  await form.getByLabel('Organization').fill(organization);
  await form.getByRole('button', { name: 'Create installation' }).click();
  await expect(page.getByRole('button', { name: 'Create the app in Azure' })).toBeVisible();
}

/** Create the app in Azure, then the admin at Microsoft's pages; resolves once the window shows where the run stopped. */
async function createAs(page: Page, admin: AdminAtEntra): Promise<void> {
  await page.getByRole('button', { name: /^(Create the app in Azure|Try again)$/ }).click();
  await signInAtEntra(await browser.nextPage(), admin);
}

const alert = (page: Page) => page.getByRole('alert').first();

test('idle → waiting for the sign-in → made, stored, checked and proven (shown again at delivery)', async ({ page }) => {
  await newInstallation(page);
  await page.getByText('Options', { exact: true }).click();
  await expect(page.getByLabel('Client secret lifetime (days)')).toHaveValue('180');
  await look(page, '01-idle');
  await page.getByRole('button', { name: 'Create the app in Azure' }).click();
  const tab = await browser.nextPage();
  await expect(page.getByTestId('graph-status')).toHaveText('Sign in to Microsoft Entra in your browser, then come back here.');
  await page.getByText('No browser window opened?').click();
  await expect(page.getByTestId('graph-signin-url')).toContainText(`${double.loginUrl}/organizations/oauth2/v2.0/authorize?`);
  await look(page, '02-waiting-for-sign-in');
  await signInAtEntra(tab, { ...ADMIN, consent: 'accept' });
  await expect(tab.getByRole('heading', { name: 'Signed in: return to ADS Setup Assistant' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible({ timeout: 30_000 });
  await page.getByText('Values, checks and proof').click();
  const made = double.tenant.applications[0]!;
  await expect(page.getByTestId('graph-appId')).toContainText(made.appId);
  await expect(page.getByTestId('graph-redirectUri')).toContainText('https://deepsource.contoso.example/accounts/ads/login/callback/bifrost');
  // Redirect URI, scopes, service principal, the account type against where DeepSource sends users, the secret.
  await expect(page.getByRole('list', { name: 'Registration checks' }).getByRole('listitem')).toHaveCount(5);
  await expect(page.getByRole('list', { name: 'Registration checks' })).toContainText('The app’s supported account types, read from Microsoft Graph: accounts in any organization (multitenant).');
  await expect(page.getByTestId('secret-proof')).toContainText('Secret proven.');
  await look(page, '03-created-checked-proven');
  // The window holds the secret only as its hint.
  const secret = await app.backend.vault.readSecret('deepsource-contoso-example', 'client-secret');
  expect(await page.content()).not.toContain(secret);
});

test('sign-in refusals: consent declined (AADSTS65004), no admin consent (65001), Conditional Access (53003)', async ({ page }) => {
  await newInstallation(page);
  await createAs(page, { ...ADMIN, consent: 'cancel' });
  await expect(alert(page)).toContainText('consent was declined (AADSTS65004)');
  await look(page, '04-refused-consent-declined');
  await createAs(page, { ...DEV, noConsent: true });
  await expect(alert(page)).toContainText('AADSTS65001');
  await look(page, '05-refused-needs-admin-consent');
  double.tenant.blockGraphByConditionalAccess = true;
  await createAs(page, { ...ADMIN, consent: 'accept' });
  await expect(alert(page)).toContainText('Conditional Access policy');
  await look(page, '06-refused-conditional-access');
  expect((await app.backend.vault.get('deepsource-contoso-example')).azure).toEqual({});
});

test('Graph refusals: 403 Authorization_RequestDenied, 400 on the body, no Azure DevOps service principal', async ({ page }) => {
  double.tenant.usersCanRegisterApps = false;
  // An admin consented for the organization earlier; the dev account holds no admin role.
  double.directory.consent(double.tenant, '14d82eec-204b-4c2f-b7e8-296a70dab67e', null, ['Application.ReadWrite.All']);
  await newInstallation(page);
  await createAs(page, { ...DEV });
  await expect(alert(page)).toContainText('403 Authorization_RequestDenied');
  await expect(alert(page)).toContainText('Application Administrator or Cloud Application Administrator');
  await look(page, '07-refused-graph-403');
  // The same (signed-in) account may register apps from now on: what Graph says next is about the values.
  double.tenant.usersCanRegisterApps = true;

  await app.backend.vault.create({ id: 'long', label: 'Long host', hostname: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}.example`, organization: 'Long', provider: 'entra' });
  await page.reload();
  await page.getByRole('listitem').filter({ hasText: 'Long host' }).getByRole('button', { name: 'Register in Azure' }).click();
  await page.getByRole('button', { name: 'Create the app in Azure' }).click();
  await expect(alert(page)).toContainText('Microsoft Graph refused the registration’s values', { timeout: 30_000 });
  await look(page, '08-refused-graph-400');

  double.tenant.servicePrincipals = double.tenant.servicePrincipals.filter((sp) => sp.appId !== '499b84ac-1321-427f-aa17-267ca6975798');
  double.tenant.azureDevOps = 'uncreatable';
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(alert(page)).toContainText('Your tenant has no Azure DevOps service principal', { timeout: 30_000 });
  await look(page, '09-refused-no-azure-devops');
});

test('half-done: what exists in Azure, finish or delete; a registration found is offered for reuse; a proof that fails', async ({ page }) => {
  await newInstallation(page);
  double.graph.failNext({ method: 'POST', path: /addPassword$/, status: 500, code: 'InternalServerError', message: 'Internal Server Error' });
  await createAs(page, { ...ADMIN, consent: 'accept' });
  const decision = page.getByTestId('graph-decision');
  await expect(decision).toContainText('This is what the stopped run left in Azure: “DeepSource Contoso”.');
  await expect(decision.getByRole('table', { name: 'In Azure: DeepSource Contoso' })).toContainText('a client secret');
  await look(page, '10-half-done-choice');
  await decision.getByRole('button', { name: 'Delete it from Azure' }).click();
  await expect(page.getByTestId('graph-status')).toContainText('Deleted “DeepSource Contoso”');
  expect(double.tenant.applications).toEqual([]);
  await look(page, '11-deleted');

  // An earlier run's registration (complete): offered for reuse, never duplicated.
  double.graph.failNext({ method: 'POST', path: /addPassword$/, status: 500, code: 'InternalServerError', message: 'Internal Server Error' });
  await page.getByRole('button', { name: 'Create the app in Azure' }).click();
  await expect(decision).toBeVisible({ timeout: 30_000 });
  await decision.getByRole('button', { name: 'Finish it' }).click();
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible({ timeout: 30_000 });
  await app.backend.vault.create({ id: 'again', label: 'Contoso again', hostname: 'deepsource.contoso.example', organization: 'Contoso', provider: 'entra' });
  await page.reload();
  await page.getByRole('listitem').filter({ hasText: 'Contoso again' }).getByRole('button', { name: 'Register in Azure' }).click();
  // A secret that never replicates within two minutes (of the test's clock): stored, not proven, the fix shown.
  double.directory.replicationMs = 60 * 60_000;
  await page.getByRole('button', { name: 'Create the app in Azure' }).click();
  await expect(decision).toContainText('“DeepSource Contoso” is already in Azure with this redirect URI.', { timeout: 30_000 });
  await look(page, '12-registration-found');
  await decision.getByRole('button', { name: 'Use this app' }).click();
  await expect(page.getByTestId('secret-proof')).toContainText('Secret not proven.', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Continue to delivery' })).toBeVisible();
  await look(page, '13-proof-failed');
  expect(double.tenant.applications).toHaveLength(1);
  // Replicated at last: proven on request, and on to delivery.
  double.directory.replicationMs = 0;
  await page.getByRole('button', { name: 'Prove again' }).click();
  await expect(page.getByRole('heading', { name: /^Saved for Contoso again/ })).toBeVisible({ timeout: 30_000 });
});

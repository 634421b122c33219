import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AZURE, serveReplicas, standardReplicaPages, type Replica } from './harness/azure-replica';
import { goTo, openApp, realBackend, repoRoot, type OpenedApp } from './harness/harness';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';
import { corpus } from '../test/fixtures/registration/corpus';
import { ADO_APP, adoAppView, adoRefused, adoRegister, ENTRA_APP, entraListThenNewApp, entraPortalForApp, entraSecrets, OTHER_ENTRA_APP, untrustedEmbed } from '../test/fixtures/registration/pages';

/**
 * The registration panel (built renderer + preload, real handler table and RegistrationService in Node) driving a
 * second real Chromium page that stands in for the WebContentsView, loaded with offline replicas of the Azure pages
 * under their real https origins.
 */
const screenshots = path.join(repoRoot, 'test-results', 'screenshots');
const { register: REGISTER, appView: APP_VIEW, portalStart: PORTAL_START, blade: BLADE } = AZURE;
const AD = AZURE.embed;

let app: OpenedApp;
let view: Page;
let replica: Replica;
let browser: PlaywrightRegistrationBrowser;

test.beforeEach(async ({ page, context }) => {
  view = await context.newPage();
  await view.setViewportSize({ width: 1000, height: 700 });
  replica = await serveReplicas(view, [...standardReplicaPages, { url: AD, html: untrustedEmbed() }]);
  browser = new PlaywrightRegistrationBrowser(view);
  app = await openApp(page, await withInstallations({ registrationBrowser: browser, registrationTiming: { watchMs: 10_000, prefillMs: 3_000, extractMs: 1_000, pickMs: 20_000 } }));
  await goTo(page, 'Tools');
  mkdirSync(screenshots, { recursive: true });
});

test.afterEach(async () => {
  await app.close();
  await replica.close();
});

/** One installation per kind of app: a registration is always started for an installation. */
const INSTALLATIONS = {
  'Azure DevOps OAuth (legacy)': { id: 'contoso-ado', label: 'Contoso (Azure DevOps OAuth)', provider: 'ado-oauth' },
  'Microsoft Entra ID': { id: 'contoso-entra', label: 'Contoso (Entra ID)', provider: 'entra' },
} as const;
const HOST = 'deepsource.contoso.example';

async function withInstallations(options: Parameters<typeof realBackend>[0]) {
  const backend = realBackend(options);
  for (const { id, label, provider } of Object.values(INSTALLATIONS)) await backend.vault.create({ id, label, provider, hostname: HOST, organization: 'Contoso' });
  return backend;
}

async function startFlow(page: Page, provider: keyof typeof INSTALLATIONS) {
  const panel = page.getByRole('region', { name: 'Register an app in Azure' });
  await panel.getByLabel('Installation').selectOption({ label: `${INSTALLATIONS[provider].label} at ${HOST}` });
  await page.getByRole('button', { name: 'Open Azure' }).click();
}

/** Opens a folded section ("Filled in for you", "N checks passed", "Value not detected?") the way the admin does. */
async function unfold(page: Page, summary: string | RegExp) {
  const details = page.locator('details').filter({ has: page.locator('summary', { hasText: summary }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

test('ADO: the register form is prefilled, the app page is read, the secret shows only masked, every check passes', async ({ page }) => {
  await startFlow(page, 'Azure DevOps OAuth (legacy)');
  await expect(page.getByTestId('current-url')).toHaveText(REGISTER);
  await expect(page.getByTestId('lock')).toHaveText('Secure connection');
  await expect(page.getByTestId('trust')).toHaveText('Azure page: values are read here');
  const prefill = page.getByTestId('prefill');
  await expect(prefill).toContainText('Authorization callback URL: https://deepsource.contoso.example/accounts/ads/login/callback/bifrost');
  await expect(prefill).toContainText('Application name: DeepSource Contoso');
  await unfold(page, /^Filled in for you/);
  // Each box is named for what prefill did to it: the scopes it ticked, the stale one it unticked, the page's own
  // newsletter box left alone (it is no scope, and nothing claims it was filled in).
  await expect(prefill.locator('summary')).toHaveText('Filled in for you: 4 fields, 3 scopes ticked, 1 box unticked');
  await expect(prefill.getByText('☑ Code (read and write) (ticked for you)', { exact: true })).toBeVisible();
  await expect(prefill.getByText('☐ Work items (read) (unticked: DeepSource does not need it)', { exact: true })).toBeVisible();
  await expect(prefill.getByText('☑ Send me product news (ticked by the page, not a scope: left as it was)', { exact: true })).toBeVisible();
  await expect(view.getByLabel('Company name')).toHaveValue('DeepSource Enterprise Server');
  await expect(view.locator('#framework-state')).toContainText('"submitted":false');
  expect(browser.bounds?.height).toBeGreaterThan(100);
  await page.screenshot({ path: path.join(screenshots, 'registration-ado-prefilled-panel.png'), fullPage: true });
  await view.screenshot({ path: path.join(screenshots, 'registration-ado-prefilled-page.png'), fullPage: true });

  // The admin presses "Create application" themselves; Azure shows the app page.
  await view.goto(APP_VIEW);
  await expect(page.getByTestId('complete')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('value-appId')).toHaveText('8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D');
  await expect(page.getByTestId('value-clientSecret')).toHaveText(/^eyJ0…\S{4} \(758 characters\)$/);
  const secret = ADO_APP.clientSecret;
  expect(await page.content()).not.toContain(secret.slice(4, -4));
  expect(await page.content()).not.toContain(secret.slice(10, 40));
  await expect(page.getByTestId('complete')).toHaveText('✓ Every value read from Azure and checked.');
  // Every check passed, so none is listed as failed; the passed ones fold into one line the admin can open.
  await expect(page.getByRole('list', { name: 'Checks', exact: true })).toHaveCount(0);
  await unfold(page, /checks passed$/);
  await expect(page.getByRole('list', { name: 'Passed checks' }).getByTestId('check-authorize-url-redirect-uri')).toHaveClass(/check-ok/);
  await expect(page.getByRole('button', { name: 'Back' })).toBeEnabled();
  await page.screenshot({ path: path.join(screenshots, 'registration-ado-values-panel.png'), fullPage: true });

  await page.getByRole('button', { name: 'Close browser' }).click();
  await expect(page.getByText('The built-in browser is closed and its session cleared.')).toBeVisible();
  expect(browser.closed).toBe(true);
  // The values read stay on screen (masked) until the admin starts afresh.
  await expect(page.getByTestId('value-appId')).toHaveText('8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D');
  await page.getByRole('button', { name: 'Start another registration' }).click();
  await expect(page.getByRole('button', { name: 'Open Azure' })).toBeVisible();
  await expect(page.getByTestId('value-appId')).toHaveCount(0);
});

test('ADO: a refused registration says so plainly and offers Entra, which then reads the portal (iframe blade included)', async ({ page }) => {
  replica.set([
    { url: REGISTER, html: adoRefused() },
    { url: PORTAL_START, html: entraPortalForApp(BLADE, AZURE.embed) },
    { url: BLADE, html: entraSecrets() },
    { url: AD, html: untrustedEmbed() },
  ]);
  await startFlow(page, 'Azure DevOps OAuth (legacy)');
  const refusal = page.getByTestId('refusal');
  await expect(refusal).toContainText('Azure DevOps no longer accepts new OAuth app registrations');
  await expect(refusal).toContainText('The page says: “Azure DevOps OAuth is deprecated and is no longer accepting new app registrations.”');
  await page.screenshot({ path: path.join(screenshots, 'registration-ado-refused.png'), fullPage: true });

  await refusal.getByRole('button', { name: 'Use Microsoft Entra ID instead' }).click();
  await expect(page.getByText('Microsoft Entra ID app registration', { exact: true })).toBeVisible({ timeout: 15_000 });
  // The installation itself switched: the new flow is checked against (and would save into) it as an Entra app.
  expect((await app.backend.vault.get(INSTALLATIONS['Azure DevOps OAuth (legacy)'].id)).provider).toBe('entra');
  // The portal opens on App registrations; the admin opens the app.
  await view.getByRole('link', { name: 'DeepSource Contoso' }).click();
  await expect(page.getByTestId('value-appId')).toHaveText('6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c', { timeout: 15_000 });
  await expect(page.getByTestId('value-tenantId')).toHaveText('72f988bf-86f1-41af-91ab-2d7cd011db47');
  // The guide links the app's own pages: each is read back as it opens.
  await page.getByRole('button', { name: 'Open API permissions' }).click();
  await expect(page.getByTestId('azure-steps').getByRole('listitem').nth(2)).toHaveClass(/azure-step-done/, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Open Authentication' }).click();
  await expect(page.getByTestId('azure-steps').getByRole('listitem').nth(3)).toHaveClass(/azure-step-done/, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Open Certificates & secrets' }).click();
  // Only the older masked secret so far: the check says to create a new one.
  await expect(page.getByTestId('check-client-secret-not-masked')).toHaveClass(/check-failed/);
  await expect(page.getByTestId('check-client-secret-not-masked')).toContainText('Create a new client secret');
  // The admin creates the secret in the blade (an iframe); the page watch picks the Value up when it appears.
  const blade = view.frameLocator('#blade');
  await blade.getByRole('button', { name: '+ New client secret' }).click();
  await blade.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('complete')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('value-clientSecret')).toHaveText('Zr18…a0Sz (40 characters)');
  await expect(page.getByTestId('value-authorizeUrl')).toContainText('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize?client_id=6f3c2a9e');
  // Nothing from the untrusted embed.
  expect(await page.content()).not.toContain('Evil');
  expect(await page.content()).not.toContain('11111111-2222');
  await page.screenshot({ path: path.join(screenshots, 'registration-entra-complete.png'), fullPage: true });
  await view.screenshot({ path: path.join(screenshots, 'registration-entra-portal-page.png'), fullPage: true });
});

test('a late state answer about the refused flow never replaces the Entra flow that followed it', async ({ context }) => {
  replica.set([
    { url: REGISTER, html: adoRefused() },
    { url: PORTAL_START, html: entraPortalForApp(BLADE, AZURE.embed) },
    { url: BLADE, html: entraSecrets() },
  ]);
  const slow = await context.newPage();
  const slowApp = await openApp(slow, await withInstallations({ registrationBrowser: browser, registrationTiming: { watchMs: 10_000, prefillMs: 3_000, extractMs: 1_000 } }));
  try {
    await goTo(slow, 'Tools');
    await startFlow(slow, 'Azure DevOps OAuth (legacy)');
    const refusal = slow.getByTestId('refusal');
    await expect(refusal).toContainText('Azure DevOps no longer accepts new OAuth app registrations');
    // A busy main process: the next state answer about the refused flow is held back while the admin switches.
    const busy = slowApp.holdAnswers('registrationState', (answer) => answer.ok && Boolean((answer.value as { refusal?: unknown }).refusal));
    await expect.poll(() => slowApp.heldAnswers('registrationState')).toBeGreaterThan(0);
    await refusal.getByRole('button', { name: 'Use Microsoft Entra ID instead' }).click();
    await expect(slow.getByText('Microsoft Entra ID app registration', { exact: true })).toBeVisible();
    // Only now does the late answer about the refused flow land: it must not replace the Entra flow.
    busy.release();
    await expect(slow.getByTestId('value-appId')).toHaveText('6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c', { timeout: 15_000 });
    await expect(slow.getByTestId('refusal')).toHaveCount(0);
    await expect(slow.getByText('Microsoft Entra ID app registration', { exact: true })).toBeVisible();
  } finally {
    await slowApp.close();
    await slow.close();
  }
});

test('one app only: the ID read on the app list is set aside when the admin opens the new app, and the panel says so', async ({ page }) => {
  replica.set([{ url: PORTAL_START, html: entraListThenNewApp() }]);
  await startFlow(page, 'Microsoft Entra ID');
  // The list shows one (earlier) app: its ID is all the page has, so it is read.
  await expect(page.getByTestId('value-appId')).toHaveText(OTHER_ENTRA_APP.appId, { timeout: 15_000 });
  // The admin opens the app they just registered.
  await view.evaluate((appId) => {
    window.location.hash = `#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}`;
  }, ENTRA_APP.appId);
  await expect(page.getByTestId('value-appId')).toHaveText(ENTRA_APP.appId, { timeout: 15_000 });
  await expect(page.getByTestId('value-tenantId')).toHaveText('72f988bf-86f1-41af-91ab-2d7cd011db47');
  await expect(page.getByTestId('notice')).toHaveText(/another app.*only one app’s values are kept/);
  await page.screenshot({ path: path.join(screenshots, 'registration-entra-moved-to-another-app.png'), fullPage: true });
});

test('a page that shows two apps gives no App ID, and the panel says to open one app', async ({ page }) => {
  const twoApps = corpus.find((f) => f.id === 'entra-app-list-two-apps')!;
  replica.set([{ url: PORTAL_START, html: twoApps.html }]);
  await startFlow(page, 'Microsoft Entra ID');
  await expect(page.getByTestId('notice')).toHaveText(/more than one app’s Application \(client\) ID/, { timeout: 15_000 });
  await expect(page.getByTestId('field-appId')).toContainText('waiting');
  await page.screenshot({ path: path.join(screenshots, 'registration-entra-two-apps.png'), fullPage: true });
});

test('Pick: a value the extractor cannot find is taken from the element the admin clicks', async ({ page }) => {
  // A changed Azure page: the authorize URL is labelled differently, so automatic extraction misses it.
  replica.set([{ url: REGISTER, html: adoRegister() }, { url: APP_VIEW, html: adoAppView({}, { revealDelayMs: 10, authorizeLabel: 'OAuth sign-in endpoint' }) }]);
  await startFlow(page, 'Azure DevOps OAuth (legacy)');
  await expect(page.getByTestId('prefill')).toBeVisible();
  await view.goto(APP_VIEW);
  await expect(page.getByTestId('field-clientSecret')).toContainText('found', { timeout: 15_000 });
  await expect(page.getByTestId('field-authorizeUrl')).toContainText('waiting');
  await unfold(page, 'Value not detected?');
  await page.getByRole('button', { name: 'Pick Authorize URL' }).click();
  await expect(page.getByTestId('picking')).toBeVisible();
  await view.locator('a.truncate').first().click();
  await expect(page.getByTestId('field-authorizeUrl')).toContainText('found (picked)');
  await expect(page.getByTestId('value-authorizeUrl')).toContainText('&redirect_uri=https://deepsource.contoso.example/accounts/ads/login/callback/bifrost');
  expect(view.url()).toBe(APP_VIEW);
  await page.screenshot({ path: path.join(screenshots, 'registration-pick.png'), fullPage: true });
});

test('hostile values are refused and shown only as text; http navigation is blocked and reported', async ({ page }) => {
  replica.set([{ url: REGISTER, html: adoRegister() }, { url: APP_VIEW, html: adoAppView({ appId: '<img src=x onerror="window.__pwned=1">' }, { revealDelayMs: 10 }) }]);
  await startFlow(page, 'Azure DevOps OAuth (legacy)');
  await expect(page.getByTestId('prefill')).toBeVisible();
  await view.goto(APP_VIEW);
  await expect(page.getByTestId('field-appId')).toContainText('refused', { timeout: 15_000 });
  await expect(page.getByTestId('value-appId')).toHaveText('The value contains markup, quotes or control characters; it was refused.');
  expect(await page.locator('.registration img').count()).toBe(0);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  expect(await view.evaluate('window.__pwned')).toBeUndefined();

  await view.evaluate(() => {
    window.location.href = 'http://aex.dev.azure.com/app/register';
  });
  await expect(page.getByTestId('blocked')).toContainText('The browser did not open http://aex.dev.azure.com/app/register');
  await expect(page.getByTestId('blocked')).toContainText('Plain http is not allowed');
  expect(view.url()).toBe(APP_VIEW);
  await page.screenshot({ path: path.join(screenshots, 'registration-hostile-blocked.png'), fullPage: true });
});

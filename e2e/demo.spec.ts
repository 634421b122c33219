import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { spkiSha256 } from '../src/main/tls/certificate-trust';
import { MemorySecretStore } from '../test/doubles/memory-secret-store';
import { startDemoEnvironment, type DemoEnvironment } from '../src/demo/environment';
import { RegistrationService } from '../src/main/registration/service';
import { maskSecret } from '../src/main/secrets/mask';
import { ProfileStore } from '../src/main/vault/profile-store';
import { VaultService } from '../src/main/vault/vault';
import type { RegistrationState } from '../src/shared/registration';
import { chromiumArgs, chromiumPath } from './harness/chromium';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';

/**
 * Demo mode's registration flows in real Chromium, entirely against the demo replicas on 127.0.0.1: the real
 * RegistrationService with the demo providers (the real ones mapped onto the replica), the Playwright stand-in of the
 * built-in browser, no request routing. Chromium trusts exactly the demo's certificate (its public key is pinned
 * with --ignore-certificate-errors-spki-list); certificate checks stay on for everything else.
 */

let demo: DemoEnvironment;
let vault: VaultService;
let dataDir: string;
let browser: Browser;
let page: Page;
let service: RegistrationService;
let requested: string[];

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-demo-e2e-'));
  vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets: new MemorySecretStore() });
  demo = await startDemoEnvironment({ vault });
  browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, `--ignore-certificate-errors-spki-list=${spkiSha256(demo.azure.certificatePem)}`] });
});

test.afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(async () => {
  const context = await browser.newContext({ acceptDownloads: false, serviceWorkers: 'block', viewport: { width: 1100, height: 800 } });
  page = await context.newPage();
  requested = [];
  page.on('request', (request) => requested.push(request.url()));
  service = new RegistrationService({
    providers: demo.providers,
    browser: new PlaywrightRegistrationBrowser(page),
    randomId: randomUUID,
    maskSecret,
    timing: { watchMs: 10_000, prefillMs: 3_000, extractMs: 1_000, pickMs: 20_000 },
  });
});

test.afterEach(async () => {
  await page.context().close();
});

async function until(flowId: string, done: (state: RegistrationState) => boolean, timeout = 20_000): Promise<RegistrationState> {
  let state = service.state(flowId);
  await expect.poll(() => done((state = service.state(flowId))), { timeout }).toBe(true);
  return state;
}

function failed(state: RegistrationState): string[] {
  return state.checks.filter((c) => !c.ok).map((c) => c.id);
}

/** Every request went to a replica origin; nothing reached a real Azure host. */
function onlyReplicas(): void {
  const replicas = new Set(Object.values(demo.azure.origins));
  const elsewhere = requested.filter((url) => !replicas.has(new URL(url).origin) && !url.startsWith('about:'));
  expect(elsewhere).toEqual([]);
}

test('demo ADO flow: the register form is prefilled, the admin submits it, the app page is read and every check passes', async () => {
  const { profile, callbackUrl } = await vault.view(demo.profiles.ado);
  const started = await service.start({ profileId: profile.id, provider: profile.provider, hostname: profile.hostname, org: profile.organization });
  expect(started.url).toBe(demo.azure.startUrls['ado-oauth']);
  const prefilled = await until(started.flowId, (s) => s.prefill !== null || s.refusal !== null);
  expect(prefilled.refusal).toBeNull();
  expect(prefilled.trusted).toBe(true);
  expect(prefilled.prefill!.missingFields).toEqual([]);
  expect(prefilled.prefill!.missingScopes).toEqual([]);
  await expect(page.getByLabel('Authorization callback URL')).toHaveValue(callbackUrl);
  await expect(page.getByLabel('Code (read and write)')).toBeChecked();
  await expect(page.getByLabel('Project and team (read)')).toBeChecked();

  // The admin's own click: the replica creates the app and shows its page on the second ADO origin.
  await page.getByRole('button', { name: 'Create application' }).click();
  const done = await until(started.flowId, (s) => s.complete);
  expect(new URL(page.url()).origin).toBe(demo.azure.origins['https://app.vsaex.visualstudio.com']);
  expect(failed(done)).toEqual([]);
  expect(done.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['app-id-format', 'authorize-url-client-id', 'authorize-url-redirect-uri', 'authorize-url-scopes', 'client-secret-format', 'client-secret-not-app-secret']));
  const created = demo.azure.replica.adoApps().at(-1)!;
  expect(created.appName).toBe(`DeepSource ${profile.organization}`);
  expect(done.fields.find((f) => f.key === 'appId')).toMatchObject({ status: 'found', value: created.appId });
  expect(done.fields.find((f) => f.key === 'clientSecret')).toMatchObject({ status: 'found', masked: { length: 758 } });

  const capture = await service.consumeCapture(started.flowId, async (c) => c);
  expect(capture.clientSecret).toBe(created.clientSecret);
  expect(capture.clientSecret).not.toBe(created.appSecret);
  expect(new URL(capture.authorizeUrl).searchParams.get('redirect_uri')).toBe(callbackUrl);
  const saved = await vault.applyCapture(profile.id, capture, 'new');
  expect(saved.profile.azure.appId).toBe(created.appId.toLowerCase());
  expect(saved.secrets.find((s) => s.kind === 'client-secret')?.present).toBe(true);
  await service.end(started.flowId);
  onlyReplicas();
});

test('demo Entra, an existing app: Overview, then its API permissions and Authentication read back, then a new secret', async () => {
  test.setTimeout(90_000);
  const { profile, callbackUrl } = await vault.view(demo.profiles.entra);
  const started = await service.start({ profileId: profile.id, provider: profile.provider, hostname: profile.hostname, org: profile.organization });
  expect(started.url).toBe(demo.azure.startUrls.entra);
  const app = demo.azure.replica.entraApps()[0]!;
  await page.getByRole('link', { name: app.displayName }).click();
  const overview = await until(started.flowId, (s) => s.fields.filter((f) => f.status === 'found').length >= 2 && s.readBack?.signInAudience !== undefined);
  expect(overview.fields.find((f) => f.key === 'appId')).toMatchObject({ status: 'found', value: app.appId });
  expect(overview.fields.find((f) => f.key === 'tenantId')).toMatchObject({ status: 'found', value: demo.azure.tenantId });
  // Read from the Overview's Essentials: the app is multitenant, which fits however DeepSource sends users.
  expect(overview.readBack).toEqual({ signInAudience: 'AzureADMultipleOrgs' });
  expect(overview.checks.filter((c) => c.pending).map((c) => c.id)).toEqual(['client-secret', 'app-redirect-uris', 'app-api-permissions']);
  expect(overview.complete).toBe(false);

  // The guide's direct links open the app's own pages; each is read back as it loads.
  service.openPage(started.flowId, 'apiPermissions');
  const permissions = await until(started.flowId, (s) => s.readBack?.apiPermissions !== undefined);
  expect(permissions.readBack!.apiPermissions!.filter((p) => p.resource === 'Azure DevOps').map((p) => [p.scope, p.type, p.consent])).toEqual([
    ['vso.code_write', 'Delegated', 'granted'],
    ['vso.code_status', 'Delegated', 'granted'],
    ['vso.project', 'Delegated', 'granted'],
  ]);
  service.openPage(started.flowId, 'authentication');
  const authentication = await until(started.flowId, (s) => s.readBack?.redirectUris !== undefined);
  expect(authentication.readBack!.redirectUris).toEqual([callbackUrl, `${callbackUrl}/`]);
  expect(authentication.checks.find((c) => c.id === 'app-redirect-uris')).toMatchObject({ ok: true });

  service.openPage(started.flowId, 'credentials');
  const blade = page.frameLocator('#blade');
  await expect(blade.getByText('old-ci')).toBeVisible();
  // Only the older, masked secret so far.
  const masked = await until(started.flowId, (s) => s.checks.some((c) => c.id === 'client-secret-not-masked'));
  expect(failed(masked)).toContain('client-secret-not-masked');

  await blade.getByRole('button', { name: '+ New client secret' }).click();
  const addedAt = Date.now();
  await blade.getByRole('button', { name: 'Add', exact: true }).click();
  const done = await until(started.flowId, (s) => s.complete, 30_000);
  const readAfterMs = Date.now() - addedAt;
  console.log(`entra: new secret read ${readAfterMs} ms after "Add"`);
  // The blade (an iframe that loaded during a watch round) is watched at once, not a 10 s round later.
  expect(readAfterMs).toBeLessThan(4_000);
  expect(failed(done)).toEqual([]);
  const [value] = demo.azure.replica.entraApps()[0]!.secretValues;
  const expires = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  const capture = await service.consumeCapture(started.flowId, async (c, owner) => ({ ...c, ...owner }));
  expect(capture).toMatchObject({ profileId: profile.id, purpose: 'new', appId: app.appId, tenantId: demo.azure.tenantId, clientSecret: value, authorityHost: 'login.microsoftonline.com', signInAudience: 'AzureADMultipleOrgs', clientSecretExpiresOn: expires });
  const authorize = new URL(capture.authorizeUrl);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`https://login.microsoftonline.com/${demo.azure.tenantId}/oauth2/v2.0/authorize`);
  expect(authorize.searchParams.get('redirect_uri')).toBe(callbackUrl);
  await service.end(started.flowId);
  onlyReplicas();
});

test('the demo browser trusts only the demo certificate: the KOTS double (another self-signed certificate) is refused', async () => {
  const context = await browser.newContext();
  const other = await context.newPage();
  await expect(other.goto(`${demo.console.url}/api/v1/apps`)).rejects.toThrow(/ERR_CERT/);
  const replica = await context.newPage();
  expect((await replica.goto(demo.azure.startUrls['ado-oauth']))?.ok()).toBe(true);
  await context.close();
});

test('demo Entra "+ New registration": the form is filled in, then the permissions added and consented, every setting read back', async () => {
  test.setTimeout(90_000);
  const { profile, callbackUrl } = await vault.view(demo.profiles.entra);
  const started = await service.start({ profileId: profile.id, provider: profile.provider, hostname: profile.hostname, org: profile.organization });
  await page.getByRole('link', { name: '+ New registration' }).click();
  // Filled in for the admin: the name, the account type (multitenant: DeepSource's sign-in was not looked at), the
  // platform Web through the portal's own drop-down, and the callback as the redirect URI.
  const prefilled = await until(started.flowId, (s) => s.prefill !== null);
  expect(prefilled.refusal).toBeNull();
  expect(prefilled.prefill).toMatchObject({ missingFields: [], missingChoices: [], chosen: [{ label: 'Supported account types', option: 'Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant)' }, { label: 'Select a platform', option: 'Web' }] });
  expect(prefilled.audience).toMatchObject({ value: 'AzureADMultipleOrgs' });
  await expect(page.getByLabel('Name')).toHaveValue(`DeepSource ${profile.organization}`);
  await expect(page.getByRole('combobox')).toHaveText(/Web/);
  await page.getByRole('button', { name: 'Register' }).click();
  const isNew = (a: { appId: string }) => a.appId !== demo.azure.replica.entraApps()[0]!.appId;
  await expect.poll(() => demo.azure.replica.entraApps().some(isNew)).toBe(true);
  const created = demo.azure.replica.entraApps().find(isNew)!;
  expect(created.displayName).toBe(`DeepSource ${profile.organization}`);
  await until(started.flowId, (s) => s.fields.some((f) => f.key === 'appId' && f.status === 'found' && f.value === created.appId));

  // A new registration lists only Microsoft Graph's User.Read: the check says what to add.
  service.openPage(started.flowId, 'apiPermissions');
  const lacking = await until(started.flowId, (s) => s.readBack?.apiPermissions !== undefined);
  expect(lacking.checks.find((c) => c.id === 'app-api-permissions')).toMatchObject({ ok: false });
  await page.getByRole('button', { name: '+ Add a permission' }).click();
  await page.getByRole('tab', { name: 'APIs my organization uses' }).click();
  await page.getByRole('button', { name: 'Azure DevOps' }).click();
  await page.getByRole('button', { name: 'Delegated permissions' }).click();
  for (const scope of ['vso.code_write', 'vso.code_status', 'vso.project']) await page.getByRole('checkbox', { name: new RegExp(`^${scope.replace('.', '\\.')} `) }).check();
  await page.getByRole('button', { name: 'Add permissions' }).click();
  const added = await until(started.flowId, (s) => s.checks.some((c) => c.id === 'app-api-permissions' && c.ok));
  expect(added.checks.find((c) => c.id === 'app-consent')).toMatchObject({ ok: true, warning: true });
  await page.getByRole('button', { name: /Grant admin consent for/ }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await until(started.flowId, (s) => s.checks.some((c) => c.id === 'app-consent' && c.ok && !c.warning));

  service.openPage(started.flowId, 'authentication');
  const authentication = await until(started.flowId, (s) => s.readBack?.redirectUris !== undefined);
  expect(authentication.readBack).toMatchObject({ signInAudience: 'AzureADMultipleOrgs', redirectUris: [callbackUrl] });

  service.openPage(started.flowId, 'credentials');
  const blade = page.frameLocator('#blade');
  await blade.getByRole('button', { name: '+ New client secret' }).click();
  await blade.getByRole('button', { name: 'Add', exact: true }).click();
  const done = await until(started.flowId, (s) => s.complete);
  expect(failed(done)).toEqual([]);
  const capture = await service.consumeCapture(started.flowId, async (c) => c);
  expect(capture).toMatchObject({ appId: created.appId, tenantId: demo.azure.tenantId, signInAudience: 'AzureADMultipleOrgs' });
  expect(capture.clientSecret).toBe(demo.azure.replica.entraApps().find((a) => a.appId === created.appId)!.secretValues[0]);
  await service.end(started.flowId);
  onlyReplicas();
});

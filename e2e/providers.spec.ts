import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { spkiSha256 } from '../src/main/tls/certificate-trust';
import { providers } from '../src/main/registration/providers';
import { readAuthorizeUrl } from '../src/main/signin/authorize-url';
import { signInChecks } from '../src/main/signin/checks';
import type { Channel } from '../src/shared/channels';
import type { RequestOf, ResponseOf } from '../src/shared/contract';
import type { ProfileView } from '../src/shared/profile';
import type { RegistrationState } from '../src/shared/registration';
import { THROWAWAY_AUTHORITY, THROWAWAY_ID, THROWAWAY_LIFETIME_DAYS, throwawayProvider } from '../test/providers/throwaway';
import { startThrowawaySite, type ThrowawaySite } from '../test/providers/throwaway/site';
import { chromiumArgs, chromiumPath } from './harness/chromium';
import { goTo, HARNESS_SENDER_ID, openApp, realBackend, repoRoot, type OpenedApp } from './harness/harness';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';

/**
 * Adding a provider is its folder plus one line: the throwaway provider (test/providers/throwaway/) is added to the
 * list the run is composed with, and nothing else changes. Through the built renderer, the real dispatcher and
 * handler table, the real RegistrationService driving real Chromium on the provider's own https site, and the real
 * keychain, it is offered, used for an installation, registered and saved; unknown ids are refused by a typed error.
 */
const screenshots = path.join(repoRoot, 'test-results', 'screenshots');
let site: ThrowawaySite;
let viewBrowser: Browser;
let view: Page;
let app: OpenedApp;

/** One call through the real dispatcher, typed by the contract. */
async function call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const answer = await app.dispatch(HARNESS_SENDER_ID, channel, payload);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as ResponseOf<C>;
}

/** Starts the registration flow for an installation: main reads its provider, host name and callback. */
function startRegistration(profile: ProfileView['profile']): Promise<RegistrationState> {
  return call('registrationStart', { profileId: profile.id });
}

test.beforeAll(async () => {
  site = await startThrowawaySite();
  // The view's Chromium trusts exactly the site's certificate; certificate checks stay on for everything else.
  viewBrowser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, `--ignore-certificate-errors-spki-list=${spkiSha256(site.certificatePem)}`] });
});

test.afterAll(async () => {
  await viewBrowser?.close();
  await site?.close();
});

test.beforeEach(async ({ page }) => {
  view = await (await viewBrowser.newContext({ serviceWorkers: 'block' })).newPage();
  const backend = realBackend({
    // The one line that adds the provider.
    providerList: [...providers, throwawayProvider(site.origin)],
    registrationBrowser: new PlaywrightRegistrationBrowser(view),
    registrationTiming: { watchMs: 10_000, prefillMs: 3_000, extractMs: 1_000, pickMs: 20_000 },
  });
  app = await openApp(page, backend);
  mkdirSync(screenshots, { recursive: true });
});

test.afterEach(async () => {
  await app.close();
  await view.context().close();
});

test('an added provider is offered, makes an installation, registers on its own site and saves to the keychain', async ({ page }) => {
  const listed = await call('providerList', {});
  expect(listed.providers.map((p) => p.id)).toEqual([...providers.map((p) => p.id), THROWAWAY_ID]);

  // The window offers it (its own label, from main) and makes the installation with it.
  await goTo(page, 'Installations');
  const form = page.getByRole('form', { name: 'New installation' });
  await expect(form.getByLabel('Microsoft Entra ID (new installations)')).toBeChecked();
  await form.getByLabel('DeepSource host name').fill('deepsource.throwaway.example');
  await form.getByLabel('Organization').fill('Throwaway Org');
  await form.getByLabel('Throwaway site (tests only)').check();
  await page.getByRole('button', { name: 'Create installation' }).click();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'deepsource.throwaway.example' }) });
  await expect(card.locator('.pill')).toHaveText('Throwaway');
  await page.screenshot({ path: path.join(screenshots, 'providers-throwaway-installation.png'), fullPage: true });
  const created = await call('profileGet', { id: 'deepsource-throwaway-example' });
  expect(created.profile).toMatchObject({ provider: THROWAWAY_ID, authorityHost: THROWAWAY_AUTHORITY });

  // The flow runs on the provider's site: its form is filled from its own fields, its values read and checked.
  const started = await startRegistration(created.profile);
  expect(started).toMatchObject({ provider: THROWAWAY_ID, providerTitle: 'Throwaway test provider', url: `${site.origin}/apps/new` });
  let state = started;
  await expect.poll(async () => (state = await call('registrationState', { flowId: started.flowId })).prefill !== null, { timeout: 15_000 }).toBe(true);
  expect(state.trusted).toBe(true);
  expect(state.prefill).toMatchObject({ missingFields: [], missingScopes: [], ticked: ['Read repositories', 'Write commit statuses'] });
  await expect(view.getByLabel('Return address')).toHaveValue(created.callbackUrl);
  await expect(view.getByLabel('App name')).toHaveValue('DeepSource Throwaway Org');
  await expect(view.getByLabel('Administer everything')).not.toBeChecked();
  await view.getByRole('button', { name: 'Create app' }).click(); // the admin's own click
  await expect.poll(async () => (state = await call('registrationState', { flowId: started.flowId })).complete, { timeout: 15_000 }).toBe(true);
  const made = site.apps.at(-1)!;
  expect(made).toMatchObject({ name: 'DeepSource Throwaway Org', redirect: created.callbackUrl, scopes: ['repo.read', 'status.write'] });
  expect(state.checks.filter((c) => !c.ok)).toEqual([]);
  expect(state.checks.map((c) => c.id)).toEqual(['app-id-format', 'authorize-url-endpoint', 'authorize-url-client-id', 'authorize-url-redirect-uri', 'client-secret-format']);
  expect(state.fields.find((f) => f.key === 'clientSecret')).toMatchObject({ status: 'found', masked: { length: made.clientSecret.length } });
  expect(JSON.stringify(state)).not.toContain(made.clientSecret);

  // Saved to the real keychain; the expiry follows the provider's own lifetime.
  const saved = await call('registrationSave', { flowId: started.flowId });
  expect(saved.profile.azure).toMatchObject({ appId: made.appId });
  expect(await app.backend.vault.readSecret(created.profile.id, 'client-secret')).toBe(made.clientSecret);
  expect(saved.secrets.find((s) => s.kind === 'client-secret')).toMatchObject({ present: true, expiresInDays: THROWAWAY_LIFETIME_DAYS });

  // The sign-in check recognises its authorize endpoint and judges it with its own rules.
  const registry = app.backend.vault.providers;
  const observed = readAuthorizeUrl(saved.profile.azure.authorizeUrl!, registry)!;
  expect(observed).toMatchObject({ kind: THROWAWAY_ID, authorityHost: 'localhost', clientId: made.appId, redirectUri: created.callbackUrl });
  expect(signInChecks(observed, saved.profile, registry).filter((c) => !c.ok)).toEqual([]);
  const elsewhere = readAuthorizeUrl(`https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${made.appId}&redirect_uri=${encodeURIComponent(created.callbackUrl)}&scope=x`, registry)!;
  expect(signInChecks(elsewhere, saved.profile, registry).find((c) => c.id === 'signin-authority')).toMatchObject({ ok: false, message: expect.stringContaining('not to the throwaway site') });
  const slash = readAuthorizeUrl(saved.profile.azure.authorizeUrl!.replace(encodeURIComponent(created.callbackUrl), encodeURIComponent(`${created.callbackUrl}/`)), registry)!;
  expect(signInChecks(slash, saved.profile, registry).find((c) => c.id === 'signin-redirect-uri')).toMatchObject({ ok: false, fix: expect.stringContaining('second return address') });
  await page.reload();
  await goTo(page, 'Installations');
  await expect(card.getByRole('listitem').filter({ hasText: 'Client secret' })).toContainText(`expires in ${THROWAWAY_LIFETIME_DAYS} days`);
});

test('an id the run was not composed with is refused at the boundary by a typed error naming the providers', async () => {
  const answer = await app.dispatch(HARNESS_SENDER_ID, 'profileCreate', { id: 'other', label: 'Other', hostname: 'ds.example.com', organization: 'O', provider: 'gitlab' });
  expect(answer).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_PROVIDER', message: 'This app knows no provider "gitlab"; it knows ado-oauth (Azure DevOps OAuth app (legacy)), entra (Microsoft Entra ID app registration), throwaway (Throwaway test provider).' },
  });
  expect((await app.dispatch(HARNESS_SENDER_ID, 'profileGet', { id: 'other' })).ok).toBe(false);
});

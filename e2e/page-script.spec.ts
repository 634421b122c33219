import { expect, test, type Page } from '@playwright/test';
import { emptyRead, evaluate, mergeExtraction, onePage } from '../src/main/registration/capture';
import { runInTrustedPageFrames } from '../src/main/registration/chromium/frames';
import { pageScriptCall } from '../src/main/registration/page-code';
import { adoOAuthProvider } from '../src/main/registration/providers/ado-oauth';
import { callbackUrl } from '../src/main/registration/providers/common';
import { entraProvider } from '../src/main/registration/providers/entra';
import type { Provider } from '../src/main/registration/providers/types';
import { extractRequest, pickRequest, prefillRequest } from '../src/main/registration/requests';
import type { ExtractAnswer, PickAnswer, PrefillAnswer } from '../src/shared/page-protocol';
import { ADO_APP, adoApp, adoAppView, adoAppViewTable, adoRefused, adoRegister, entraOverviewWithFrames, entraRegister, entraSecrets, REGISTER_ROUTE, untrustedEmbed } from '../test/fixtures/registration/pages';
import { serveReplicas, type Replica } from './harness/azure-replica';

/** The app's page script in real Chromium, run through the same frame runner as the CLI, on the replica pages. */

const REGISTER = 'https://aex.dev.azure.com/app/register?mkt=en-US';
const APP_VIEW = `https://app.vsaex.visualstudio.com/app/view?clientId=${ADO_APP.appId}`;
const PORTAL = 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c';
const BLADE = 'https://reactblade.portal.azure.net/Microsoft_AAD_RegisteredApps/secrets.html';
const AD = 'https://ads.example.net/embed.html';
const CALLBACK = callbackUrl('deepsource.contoso.example');
const TABLE_APP = adoApp('5B0E1D2C-9F8A-4B7C-8D6E-0A1B2C3D4E5F', 42424242);

let replica: Replica;
test.beforeEach(async ({ page }) => {
  replica = await serveReplicas(page);
});
test.afterEach(async () => {
  await replica.close();
});

async function extractFrom(page: Page, provider: Provider, waitMs = 3000) {
  const outcomes = await runInTrustedPageFrames(page, pageScriptCall(extractRequest(provider, waitMs)), provider.trustedOrigins);
  const read = emptyRead();
  mergeExtraction(provider, outcomes, read, onePage(provider, page.url()));
  return { outcomes, read, evaluation: evaluate(provider, read, CALLBACK) };
}

test.describe('prefill (ADO register form)', () => {
  test('fills the four fields by their visible labels, ticks exactly the three scopes and never submits', async ({ page }) => {
    replica.set([{ url: REGISTER, html: adoRegister() }]);
    await page.goto(REGISTER);
    const request = prefillRequest(adoOAuthProvider, { hostname: 'deepsource.contoso.example', org: 'Contoso', callback: CALLBACK, audience: 'AzureADMultipleOrgs' }, 5000)!;
    const [outcome] = await runInTrustedPageFrames(page, pageScriptCall(request), adoOAuthProvider.trustedOrigins);
    const answer = outcome?.value as PrefillAnswer;
    expect(answer.formFound).toBe(true);
    expect(answer.refusalText).toBeNull();
    expect(answer.filled).toEqual({
      'Company name': 'DeepSource Enterprise Server',
      'Application name': 'DeepSource Contoso',
      'Application website': 'https://deepsource.contoso.example',
      'Authorization callback URL': CALLBACK,
    });
    expect(answer.missingFields).toEqual([]);
    expect(answer.missingScopes).toEqual([]);
    // The page's own framework saw every change through its events.
    const state = JSON.parse((await page.locator('#framework-state').textContent()) ?? '{}') as { fields: Record<string, string>; scopes: Record<string, boolean>; submitted: boolean };
    expect(state.fields).toEqual({ companyName: 'DeepSource Enterprise Server', appName: 'DeepSource Contoso', appUrl: 'https://deepsource.contoso.example', redirectUrl: CALLBACK });
    expect(Object.entries(state.scopes).filter(([, on]) => on).map(([id]) => id).sort()).toEqual(['vso.code_status', 'vso.code_write', 'vso.project']);
    expect(state.submitted).toBe(false);
    // Among the ten scope boxes exactly the three are ticked, by prefill (the stale "Work items (read)" was unticked);
    // the unrelated newsletter box outside the scopes was ticked by the page and is left as it was, and said so.
    expect(answer.ticked).toEqual(['Code (read and write)', 'Code (status)', 'Project and team (read)']);
    expect(answer.alreadyTicked).toEqual([]);
    expect(answer.unticked).toEqual(['Work items (read)']);
    expect(answer.leftTicked).toEqual(['Send me product news']);
    await expect(page.getByLabel('Company website')).toHaveValue('');
  });

  for (const [locale, audience, option] of [
    ['en', 'AzureADMultipleOrgs', 'Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant)'],
    ['en', 'AzureADMyOrg', 'Accounts in this organizational directory only (Contoso only - Single tenant)'],
    ['de', 'AzureADMultipleOrgs', 'Konten in einem beliebigen Organisationsverzeichnis (beliebiger Microsoft Entra ID-Mandant – mehrinstanzenfähig)'],
  ] as const) {
    test(`Entra's New registration (${locale}, ${audience}): name, account type, the platform Web through its drop-down, the redirect URI`, async ({ page }) => {
      replica.set([{ url: REGISTER_ROUTE, html: entraRegister(locale) }]);
      await page.goto(REGISTER_ROUTE);
      // Before: the portal's default account type (single tenant) and no platform; the drop-down's options do not exist yet.
      await expect(page.getByRole('option')).toHaveCount(0);
      const request = prefillRequest(entraProvider, { hostname: 'deepsource.contoso.example', org: 'Contoso', callback: CALLBACK, audience }, 5000)!;
      const [outcome] = await runInTrustedPageFrames(page, pageScriptCall(request), entraProvider.trustedOrigins);
      const answer = outcome?.value as PrefillAnswer;
      expect(answer.formFound).toBe(true);
      expect(answer.missingFields).toEqual([]);
      expect(answer.missingChoices).toEqual([]);
      expect(Object.values(answer.filled)).toEqual(['DeepSource Contoso', CALLBACK]);
      expect(answer.chosen.map((c) => c.option)).toEqual([option, 'Web']);
      // What the page shows now, as the admin sees it: the radio chosen, the drop-down closed showing "Web".
      await expect(page.getByRole('radio', { name: option, exact: true })).toBeChecked();
      await expect(page.getByRole('combobox')).toHaveText(/Web/);
      await expect(page.getByRole('combobox')).toHaveAttribute('aria-expanded', 'false');
      expect(await page.locator('#platform').getAttribute('data-value')).toBe('web');
      await expect(page.locator('#reg-redirect')).toHaveValue(CALLBACK);
    });
  }

  test('a register page that refuses new apps is reported with its own sentence, and nothing is filled', async ({ page }) => {
    replica.set([{ url: REGISTER, html: adoRefused() }]);
    await page.goto(REGISTER);
    const request = prefillRequest(adoOAuthProvider, { hostname: 'h.example', org: 'O', callback: CALLBACK, audience: 'AzureADMultipleOrgs' }, 500)!;
    const [outcome] = await runInTrustedPageFrames(page, pageScriptCall(request), adoOAuthProvider.trustedOrigins);
    const answer = outcome?.value as PrefillAnswer;
    expect(answer.formFound).toBe(false);
    expect(answer.refusalText).toContain('no longer accepting new app registrations');
    expect(answer.filled).toEqual({});
  });
});

test.describe('extraction', () => {
  test('ADO app page: presses Show for the Client Secret only, waits for it, reads the full link behind truncated text', async ({ page }) => {
    replica.set([{ url: APP_VIEW, html: adoAppView() }]);
    await page.goto(APP_VIEW);
    const expectedSecret = ADO_APP.clientSecret;
    expect(expectedSecret).toHaveLength(758);
    const { outcomes, read, evaluation } = await extractFrom(page, adoOAuthProvider);
    const answer = outcomes[0]?.value as ExtractAnswer;
    expect(answer.revealed).toEqual(['clientSecret']);
    expect(read.values.get('appId')?.value).toBe('8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D');
    expect(read.values.get('clientSecret')?.value).toBe(expectedSecret);
    expect(read.values.get('authorizeUrl')?.value).toContain('&redirect_uri=https://deepsource.contoso.example/accounts/ads/login/callback/bifrost');
    // The App Secret decoy stayed hidden: only its dots were seen.
    expect(read.values.get('appSecret')?.masked).toBe(true);
    await expect(page.getByRole('button', { name: 'Show' })).toHaveCount(1);
    expect(evaluation.missing).toEqual([]);
    expect(evaluation.checks.filter((check) => !check.ok)).toEqual([]);
    expect(evaluation.checks.map((check) => check.id)).toEqual([
      'app-id-format', 'authorize-url-host', 'authorize-url-path', 'authorize-url-client-id', 'authorize-url-response-type',
      'authorize-url-redirect-uri', 'authorize-url-scopes', 'client-secret-format', 'client-secret-not-app-secret',
    ]);
  });

  test('a differently built app page (table, colons, odd case, secret already in a password input) reads the same way', async ({ page }) => {
    const url = 'https://app.vssps.visualstudio.com/profile/view/app/5b0e1d2c';
    replica.set([{ url, html: adoAppViewTable(TABLE_APP) }]);
    await page.goto(url);
    const { read, evaluation } = await extractFrom(page, adoOAuthProvider);
    expect(read.values.get('appId')?.value).toBe('5B0E1D2C-9F8A-4B7C-8D6E-0A1B2C3D4E5F');
    expect(read.values.get('clientSecret')?.value).toBe(TABLE_APP.clientSecret);
    expect(read.values.get('appSecret')?.value).toBe(TABLE_APP.appSecret);
    expect(read.values.get('authorizeUrl')?.value).toBe(TABLE_APP.authorizeUrl);
    expect(evaluation.checks.filter((check) => !check.ok)).toEqual([]);
  });

  test('Entra: ids from the Overview, the new secret Value from the blade iframe once it appears, nothing from a foreign frame', async ({ page }) => {
    replica.set([
      { url: PORTAL, html: entraOverviewWithFrames(BLADE, AD) },
      { url: BLADE, html: entraSecrets() },
      { url: AD, html: untrustedEmbed() },
    ]);
    await page.goto(PORTAL);
    await expect(page.frameLocator('#blade').getByRole('button', { name: '+ New client secret' })).toBeVisible();
    await expect(page.frameLocator('#ad').getByText('Evil~Secret')).toBeVisible();
    // Extraction starts first and watches; the admin then creates the secret.
    const pending = extractFrom(page, entraProvider, 8000);
    const blade = page.frameLocator('#blade');
    await blade.getByRole('button', { name: '+ New client secret' }).click();
    await blade.getByRole('button', { name: 'Add', exact: true }).click();
    const { outcomes, read, evaluation } = await pending;
    expect(outcomes.map((o) => o.origin).sort()).toEqual(['https://portal.azure.com', 'https://reactblade.portal.azure.net']);
    expect(read.values.get('appId')?.value).toBe('6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c');
    expect(read.values.get('tenantId')?.value).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(read.values.get('clientSecret')).toMatchObject({ value: 'Zr18Q~kP3vX.9mNq2_TbLw7Yc-Hd5Ge4Fj6Ua0Sz', masked: false, origin: 'https://reactblade.portal.azure.net' });
    expect(evaluation.authorityHost).toBe('login.microsoftonline.com');
    expect(evaluation.values.authorizeUrl).toBe(
      `https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize?client_id=6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}&response_mode=query&scope=499b84ac-1321-427f-aa17-267ca6975798%2F.default+offline_access`,
    );
    expect(evaluation.checks.filter((check) => !check.ok)).toEqual([]);
  });

  test('Entra: only the older masked secret on the page → the not-masked check fails and says to create a new one', async ({ page }) => {
    replica.set([{ url: BLADE, html: entraSecrets() }]);
    await page.goto(BLADE);
    const { read, evaluation } = await extractFrom(page, entraProvider, 300);
    expect(read.values.get('clientSecret')?.masked).toBe(true);
    const check = evaluation.checks.find((c) => c.id === 'client-secret-not-masked');
    expect(check).toMatchObject({ ok: false });
    expect(check?.fix).toContain('Create a new client secret');
  });

  test('an untrusted origin is never read, even with the very same page', async ({ page }) => {
    const lookalike = 'https://aex.dev.azure.com.attacker.example/app/view';
    replica.set([{ url: lookalike, html: adoAppViewTable(TABLE_APP) }]);
    await page.goto(lookalike);
    const { outcomes, read } = await extractFrom(page, adoOAuthProvider, 0);
    expect(outcomes).toEqual([]);
    expect(read.values.size).toBe(0);
  });
});

test.describe('hostile values', () => {
  test('markup or script in a value is refused and never becomes HTML; a 1 MB value is cut in the page and refused', async ({ page }) => {
    const markup = '<b>8D2F</b><img src=x onerror="window.__pwned=1">';
    replica.set([{ url: APP_VIEW, html: adoAppView({ appId: markup, clientSecret: `eyJ${'A'.repeat(1024 * 1024)}` }, { revealDelayMs: 10 }) }]);
    await page.goto(APP_VIEW);
    const { outcomes, read, evaluation } = await extractFrom(page, adoOAuthProvider, 1500);
    const answer = outcomes[0]?.value as ExtractAnswer;
    expect(answer.values['appId']?.value).toBe(markup);
    expect(answer.values['clientSecret']).toMatchObject({ tooLong: true });
    expect(answer.values['clientSecret']?.value.length).toBeLessThanOrEqual(4097);
    expect(read.values.has('appId')).toBe(false);
    expect(read.rejected.get('appId')).toMatch(/markup/);
    expect(read.values.has('clientSecret')).toBe(false);
    expect(read.rejected.get('clientSecret')).toMatch(/longer than 4096/);
    expect(evaluation.checks.find((c) => c.id === 'app-id-format')?.ok).toBe(false);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });
});

test.describe('checks fail on purpose', () => {
  const good = 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D&response_type=Assertion&state=User1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=' + CALLBACK;
  const cases: [string, Parameters<typeof adoAppView>[0] & object, RegExp][] = [
    ['app-id-format', { appId: 'not-a-guid' }, /not a GUID/],
    ['authorize-url-host', { authorizeUrl: good.replace('app.vssps.visualstudio.com', 'app.vssps.visualstudio.com.evil.example') }, /not https:\/\/app\.vssps/],
    ['authorize-url-path', { authorizeUrl: good.replace('/oauth2/authorize', '/oauth2/token') }, /not \/oauth2\/authorize/],
    ['authorize-url-client-id', { authorizeUrl: good.replace('client_id=8D2F6A1C', 'client_id=9D2F6A1C') }, /different apps/],
    ['authorize-url-response-type', { authorizeUrl: good.replace('Assertion', 'code') }, /response_type=code/],
    ['authorize-url-redirect-uri', { authorizeUrl: `${good}/` }, /registered with callback .*bifrost\/; DeepSource expects .*bifrost\./],
    ['authorize-url-scopes', { authorizeUrl: good.replace('%20vso.code_status', '') }, /lacks the scope vso\.code_status/],
    ['client-secret-format', { clientSecret: 'short-secret-value-1234567890' }, /does not look like the long assertion/],
    ['client-secret-not-app-secret', { clientSecret: 'q3x7m2kd9vnr5tz8wcb4hj6ylp0fsa1ue7gio3kmq2w9xzr5tb', appSecret: 'q3x7m2kd9vnr5tz8wcb4hj6ylp0fsa1ue7gio3kmq2w9xzr5tb' }, /App Secret/],
  ];
  for (const [id, config, message] of cases) {
    test(`${id} fails with its own message and a fix`, async ({ page }) => {
      replica.set([{ url: APP_VIEW, html: adoAppView(config, { revealDelayMs: 10 }) }]);
      await page.goto(APP_VIEW);
      if (id === 'client-secret-not-app-secret') await page.getByRole('button', { name: 'Show' }).first().click();
      const { evaluation } = await extractFrom(page, adoOAuthProvider, 1500);
      const failed = evaluation.checks.filter((check) => !check.ok);
      expect(failed.map((check) => check.id)).toContain(id);
      const check = failed.find((c) => c.id === id)!;
      expect(check.message).toMatch(message);
      expect(check.fix?.length).toBeGreaterThan(10);
    });
  }

  test('Entra: a Secret ID taken for the Value fails client-secret-not-secret-id', async ({ page }) => {
    const secretId = '4c3b2a19-0f8e-4d7c-b6a5-948372615af1';
    replica.set([{ url: BLADE, html: entraSecrets({ autoAdd: true, addDelayMs: 0, newSecret: { description: 'DeepSource', expires: '11/26/2027', hint: '4c3', secretId: '11111111-0f8e-4d7c-b6a5-948372615af0', value: secretId } }) }]);
    await page.goto(BLADE);
    const { evaluation } = await extractFrom(page, entraProvider, 500);
    expect(evaluation.checks.find((c) => c.id === 'client-secret-not-secret-id')).toMatchObject({ ok: false, message: expect.stringMatching(/AADSTS7000215/) });
  });
});

/** The page script has installed its pick listeners (it marks the window while picking). */
const pickReady = (page: Page) => page.waitForFunction(() => '__adsRegistrationPick' in window);

test.describe('pick mode', () => {
  test('the clicked element’s value is returned; the page does not act on the click; Escape cancels', async ({ page }) => {
    replica.set([{ url: APP_VIEW, html: adoAppView() }]);
    await page.goto(APP_VIEW);
    const origins = adoOAuthProvider.trustedOrigins;
    const picking = runInTrustedPageFrames(page, pageScriptCall(pickRequest(10_000)), origins);
    await pickReady(page);
    // Clicking the (truncated) Authorize URL link gives its full href, and does not navigate.
    await page.locator('a.truncate').first().click();
    const [picked] = await picking;
    expect((picked?.value as PickAnswer).picked).toMatchObject({ source: 'href', value: expect.stringContaining('redirect_uri=https://deepsource') });
    expect(page.url()).toBe(APP_VIEW);
    expect(page.context().pages()).toHaveLength(1);

    const again = runInTrustedPageFrames(page, pageScriptCall(pickRequest(10_000)), origins);
    await pickReady(page);
    await page.locator('input[readonly]').click();
    expect(((await again)[0]?.value as PickAnswer).picked).toMatchObject({ source: 'input', value: '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D' });

    const cancelled = runInTrustedPageFrames(page, pageScriptCall(pickRequest(10_000)), origins);
    await pickReady(page);
    await page.keyboard.press('Escape');
    expect(((await cancelled)[0]?.value as PickAnswer).picked).toBeNull();

    const stopped = runInTrustedPageFrames(page, pageScriptCall(pickRequest(10_000)), origins);
    await pickReady(page);
    await runInTrustedPageFrames(page, pageScriptCall({ mode: 'cancel-pick' }), origins);
    expect(((await stopped)[0]?.value as PickAnswer).picked).toBeNull();
  });
});

// The sign-in round trip in real Chromium (the CLI's browser, its own checked proxy) through DeepSource's front door
// replica and Entra's double, by their real host names over the demo's network: the admin signs in at "Azure", Azure
// answers DeepSource's callback, DeepSource redeems the code and answers. Each refusal an admin meets is one case.
import { randomUUID } from 'node:crypto';
import tls from 'node:tls';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profile';
import type { SignInState } from '../../shared/signin';
import { startFrontDoor, type FrontDoor } from '../../demo/deepsource-front-door/server';
import { startEntraGraphDouble, type EntraGraphDouble, type ExternalApp } from '../../demo/entra-graph';
import { demoPost, startDemoNetwork, type DemoNetwork } from '../../demo/network';
import { launchChromium } from '../registration/chromium/launch';
import { ProviderRegistry } from '../registration/providers';
import { makeThrowawayCertificate } from '../tls/throwaway-certificate';
import { ChromiumSignInBrowser } from './chromium/signin-page';
import { SignInService } from './service';

const HOST = 'deepsource.contoso.example';
const CALLBACK = `https://${HOST}/accounts/ads/login/callback/bifrost`;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP_ID = '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c';
const SECRET = 'Zr18Q~kP3vX.9mNq2_TbLw7Yc-Hd5Ge4Fj6Ua0Sz';
const ADMIN = { account: 'admin@contoso.onmicrosoft.com', password: 'Admin-pass-1' };
const USER = { account: 'dev@contoso.onmicrosoft.com', password: 'Dev-pass-1' };

let chromium: Browser | undefined;
let browser: ChromiumSignInBrowser;
let frontDoor: FrontDoor;
let entra: EntraGraphDouble;
let network: DemoNetwork;
let app: NonNullable<ExternalApp['settings']>;
let deployed: Record<string, string>;

const profile: Profile = {
  schemaVersion: 2,
  id: 'contoso',
  label: 'Contoso',
  hostname: HOST,
  organization: 'Contoso',
  provider: 'entra',
  callbackTrailingSlash: false,
  hostDomain: 'dev.azure.com',
  authorityHost: 'login.microsoftonline.com',
  console: {},
  azure: { appId: APP_ID, tenantId: TENANT },
  keychainKey: `p_${'0'.repeat(32)}`,
  secrets: {},
  consoleItems: {},
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

beforeAll(async () => {
  const [door, login] = await Promise.all([makeThrowawayCertificate(HOST), makeThrowawayCertificate('login.demo')]);
  const pins = [
    { hostname: HOST, fingerprint256: door.fingerprint },
    { hostname: 'login.microsoftonline.com', fingerprint256: login.fingerprint },
  ];
  entra = await startEntraGraphDouble({
    certificate: login,
    tenants: [{ id: TENANT, domain: 'contoso.onmicrosoft.com', usersCanConsent: false, users: [{ userPrincipalName: ADMIN.account, password: ADMIN.password, roles: ['Application Administrator'] }, { userPrincipalName: USER.account, password: USER.password }] }],
    externalApps: () => [{ tenantId: TENANT, appId: APP_ID, secretValues: [SECRET], settings: app }],
  });
  const tokens: { post?: ReturnType<typeof demoPost> } = {};
  frontDoor = await startFrontDoor({
    certificate: door,
    hostname: HOST,
    console: { values: () => deployed, deployedSequence: () => 1 },
    items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority', clientSecret: 'ads_client_secret' },
    exchange: (url, form) => tokens.post!(url, form),
  });
  network = await startDemoNetwork({ [HOST]: frontDoor.origin, 'login.microsoftonline.com': entra.loginUrl });
  tokens.post = demoPost(network, pins);
  // The CLI's browser, with the demo's network as its resolver: each real host name reaches the server behind it.
  browser = new ChromiumSignInBrowser(
    async (extra) => (chromium = await launchChromium(process.env, extra)),
    { connect: (host, port, options) => tls.connect({ ...options, ...(network.resolve(host, port) ?? { host, port }) }) },
  );
  service = new SignInService({ browser, vault: { get: async () => profile, providers: new ProviderRegistry() }, randomId: randomUUID, trust: { pins }, timing: { lookMs: 3_000, settleMs: 800 } });
});
afterAll(async () => {
  await browser?.dispose();
  await Promise.all([frontDoor?.close(), entra?.close(), network?.close()]);
});

let service: SignInService;
let seen: string[];
afterEach(() => {
  frontDoor.behaviour.tenantPath = 'organizations';
  frontDoor.behaviour.secret = 'deployed';
  frontDoor.behaviour.entraResponseType = 'code';
});

function setUp(change: Partial<typeof app> = {}, values: Record<string, string> = {}): void {
  app = { displayName: 'DeepSource Contoso', signInAudience: 'AzureADMultipleOrgs', redirectUris: [CALLBACK], azureDevOpsScopes: ['vso.code_write', 'vso.code_status', 'vso.project'], adminConsented: true, ...change };
  deployed = { ads_enabled: '1', ads_app_id: APP_ID, ads_authority: 'login.microsoftonline.com', ads_client_secret: SECRET, ...values };
}

/** The round trip's Chromium page (the run's own context). */
async function signInPage(): Promise<Page> {
  await expect.poll(() => chromium?.contexts().at(-1)?.pages().length ?? 0).toBeGreaterThan(0);
  return chromium!.contexts().at(-1)!.pages()[0]!;
}

/** Starts a round trip; every state it passes through is kept (to show no code is ever in one). */
async function start(): Promise<{ runId: string; page: Page }> {
  const { runId } = await service.start({ profileId: 'contoso', mode: 'round-trip' });
  seen = [];
  const poll = setInterval(() => {
    try {
      seen.push(JSON.stringify(service.state(runId)));
    } catch {
      clearInterval(poll);
    }
  }, 50);
  void service.finished(runId).finally(() => setTimeout(() => clearInterval(poll), 100));
  return { runId, page: await signInPage() };
}

/** What the admin does on Microsoft's sign-in pages: the account, the password, "Stay signed in?". */
async function signIn(page: Page, who: { account: string; password: string }): Promise<void> {
  await page.getByLabel('Email, phone, or Skype').fill(who.account);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
}

async function finished(runId: string): Promise<SignInState> {
  const state = await service.finished(runId);
  seen.push(JSON.stringify(state));
  return state;
}

describe('the sign-in round trip (real Chromium, Entra and DeepSource replicas by their real names)', () => {
  it('signs in through Azure and back: a code to DeepSource’s callback (never kept), then DeepSource’s signed-in page', async () => {
    setUp();
    const { runId, page } = await start();
    await signIn(page, ADMIN);
    const state = await finished(runId);
    expect(state).toMatchObject({ mode: 'round-trip', phase: 'done', verdict: 'passed', roundTrip: { azure: null, returned: 'code', answer: { kind: 'signed-in', title: 'Dashboard · DeepSource' } } });
    expect(state.status).toContain('Signed in');
    // What DeepSource sent Azure was read and compared on the way, as the redirect check does.
    expect(state.checks.every((check) => check.ok)).toBe(true);
    expect(state.observed?.authorizeUrl).toContain('state=%E2%80%A6');
    // No state of the run ever held the code, the state or a token: every address was stored with them cut out.
    expect(seen.join('\n')).not.toMatch(/[?&#](code|state|session_state)=(?!%E2%80%A6)/);
    // The run's browser context (its cookies and storage) is gone.
    await expect.poll(() => chromium!.contexts().length).toBe(0);
  });

  const refusals: [string, () => void, (page: Page) => Promise<void>, number, RegExp][] = [
    ['AADSTS50011: the callback is not among the app’s redirect URIs', () => setUp({ redirectUris: [`${CALLBACK}/`] }), async () => undefined, 50011, /not one of the app .* Web redirect URIs/],
    ['AADSTS700016: DeepSource sends an App ID the directory does not know', () => setUp({}, { ads_app_id: '0f0e0d0c-0b0a-4909-8807-060504030201' }), async () => undefined, 700016, /does not know the app/],
    ['AADSTS650057: the app lists no Azure DevOps permission', () => setUp({ azureDevOpsScopes: [] }), (page) => signIn(page, ADMIN), 650057, /lists no Azure DevOps permission/],
    ['AADSTS50194: a single-tenant app reached through /organizations', () => setUp({ signInAudience: 'AzureADMyOrg' }), (page) => signIn(page, ADMIN), 50194, /single tenant, but DeepSource sends users to \/organizations/],
  ];
  for (const [title, arrange, act, code, explained] of refusals) {
    it(`explains Azure’s error page, ${title}`, async () => {
      arrange();
      const { runId, page } = await start();
      await act(page);
      const state = await finished(runId);
      expect(state).toMatchObject({ verdict: 'mismatch', roundTrip: { azure: { where: 'page', code }, returned: null, answer: null }, error: { code: 'SIGNIN_REFUSED' } });
      expect(state.roundTrip!.azure!.shown).toContain(`AADSTS${code}`);
      expect(state.roundTrip!.azure!.message).toMatch(explained);
    });
  }

  it('explains AADSTS65001 sent back to the callback (a user who may not consent), and DeepSource’s answer to it', async () => {
    setUp({ adminConsented: false });
    const { runId, page } = await start();
    await signIn(page, USER);
    await page.getByRole('button', { name: 'Return to the application without granting consent' }).click();
    const state = await finished(runId);
    expect(state).toMatchObject({ verdict: 'mismatch', roundTrip: { azure: { where: 'callback', code: 65001 }, returned: 'error', answer: { kind: 'login-page' } } });
    expect(state.roundTrip!.azure!.message).toContain('may not consent');
    expect(state.roundTrip!.answer!.said).toContain('Could not log in with Azure Devops Services');
  });

  it('an AADSTS code the app has no words for (70005, sent back to the callback) is named, with where to look it up', async () => {
    setUp();
    frontDoor.behaviour.entraResponseType = 'Assertion'; // an older DeepSource build asks Entra as it asked vssps
    const { runId } = await start();
    const state = await finished(runId);
    expect(state).toMatchObject({ verdict: 'mismatch', roundTrip: { azure: { where: 'callback', code: 70005 }, returned: 'error', answer: { kind: 'login-page' } } });
    expect(state.roundTrip!.azure!.message).toBe('Azure refused the sign-in with AADSTS70005.');
    expect(state.roundTrip!.azure!.remedy).toContain('Microsoft Entra authentication and authorization error codes');
  });

  it('DeepSource’s own error: Azure sends a code, but DeepSource cannot redeem it (a stale secret) and says so', async () => {
    setUp();
    frontDoor.behaviour.secret = 'stale';
    const { runId, page } = await start();
    await signIn(page, ADMIN);
    const state = await finished(runId);
    expect(state).toMatchObject({ verdict: 'mismatch', roundTrip: { azure: null, returned: 'code', answer: { kind: 'login-page' } }, error: { code: 'SIGNIN_REFUSED' } });
    expect(state.roundTrip!.answer!.said).toContain('AADSTS7000215');
    expect(state.error!.message).toContain('DeepSource sent the user back to its login page');
    expect(state.error!.remedy).toContain('client secret');
  });
});

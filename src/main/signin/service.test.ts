// The sign-in check in real Chromium (the CLI's browser) against the demo's replica of DeepSource's front door over
// real HTTPS on loopback. The front door reads a deployed version's values; here a small table stands in for the
// console's version history, so each case can say exactly what is deployed and when.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profile';
import type { SignInState } from '../../shared/signin';
import { startFrontDoor, type FrontDoor } from '../../demo/deepsource-front-door/server';
import { makeThrowawayCertificate, type ThrowawayCertificate } from '../tls/throwaway-certificate';
import { launchChromium } from '../registration/chromium/launch';
import { ProviderRegistry } from '../registration/providers';
import { ChromiumSignInBrowser } from './chromium/signin-page';
import { SignInService } from './service';

const HOST = 'deepsource.contoso.example';
const APP_ID = '8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d';
const NEW_APP_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

let browser: ChromiumSignInBrowser;
let certificate: ThrowawayCertificate;
let frontDoor: FrontDoor;
let deployed: { sequence: number; versions: Record<number, Record<string, string>> };
const profiles = new Map<string, Profile>();

function profile(id: string, overrides: Partial<Profile> & { appId?: string; tenantId?: string } = {}): Profile {
  const { appId = APP_ID, tenantId, ...rest } = overrides;
  const provider = rest.provider ?? 'ado-oauth';
  const made = {
    schemaVersion: 1,
    id,
    label: id,
    hostname: HOST,
    organization: 'Contoso',
    provider,
    callbackTrailingSlash: false,
    hostDomain: 'dev.azure.com',
    authorityHost: provider === 'entra' ? 'login.microsoftonline.com' : 'app.vssps.visualstudio.com',
    console: {},
    azure: { appId, ...(tenantId ? { tenantId } : {}) },
    secrets: {},
    consoleItems: {},
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...rest,
  } as Profile;
  profiles.set(id, made);
  return made;
}

function deploy(values: Record<string, string>): void {
  deployed.sequence += 1;
  deployed.versions[deployed.sequence] = values;
}
const adsValues = (appId: string, authority = 'app.vssps.visualstudio.com') => ({ ads_enabled: '1', ads_app_id: appId, ads_authority: authority });

function service(pins = true): SignInService {
  return new SignInService({
    browser,
    vault: { get: async (id: string) => profiles.get(id)!, providers: new ProviderRegistry() },
    randomId: randomUUID,
    timing: { lookMs: 3_000, retryMs: 300 },
    loginUrlFor: () => frontDoor.loginUrl,
    ...(pins ? { trust: { pins: [{ hostname: '127.0.0.1', fingerprint256: certificate.fingerprint }] } } : {}),
  });
}

async function check(id: string, waitSeconds = 0, signIn = service()): Promise<SignInState> {
  const { runId } = await signIn.start({ profileId: id, waitSeconds });
  return signIn.finished(runId);
}
const failedIds = (state: SignInState) => state.checks.filter((c) => !c.ok).map((c) => c.id);

beforeAll(async () => {
  browser = new ChromiumSignInBrowser((extraArgs) => launchChromium(process.env, extraArgs));
  certificate = await makeThrowawayCertificate(HOST);
});
afterAll(async () => browser?.dispose());

const openFrontDoor = (restartMs: number) =>
  startFrontDoor({
    certificate,
    hostname: HOST,
    console: { values: (sequence) => deployed.versions[sequence] ?? {}, deployedSequence: () => deployed.sequence },
    items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority' },
    restartMs,
  });

beforeEach(async () => {
  deployed = { sequence: 0, versions: { 0: { ads_enabled: '0' } } };
  frontDoor = await openFrontDoor(600);
});
afterEach(async () => frontDoor.close());

describe('the sign-in check', () => {
  it('follows the login to the authorize URL without loading it, and passes when DeepSource sends the app', async () => {
    profile('match');
    deploy(adsValues(APP_ID));
    const state = await check('match', 20);
    expect(state).toMatchObject({ phase: 'done', verdict: 'passed', observed: { kind: 'ado-oauth', clientId: APP_ID, redirectUri: `https://${HOST}/accounts/ads/login/callback/bifrost` } });
    expect(failedIds(state)).toEqual([]);
  });

  it('a trailing-slash mismatch fails with the one-step fix', async () => {
    profile('slash', { callbackTrailingSlash: true });
    deploy(adsValues(APP_ID));
    const state = await check('slash', 20);
    expect(state.verdict).toBe('mismatch');
    expect(state.checks.find((c) => c.id === 'signin-redirect-uri')).toMatchObject({ ok: false, action: 'use-callback-without-slash' });
  });

  it('a stale App ID right after a deploy: a single look reports it, a wait sees the new one go live', async () => {
    profile('stale', { appId: NEW_APP_ID });
    deploy(adsValues(APP_ID));
    await frontDoor.close();
    frontDoor = await openFrontDoor(6_000); // version 1 is live; the next one takes 6 s to go live
    deploy(adsValues(NEW_APP_ID)); // DeepSource still runs the old pods for a moment
    const once = await check('stale', 0);
    expect(once.verdict).toBe('mismatch');
    expect(once.checks.find((c) => c.id === 'signin-client-id')?.message).toContain('not live yet');
    const waited = await check('stale', 20);
    expect(waited).toMatchObject({ verdict: 'passed' });
    expect(waited.attempts).toBeGreaterThan(1);
  });

  it('an Entra installation on a DeepSource that still sends users to vssps is told so', async () => {
    frontDoor.behaviour.entraAware = false;
    profile('entra-old', { provider: 'entra', tenantId: TENANT });
    deploy(adsValues(APP_ID, 'login.microsoftonline.com'));
    const state = await check('entra-old', 20);
    expect(state.verdict).toBe('mismatch');
    expect(failedIds(state)).toEqual(['signin-authority']);
  });

  it('an Entra installation on an Entra-aware DeepSource passes', async () => {
    profile('entra', { provider: 'entra', tenantId: TENANT });
    deploy(adsValues(APP_ID, 'login.microsoftonline.com'));
    const state = await check('entra', 20);
    expect(state).toMatchObject({ verdict: 'passed', observed: { kind: 'entra', tenant: 'organizations' } });
  });

  it('refuses an untrusted certificate with its fingerprint, and goes on once that fingerprint is trusted', async () => {
    profile('tls');
    deploy(adsValues(APP_ID));
    const refused = await check('tls', 0, service(false));
    expect(refused).toMatchObject({ phase: 'failed', verdict: 'tls', certificate: { fingerprint: certificate.fingerprint, host: '127.0.0.1', kind: 'untrusted' } });
    const signIn = service(false);
    const { runId } = await signIn.start({ profileId: 'tls', waitSeconds: 20, trustFingerprint: certificate.fingerprint });
    expect(await signIn.finished(runId)).toMatchObject({ verdict: 'passed' });
  });

  it('says when DeepSource offers no Azure DevOps sign-in (not enabled or not deployed)', async () => {
    profile('disabled');
    const state = await check('disabled', 0);
    expect(state).toMatchObject({ phase: 'failed', verdict: 'unreachable', error: { code: 'SIGNIN_UNREACHABLE' } });
    expect(state.status).toContain('GitHub');
  });
});

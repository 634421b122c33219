// The probe before the Azure work, in real Chromium (the CLI's browser) against the demo's replica of DeepSource's
// front door over real HTTPS on loopback: it decides the new app's account type and callback form from what
// DeepSource sends, and gives up within its limit whatever DeepSource does.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profile';
import { startFrontDoor, type FrontDoor } from '../../demo/deepsource-front-door/server';
import { makeThrowawayCertificate, type ThrowawayCertificate } from '../tls/throwaway-certificate';
import { launchChromium } from '../registration/chromium/launch';
import { ProviderRegistry } from '../registration/providers';
import { ChromiumSignInBrowser } from './chromium/signin-page';
import { DeepSourceProbe, probeView } from './probe';
import { SignInService } from './service';

const HOST = 'deepsource.contoso.example';
const LIVE_APP_ID = '8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

let browser: ChromiumSignInBrowser;
let certificate: ThrowawayCertificate;
let frontDoor: FrontDoor;
let values: Record<string, string>;
let loginUrl: () => string;

/** A new Entra installation: no App ID yet (the probe needs none). */
const profile = {
  schemaVersion: 1,
  id: 'new',
  label: 'New',
  hostname: HOST,
  organization: 'Contoso',
  provider: 'entra',
  callbackTrailingSlash: false,
  hostDomain: 'dev.azure.com',
  authorityHost: 'login.microsoftonline.com',
  console: {},
  azure: {},
  secrets: {},
  consoleItems: {},
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
} as unknown as Profile;

function probe(limitMs?: number): DeepSourceProbe {
  const signIn = new SignInService({
    browser,
    vault: { get: async () => profile, providers: new ProviderRegistry() },
    randomId: randomUUID,
    timing: { lookMs: 3_000, retryMs: 300 },
    loginUrlFor: () => loginUrl(),
    trust: { pins: [{ hostname: '127.0.0.1', fingerprint256: certificate.fingerprint }] },
  });
  return new DeepSourceProbe({ signIn, ...(limitMs ? { limitMs } : {}) });
}

beforeAll(async () => {
  browser = new ChromiumSignInBrowser((extraArgs) => launchChromium(process.env, extraArgs));
  certificate = await makeThrowawayCertificate(HOST);
});
afterAll(async () => browser?.dispose());

beforeEach(async () => {
  // This DeepSource already offers Azure DevOps sign-in with an Entra app (a rotation, a migration, a reinstall).
  values = { ads_enabled: '1', ads_app_id: LIVE_APP_ID, ads_authority: 'login.microsoftonline.com' };
  frontDoor = await startFrontDoor({
    certificate,
    hostname: HOST,
    console: { values: () => values, deployedSequence: () => 1 },
    items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority' },
  });
  loginUrl = () => frontDoor.loginUrl;
});
afterEach(async () => frontDoor.close());

describe('the probe of DeepSource’s login, before the Azure work', () => {
  it('DeepSource sends users to /organizations: a multitenant app (single tenant would fail with AADSTS50194)', async () => {
    frontDoor.behaviour.tenantPath = 'organizations';
    const result = await probe().look(profile);
    expect(result.observed).toMatchObject({ kind: 'entra', tenant: 'organizations', clientId: LIVE_APP_ID });
    expect(result.decision).toMatchObject({ audience: 'AzureADMultipleOrgs', tenantPath: 'organizations', why: expect.stringContaining('AADSTS50194') });
    expect(result.callbackTrailingSlash).toBe(false);
    expect(probeView(result, result.decision)).toMatchObject({ looked: true, audience: 'AzureADMultipleOrgs' });
  });

  it('DeepSource sends users to /common: multitenant too', async () => {
    frontDoor.behaviour.tenantPath = 'common';
    expect((await probe().look(profile)).decision).toMatchObject({ audience: 'AzureADMultipleOrgs', tenantPath: 'common' });
  });

  it('DeepSource sends users to a tenant’s own address: a single-tenant app, and the callback form it sends', async () => {
    frontDoor.behaviour.tenantPath = TENANT;
    frontDoor.behaviour.callbackTrailingSlash = true;
    const result = await probe().look(profile);
    expect(result.decision).toMatchObject({ audience: 'AzureADMyOrg', tenantPath: 'tenant', why: expect.stringContaining(TENANT) });
    expect(result.callbackTrailingSlash).toBe(true);
  });

  it('DeepSource still sends users to Azure DevOps OAuth: says so, and registers multitenant', async () => {
    frontDoor.behaviour.entraAware = false;
    const result = await probe().look(profile);
    expect(result.observed).toMatchObject({ kind: 'ado-oauth' });
    expect(result.decision).toMatchObject({ audience: 'AzureADMultipleOrgs', tenantPath: null, why: expect.stringContaining('not to Microsoft Entra ID') });
  });

  it('a DeepSource without Azure DevOps sign-in yet: nothing seen, multitenant, and why', async () => {
    values = { ads_enabled: '0' };
    const result = await probe().look(profile);
    expect(result.observed).toBeNull();
    expect(result.decision).toMatchObject({ audience: 'AzureADMultipleOrgs', tenantPath: null, why: expect.stringMatching(/^DeepSource’s sign-in could not be looked at \(.+\), so the app is registered for accounts in any organizational directory/) });
    expect(probeView(result, result.decision).looked).toBe(false);
  });

  it('a DeepSource that never answers: the probe gives up at its limit and registration goes on multitenant', async () => {
    // A TCP server that accepts and never answers: the page's load hangs until the probe's limit.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    loginUrl = () => `https://127.0.0.1:${(silent.address() as AddressInfo).port}/login`;
    try {
      const result = await probe(1_500).look(profile);
      expect(result.observed).toBeNull();
      expect(result.decision).toMatchObject({ audience: 'AzureADMultipleOrgs', why: expect.stringContaining('could not be looked at (it did not lead to Azure within 2 s)') });
    } finally {
      silent.close();
    }
  });
});

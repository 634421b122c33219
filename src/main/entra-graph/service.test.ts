// The Graph route end to end under Node: the real MSAL Node signs the admin in (Chromium as the system browser)
// at the Entra double, Graph creates the registration, the secret goes to the real gnome-keyring, the registration
// is read back and checked, and the secret proven with a client-credentials request to the double's token endpoint.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtEntra } from '../../../test/entra/double';
import { ADMIN, entraFixture, type EntraFixture } from '../../../test/entra/service-fixture';
import { graphRunStateSchema, type GraphRunOptions } from '../../shared/entra-graph';
import { keychainValue } from '../../../test/doubles/memory-secret-store';
import type { RunOverrides } from './service';

let f: EntraFixture;
const OPTIONS: GraphRunOptions = { cloud: 'public', secretDays: 180, grantConsent: false };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  f = await entraFixture();
}, 60_000);
afterAll(async () => {
  await f?.close();
});

async function profile(id: string, organization = 'Contoso') {
  await f.vault.create({ id, label: id, hostname: `${id}.contoso.example`, organization, provider: 'entra' });
  return id;
}

/** Starts a run and, the first time in this file, signs the admin in at the browser tab MSAL opened. */
let signedIn = false;
async function run(profileId: string, options: GraphRunOptions = OPTIONS, overrides: RunOverrides = {}) {
  const started = await f.service.start(profileId, 'new', options, overrides);
  if (!signedIn) {
    await signInAtEntra(await f.browser.nextPage(), { ...ADMIN, consent: 'accept' });
    signedIn = true;
  }
  return f.service.finished(started.runId);
}

describe('EntraGraphService: the Graph route (real MSAL Node, Entra double, real keychain)', () => {
  it('an empty tenant app → registration created with exact values, secret stored at once, read back, checked and proven', async () => {
    const id = await profile('fresh');
    const state = await run(id);
    expect(state.phase).toBe('done');
    expect(state.error).toBeNull();
    // What the window is sent passes the contract (the dispatcher would refuse anything else).
    graphRunStateSchema.parse(state);
    const app = f.double.tenant.applications.find((a) => a.displayName === 'DeepSource Contoso')!;
    // DeepSource's login was not looked at: multitenant, which works with a tenant ID, /organizations and /common.
    expect(app).toMatchObject({ signInAudience: 'AzureADMultipleOrgs', web: { redirectUris: ['https://fresh.contoso.example/accounts/ads/login/callback/bifrost'] } });
    // The scope ids are the tenant's own (the double makes new ones per run): read from its Azure DevOps service principal.
    const ado = f.double.tenant.servicePrincipals.find((sp) => sp.appId === '499b84ac-1321-427f-aa17-267ca6975798')!;
    const idOf = (value: string) => ado.oauth2PermissionScopes.find((s) => s.value === value)!.id;
    expect(app.requiredResourceAccess).toEqual([{ resourceAppId: '499b84ac-1321-427f-aa17-267ca6975798', resourceAccess: ['vso.code_write', 'vso.code_status', 'vso.project'].map((v) => ({ id: idOf(v), type: 'Scope' })) }]);
    expect(f.double.tenant.servicePrincipals.some((sp) => sp.appId === app.appId)).toBe(true);

    const stored = await f.vault.get(id);
    const credential = app.passwordCredentials[0]!;
    expect(stored.azure).toMatchObject({ appId: app.appId, tenantId: f.double.tenant.id, objectId: app.id, clientSecretKeyId: credential.keyId, clientSecretHint: credential.hint, clientSecretExpiresOn: credential.endDateTime.slice(0, 10), entra: { cloud: 'public', loginUrl: f.double.loginUrl, graphUrl: f.double.graphUrl, clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e' } });
    expect(Date.parse(credential.endDateTime) - f.clock.ms).toBeGreaterThan(179 * 86_400_000);
    expect(stored.authorityHost).toBe('login.microsoftonline.com');
    expect(stored.azure.authorizeUrl).toContain(`https://login.microsoftonline.com/${f.double.tenant.id}/oauth2/v2.0/authorize?client_id=${app.appId}`);
    // The keychain holds exactly the secret Graph made (the double keeps only its hash), and a new webhook secret.
    const secret = (await keychainValue(f.vault, f.secrets, id, 'client-secret'))!;
    expect(sha256(secret)).toBe(credential.secretSha256);
    expect(await keychainValue(f.vault, f.secrets, id, 'webhook-secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(state)).not.toContain(secret);

    expect(state.checks.map((c) => [c.id, c.ok])).toEqual([['graph-redirect-uri', true], ['graph-scopes', true], ['graph-service-principal', true], ['graph-account-type', true], ['graph-secret', true]]);
    expect(state.proof).toMatchObject({ status: 'proven', attempts: 1, tokenEndpoint: `${f.double.loginUrl}/${f.double.tenant.id}/oauth2/v2.0/token` });
    const calls = state.calls.map((c) => c.replace(app.id, '{id}').replace(app.appId, '{appId}'));
    console.log(`Graph calls of a new registration:\n  ${calls.join('\n  ')}`);
    expect(calls.slice(0, 5)).toEqual([
      "GET /servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798') → 200",
      'GET /applications → 200',
      'POST /applications → 201',
      'POST /servicePrincipals → 201',
      'POST /applications/{id}/addPassword → 200',
    ]);
  });

  it('the account type follows the probe of DeepSource’s login: a tenant’s own address takes a single-tenant app', async () => {
    const id = await profile('single', 'Single');
    const state = await run(id, OPTIONS, { audience: { audience: 'AzureADMyOrg', tenantPath: 'tenant', why: 'seen' } });
    expect(state.phase).toBe('done');
    expect(f.double.tenant.applications.find((a) => a.displayName === 'DeepSource Single')).toMatchObject({ signInAudience: 'AzureADMyOrg' });
    expect(state.checks.find((c) => c.id === 'graph-account-type')).toMatchObject({ ok: true, message: expect.stringContaining('read from Microsoft Graph: accounts in its own organization only (single tenant)') });
    expect((await f.vault.get(id)).azure.signInAudience).toBe('AzureADMyOrg');
  });

  it('the same name and callback again: offered for reuse (a new password on the same app), never duplicated', async () => {
    const id = await profile('fresh2');
    await f.vault.update(id, { hostname: 'fresh.contoso.example' });
    const asked = await run(id);
    expect(asked.phase).toBe('needs-decision');
    expect(asked.existing).toMatchObject({ displayName: 'DeepSource Contoso', servicePrincipal: true, permissions: true, passwords: 1, missing: [] });
    expect((await f.vault.get(id)).azure.appId).toBeUndefined();
    f.service.decide(asked.runId, 'reuse');
    const done = await f.service.finished(asked.runId);
    expect(done.phase).toBe('done');
    expect(done.result?.reused).toBe(true);
    const apps = f.double.tenant.applications.filter((a) => a.displayName === 'DeepSource Contoso');
    expect(apps).toHaveLength(1);
    expect(apps[0]!.passwordCredentials).toHaveLength(2);
    expect((await f.vault.get(id)).azure.clientSecretKeyId).toBe(apps[0]!.passwordCredentials[1]!.keyId);
  });

  it('a run that fails half-way (addPassword refused) says what exists in Azure and stores nothing; finishing it reuses the same app', async () => {
    const id = await profile('halfway', 'Halfway');
    // Unavailable on the first try and the three repeats after Retry-After: the refusal stands.
    for (let i = 0; i < 4; i++) f.double.graph.failNext({ method: 'POST', path: /addPassword$/, status: 503, code: 'serviceNotAvailable', message: 'Service Unavailable', retryAfter: 1 });
    const failed = await run(id);
    expect(failed.phase).toBe('failed');
    expect(failed.error?.code).toBe('REGISTRATION_INCOMPLETE');
    expect(failed.incomplete).toMatchObject({ displayName: 'DeepSource Halfway', servicePrincipal: true, permissions: true, passwords: 0, missing: ['a client secret'] });
    expect(failed.error?.message).toContain('In Azure now: app registration “DeepSource Halfway”');
    expect(failed.error?.message).toContain('Azure refused adding the client secret.');
    graphRunStateSchema.parse(failed);
    const stored = await f.vault.get(id);
    expect(stored.azure).toEqual({});
    expect(await keychainValue(f.vault, f.secrets, id, 'client-secret')).toBeNull();
    expect(await keychainValue(f.vault, f.secrets, id, 'webhook-secret')).toBeNull();
    f.service.decide(failed.runId, 'reuse');
    const done = await f.service.finished(failed.runId);
    expect(done.phase).toBe('done');
    expect(f.double.tenant.applications.filter((a) => a.displayName === 'DeepSource Halfway')).toHaveLength(1);
    expect((await f.vault.get(id)).azure.objectId).toBe(failed.incomplete!.objectId);
  });

  it('a half-done registration can be deleted instead: its service principal and app leave Azure, nothing is stored', async () => {
    const id = await profile('deleted', 'Deleted');
    f.double.graph.failNext({ method: 'POST', path: /addPassword$/, status: 500, code: 'InternalServerError', message: 'Internal Server Error' });
    const failed = await run(id);
    const appId = failed.incomplete!.appId;
    f.service.decide(failed.runId, 'delete');
    const deleted = await f.service.finished(failed.runId);
    expect(deleted.phase).toBe('deleted');
    expect(deleted.status).toContain(`Deleted “DeepSource Deleted” (App ID ${appId}) from Azure. Nothing was stored.`);
    expect(f.double.tenant.applications.some((a) => a.appId === appId)).toBe(false);
    expect(f.double.tenant.servicePrincipals.some((sp) => sp.appId === appId)).toBe(false);
    expect((await f.vault.get(id)).azure).toEqual({});
  });

  it('a new secret not yet replicated is retried (on the test clock) until Entra accepts it', async () => {
    const id = await profile('replicating', 'Replicating');
    f.double.directory.replicationMs = 25_000;
    const seen: string[] = [];
    f.clock.onWait = () => seen.push(f.service.state(runId).proof?.status ?? 'none');
    let runId = '';
    const started = await f.service.start(id, 'new', OPTIONS);
    runId = started.runId;
    const done = await f.service.finished(runId);
    f.double.directory.replicationMs = 0;
    f.clock.onWait = () => undefined;
    expect(done.proof).toMatchObject({ status: 'proven', attempts: 4 });
    expect(f.clock.waits.slice(-3)).toEqual([5_000, 10_000, 15_000]);
    expect(seen).toEqual(['waiting', 'waiting', 'waiting']);
    expect(f.double.signIn.tokenRequests.filter((r) => r.grantType === 'client_credentials').slice(-4).map((r) => r.status)).toEqual([401, 401, 401, 200]);
  });

  it('a secret that never replicates within two minutes is reported with AADSTS7000215 and its remedy', async () => {
    const id = await profile('never', 'Never');
    f.double.directory.replicationMs = 10 * 60_000;
    const waitsBefore = f.clock.waits.length;
    const started = await f.service.start(id, 'new', OPTIONS);
    const done = await f.service.finished(started.runId);
    f.double.directory.replicationMs = 0;
    expect(done.phase).toBe('done');
    expect(done.status).toContain('did not pass');
    expect(done.proof).toMatchObject({ status: 'failed', aadsts: 7000215 });
    const waited = f.clock.waits.slice(waitsBefore).reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeLessThanOrEqual(120_000);
    expect(waited).toBeGreaterThan(100_000);
  });

  it('a tenant without the Azure DevOps service principal: it is created first, then the scope ids are read from it', async () => {
    const id = await profile('no-ado', 'NoAdo');
    const tenant = f.double.tenant;
    tenant.servicePrincipals = tenant.servicePrincipals.filter((sp) => sp.appId !== '499b84ac-1321-427f-aa17-267ca6975798');
    const done = await run(id);
    expect(done.phase).toBe('done');
    expect(done.calls.slice(0, 2)).toEqual(["GET /servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798') → 404", 'POST /servicePrincipals → 201']);
    expect(done.checks.every((c) => c.ok)).toBe(true);
  });

  it('tenant-wide consent on request: the extra Graph permission is asked for, and an AllPrincipals grant made for the three scopes', async () => {
    const id = await profile('consent', 'Consent');
    const started = await f.service.start(id, 'new', { ...OPTIONS, grantConsent: true });
    // A permission not consented yet: the browser opens again, at the consent page after sign-in.
    await signInAtEntra(await f.browser.nextPage(), { ...ADMIN, consent: 'accept' });
    const done = await f.service.finished(started.runId);
    expect(done.phase).toBe('done');
    expect(new URL(f.browser.opened.at(-1)!).searchParams.get('scope')).toContain('https://graph.microsoft.com/DelegatedPermissionGrant.ReadWrite.All');
    const ownSp = f.double.tenant.servicePrincipals.find((sp) => sp.appId === done.result!.appId)!;
    expect(f.double.tenant.grants.find((g) => g.clientId === ownSp.id)).toMatchObject({ consentType: 'AllPrincipals', scope: 'vso.code_write vso.code_status vso.project' });
    expect(done.checks.find((c) => c.id === 'graph-consent')).toMatchObject({ ok: true });
  });
});

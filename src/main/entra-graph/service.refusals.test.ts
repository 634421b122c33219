// Every refusal of the Graph route shows its remedy and leaves nothing half-written in the vault: Graph 403
// (Authorization_RequestDenied), Graph 400 on the body, a tenant whose Azure DevOps service principal cannot be made,
// a keychain that refuses the secret, a cancelled sign-in; and the proof's AADSTS answers for any Entra profile.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtEntra } from '../../../test/entra/double';
import { ADMIN, CONTOSO, DEV, entraFixture, type EntraFixture } from '../../../test/entra/service-fixture';
import { MemorySecretStore, keychainValue } from '../../../test/doubles/memory-secret-store';
import { graphRunStateSchema, type GraphRunOptions } from '../../shared/entra-graph';
import { AppError } from '../../shared/errors';

const OPTIONS: GraphRunOptions = { cloud: 'public', secretDays: 180, grantConsent: false };
let f: EntraFixture;
let memory: MemorySecretStore;

beforeAll(async () => {
  memory = new MemorySecretStore();
  // The dev account may use the Graph tools (an admin consented for the organization) but holds no admin role.
  f = await entraFixture({ ...CONTOSO, consented: { '14d82eec-204b-4c2f-b7e8-296a70dab67e': ['Application.ReadWrite.All'] } }, memory);
  const first = await f.service.start(await profile('warm-up', 'Warm'), 'new', OPTIONS);
  await signInAtEntra(await f.browser.nextPage(), { ...ADMIN });
  expect((await f.service.finished(first.runId)).phase).toBe('done');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

async function profile(id: string, organization: string, hostname = `${id}.contoso.example`) {
  await f.vault.create({ id, label: id, hostname, organization, provider: 'entra' });
  return id;
}

async function expectNothingStored(id: string) {
  expect((await f.vault.get(id)).azure).toEqual({});
  expect(await keychainValue(f.vault, f.secrets, id, 'client-secret')).toBeNull();
  expect(await keychainValue(f.vault, f.secrets, id, 'webhook-secret')).toBeNull();
}

describe('Graph route refusals: a remedy each, nothing half-written', () => {
  it('Graph 403 Authorization_RequestDenied (no admin role, users may not register apps): the role remedy, no app, nothing stored', async () => {
    f.double.tenant.usersCanRegisterApps = false;
    const { service, browser } = f.freshService();
    const id = await profile('denied', 'Denied');
    const started = await service.start(id, 'new', OPTIONS);
    await signInAtEntra(await browser.nextPage(), { ...DEV });
    const state = await service.finished(started.runId);
    f.double.tenant.usersCanRegisterApps = true;
    expect(state).toMatchObject({ phase: 'failed', incomplete: null, error: { code: 'GRAPH_REFUSED' } });
    expect(state.error!.message).toContain('Graph answered 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.');
    expect(state.error!.remedy).toContain('Application Administrator or Cloud Application Administrator');
    expect(f.double.tenant.applications.some((a) => a.displayName === 'DeepSource Denied')).toBe(false);
    await expectNothingStored(id);
  });

  it('Graph 400 on the body (a callback longer than Entra’s 256 characters): the redirect-URI remedy, nothing stored', async () => {
    const id = await profile('long', 'Long', `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}.example`);
    const state = await f.service.finished((await f.service.start(id, 'new', OPTIONS)).runId);
    expect(state).toMatchObject({ phase: 'failed', incomplete: null, error: { code: 'GRAPH_REFUSED' } });
    expect(state.error!.message).toContain("400 Request_BadRequest: Invalid value specified for property 'redirectUris'");
    expect(state.error!.remedy).toContain('at most 256 characters');
    await expectNothingStored(id);
  });

  it('a tenant without Azure DevOps whose service principal Graph cannot create: the dev.azure.com remedy, no app, nothing stored', async () => {
    const tenant = f.double.tenant;
    const saved = tenant.servicePrincipals;
    tenant.servicePrincipals = saved.filter((sp) => sp.appId !== '499b84ac-1321-427f-aa17-267ca6975798');
    tenant.azureDevOps = 'uncreatable';
    const id = await profile('no-ado', 'NoAdo');
    const state = await f.service.finished((await f.service.start(id, 'new', OPTIONS)).runId);
    tenant.servicePrincipals = saved;
    tenant.azureDevOps = 'present';
    expect(state).toMatchObject({ phase: 'failed', incomplete: null, error: { code: 'GRAPH_REFUSED' } });
    expect(state.error!.message).toContain('Your tenant has no Azure DevOps service principal, and Graph did not create it.');
    expect(state.error!.remedy).toContain('dev.azure.com');
    expect(f.double.tenant.applications.some((a) => a.displayName === 'DeepSource NoAdo')).toBe(false);
    await expectNothingStored(id);
  });

  it('the keychain refuses the secret: it is removed from Azure again, the registration left to finish, nothing stored', async () => {
    const id = await profile('keychain', 'Keychain');
    memory.failWith = new AppError('NO_KEYCHAIN', 'No keychain.', 'Unlock it.');
    const state = await f.service.finished((await f.service.start(id, 'new', OPTIONS)).runId);
    memory.failWith = null;
    expect(state).toMatchObject({ phase: 'failed', error: { code: 'REGISTRATION_INCOMPLETE' }, incomplete: { displayName: 'DeepSource Keychain', passwords: 0 } });
    expect(state.error!.message).toContain('removed from Azure again');
    graphRunStateSchema.parse(state);
    const app = f.double.tenant.applications.find((a) => a.displayName === 'DeepSource Keychain')!;
    expect(app.passwordCredentials).toEqual([]);
    expect(state.calls.some((c) => c.endsWith('/removePassword → 204'))).toBe(true);
    await expectNothingStored(id);
  });

  it('a sign-in still in the browser is cancelled: nothing happens in Azure, nothing is stored', async () => {
    const { service, browser } = f.freshService();
    const id = await profile('cancel', 'Cancel');
    const started = await service.start(id, 'new', OPTIONS);
    await browser.nextPage();
    expect(service.state(started.runId).signInUrl).toContain('/organizations/oauth2/v2.0/authorize?');
    const state = await service.cancel(started.runId);
    expect(state.phase).toBe('cancelled');
    await expectNothingStored(id);
  });
});

describe('secret proof for any Entra profile (client credentials at the tenant’s own token endpoint)', () => {
  /** A profile holding the values of the warm-up app, with a secret typed in (as for an app read off the portal). */
  async function provenProfile(id: string, patch: { appId?: string; tenantId?: string; secret?: string } = {}) {
    const source = await f.vault.get('warm-up');
    await f.vault.create({ id, label: id, hostname: 'warm-up.contoso.example', organization: 'Warm', provider: 'entra', appId: patch.appId ?? source.azure.appId!, tenantId: patch.tenantId ?? source.azure.tenantId! });
    await f.vault.setSecret(id, 'client-secret', patch.secret ?? (await f.vault.readSecret('warm-up', 'client-secret')));
    return id;
  }

  it('proves the right secret, and explains AADSTS7000215 (wrong), 700016 (no such app), 90002 (no such tenant)', async () => {
    expect(await f.service.prove(await provenProfile('p-ok'))).toMatchObject({ status: 'proven', attempts: 1 });
    expect(await f.service.prove(await provenProfile('p-wrong', { secret: `Xyz8Q~${'w'.repeat(34)}` }))).toMatchObject({ status: 'failed', aadsts: 7000215, attempts: 1, fix: expect.stringContaining('new client secret') });
    expect(await f.service.prove(await provenProfile('p-app', { appId: randomUUID() }))).toMatchObject({ status: 'failed', aadsts: 700016, message: expect.stringContaining('There is no app') });
    const tenant = randomUUID();
    expect(await f.service.prove(await provenProfile('p-tenant', { tenantId: tenant }))).toMatchObject({ status: 'failed', aadsts: 90002, tokenEndpoint: `${f.double.loginUrl}/${tenant}/oauth2/v2.0/token` });
  });

  it('explains AADSTS7000222 (expired) and 7000229 (no service principal)', async () => {
    const id = await provenProfile('p-sp');
    const app = f.double.tenant.applications.find((a) => a.displayName === 'DeepSource Warm')!;
    const sp = f.double.tenant.servicePrincipals.find((s) => s.appId === app.appId)!;
    f.double.tenant.servicePrincipals.splice(f.double.tenant.servicePrincipals.indexOf(sp), 1);
    expect(await f.service.prove(id)).toMatchObject({ status: 'failed', aadsts: 7000229, fix: expect.stringContaining('service principal') });
    f.double.tenant.servicePrincipals.push(sp);
    f.clock.ms += 200 * 86_400_000;
    expect(await f.service.prove(id)).toMatchObject({ status: 'failed', aadsts: 7000222, message: expect.stringContaining('expired') });
    f.clock.ms -= 200 * 86_400_000;
  });

  it('a profile whose authority host is no Entra sign-in: its secret is not sent anywhere', async () => {
    const id = await provenProfile('p-host');
    await f.vault.update(id, { authorityHost: 'login.example.org' });
    await expect(f.service.prove(id)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('is not Microsoft Entra’s sign-in') });
  });
});

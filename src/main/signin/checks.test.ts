import { describe, expect, it } from 'vitest';
import { ProviderRegistry } from '../registration/providers';
import { readAuthorizeUrl } from './authorize-url';
import { signInChecks } from './checks';

const APP_ID = '8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOST = 'deepsource.example.com';
const CALLBACK = `https://${HOST}/accounts/ads/login/callback/bifrost`;
const legacy = { provider: 'ado-oauth' as const, hostname: HOST, callbackTrailingSlash: false, authorityHost: 'app.vssps.visualstudio.com', azure: { appId: APP_ID } };
const entra = { provider: 'entra' as const, hostname: HOST, callbackTrailingSlash: false, authorityHost: 'login.microsoftonline.com', azure: { appId: APP_ID, tenantId: TENANT } };

function vssps(params: Record<string, string>): string {
  return `https://app.vssps.visualstudio.com/oauth2/authorize?${new URLSearchParams({ response_type: 'Assertion', state: 's', scope: 'vso.code_write vso.code_status vso.project', redirect_uri: CALLBACK, client_id: APP_ID.toUpperCase(), ...params })}`;
}
function login(tenant: string, params: Record<string, string> = {}): string {
  return `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: APP_ID, response_type: 'code', redirect_uri: CALLBACK, scope: '499b84ac-1321-427f-aa17-267ca6975798/.default offline_access', ...params })}`;
}
const registry = new ProviderRegistry();
const checks = (url: string, profile: typeof legacy | typeof entra) => signInChecks(readAuthorizeUrl(url, registry)!, profile, registry);
const failed = (url: string, profile: typeof legacy | typeof entra) => checks(url, profile).filter((c) => !c.ok);

describe('the sign-in checks', () => {
  it('pass for a legacy app whose values DeepSource sends (GUIDs compared case-insensitively)', () => {
    expect(failed(vssps({}), legacy)).toEqual([]);
  });

  it('pass for an Entra app, with its own tenant or a multi-tenant path', () => {
    expect(failed(login(TENANT), entra)).toEqual([]);
    expect(failed(login('organizations'), entra)).toEqual([]);
  });

  it('fail a single-tenant app reached through /organizations or /common (AADSTS50194), and warn when the account type is not known', () => {
    const single = { ...entra, azure: { ...entra.azure, signInAudience: 'AzureADMyOrg' as const } };
    const multi = { ...entra, azure: { ...entra.azure, signInAudience: 'AzureADMultipleOrgs' as const } };
    for (const path of ['organizations', 'common']) {
      expect(failed(login(path), single)).toMatchObject([{ id: 'signin-authority', message: expect.stringContaining('AADSTS50194'), fix: expect.stringContaining('Multitenant') }]);
      expect(checks(login(path), multi).find((c) => c.id === 'signin-authority')).toEqual({ id: 'signin-authority', ok: true, message: expect.stringContaining('any organization') });
      expect(checks(login(path), entra).find((c) => c.id === 'signin-authority')).toMatchObject({ ok: true, warning: true, message: expect.stringContaining('does not know the app’s account type') });
    }
    // Its own tenant's address works for either account type.
    expect(failed(login(TENANT), single)).toEqual([]);
  });

  it('say the callback was compared with the installation’s own value, not with Azure', () => {
    const callback = checks(vssps({}), legacy).find((c) => c.id === 'signin-redirect-uri')!;
    expect(callback).toMatchObject({ ok: true, message: `DeepSource sends the callback ${CALLBACK}, exactly this installation’s own (compared with the installation’s value, not with Azure’s list of redirect URIs).` });
  });

  it('say a different client_id means the deploy is not live yet or an old app is configured', () => {
    const [check] = failed(vssps({ client_id: '00000000-0000-0000-0000-000000000001' }), legacy);
    expect(check).toMatchObject({ id: 'signin-client-id', message: expect.stringContaining('not live yet') });
  });

  it('offer the one-step fix when only the trailing slash differs, with the provider’s own remedy', () => {
    const withSlash = { ...legacy, callbackTrailingSlash: true };
    const [ado] = failed(vssps({}), withSlash);
    expect(ado).toMatchObject({ id: 'signin-redirect-uri', action: 'use-callback-without-slash', fix: expect.stringContaining('register the app again') });
    const [entraCheck] = failed(login(TENANT, { redirect_uri: `${CALLBACK}/` }), entra);
    expect(entraCheck).toMatchObject({ id: 'signin-redirect-uri', action: 'use-callback-with-slash', fix: expect.stringContaining('Authentication page') });
  });

  it('say plainly when an Entra installation meets a DeepSource that still sends users to vssps', () => {
    const result = failed(vssps({}), entra);
    expect(result.map((c) => c.id)).toEqual(['signin-authority']);
    expect(result[0]!.message).toContain('does not use the Entra app');
  });

  it('catch another host in the callback, a foreign tenant, and missing scopes', () => {
    expect(failed(vssps({ redirect_uri: 'https://other.example.com/accounts/ads/login/callback/bifrost' }), legacy)).toMatchObject([{ id: 'signin-redirect-uri' }]);
    expect(failed(login('11111111-2222-3333-4444-555555555555'), entra)).toMatchObject([{ id: 'signin-authority' }]);
    expect(failed(vssps({ scope: 'vso.code_write' }), legacy)).toMatchObject([{ id: 'signin-scope', message: 'DeepSource does not ask for vso.code_status, vso.project.' }]);
    expect(failed(login(TENANT, { scope: 'openid profile' }), entra)).toMatchObject([{ id: 'signin-scope' }]);
  });
});

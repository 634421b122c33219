import { describe, expect, it } from 'vitest';
import { adoOAuthProvider } from './ado-oauth';
import { callbackUrl } from './common';
import { entraAuthorizeUrl, entraProvider } from './entra';
import { ProviderRegistry, providers } from '.';

const APP_ID = '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D';
const CALLBACK = callbackUrl('deepsource.contoso.example');
const SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'a'.repeat(637)}.${'b'.repeat(83)}`;
const AUTHORIZE = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${APP_ID.toLowerCase()}&response_type=Assertion&state=User1&scope=vso.code_write+vso.code_status+vso.project&redirect_uri=${encodeURIComponent(CALLBACK)}`;

function failing(values: Parameters<typeof adoOAuthProvider.checks>[0], expected = CALLBACK) {
  return adoOAuthProvider.checks(values, { expectedCallback: expected, origin: undefined }).filter((c) => !c.ok);
}

describe('providers are data', () => {
  it('every provider has exact https origins, value fields with labels, and a unique id', () => {
    const ids = new Set<string>();
    for (const provider of providers) {
      expect(ids.has(provider.id)).toBe(false);
      ids.add(provider.id);
      for (const origin of provider.trustedOrigins) expect(new URL(origin).origin).toBe(origin);
      for (const origin of provider.trustedOrigins) expect(origin.startsWith('https://')).toBe(true);
      expect(provider.fields.filter((f) => f.role === 'value').length).toBeGreaterThanOrEqual(2);
      for (const field of provider.fields) expect(field.labels.length).toBeGreaterThan(0);
    }
  });

  it('every guide step is ticked off by something the flow sees: a value it names is one of the provider’s value fields', () => {
    for (const provider of providers) {
      const values = provider.fields.filter((f) => f.role === 'value').map((f) => f.key);
      for (const step of [...provider.ui.guide.register, ...provider.ui.guide.rotate]) {
        if (typeof step.done === 'object' && 'values' in step.done) for (const key of step.done.values) expect(values, `${provider.id}: ${step.text}`).toContain(key);
      }
      // Together the register steps wait for every value: the window never ticks them all off while one is missing.
      const named = provider.ui.guide.register.flatMap((step) => (typeof step.done === 'object' && 'values' in step.done ? step.done.values : []));
      expect(new Set(named), provider.id).toEqual(new Set(values));
    }
  });

  it('the ADO register form fills the documented values and the three scopes', () => {
    const form = adoOAuthProvider.registerForm!;
    const input = { hostname: 'ds.example.com', org: 'Contoso', callback: callbackUrl('ds.example.com'), audience: 'AzureADMultipleOrgs' as const };
    expect(form.textFields.map((f) => [f.labels[0], f.value(input)])).toEqual([
      ['Company name', 'DeepSource Enterprise Server'],
      ['Application name', 'DeepSource Contoso'],
      ['Application website', 'https://ds.example.com'],
      ['Authorization callback URL', 'https://ds.example.com/accounts/ads/login/callback/bifrost'],
    ]);
    expect(form.scopes.map((s) => s.id)).toEqual(['vso.code_write', 'vso.code_status', 'vso.project']);
    expect(callbackUrl('ds.example.com', true)).toBe('https://ds.example.com/accounts/ads/login/callback/bifrost/');
  });

  it('a registry serves exactly the list it is given (the demo swaps in its replica origins this way)', () => {
    const registry = new ProviderRegistry([{ ...entraProvider, trustedOrigins: ['https://example.test'] }]);
    expect(registry.forUrl('https://example.test/x')?.id).toBe('entra');
    expect(registry.forUrl('https://login.microsoftonline.com/x')).toBeUndefined();
    expect(registry.get('ado-oauth')).toBeUndefined();
  });

  it('describes each provider for the window; a successor the list lacks is not offered', () => {
    expect(new ProviderRegistry().descriptors().find((p) => p.id === 'ado-oauth')).toMatchObject({ name: 'Azure DevOps OAuth', successor: 'entra', asksSecretExpiry: false });
    const alone = new ProviderRegistry([adoOAuthProvider]).descriptors();
    expect(alone).toHaveLength(1);
    expect(alone[0]).not.toHaveProperty('successor');
  });
});

describe('ADO OAuth checks', () => {
  it('all pass for consistent values (client_id compared case-insensitively)', () => {
    expect(failing({ appId: APP_ID, clientSecret: SECRET, authorizeUrl: AUTHORIZE, appSecret: 'x'.repeat(52) })).toEqual([]);
  });

  it.each([
    ['app-id-format', { appId: 'nope' }],
    ['authorize-url-host', { authorizeUrl: AUTHORIZE.replace('app.vssps.visualstudio.com', 'app.vssps.visualstudio.com.evil.example') }],
    ['authorize-url-host', { authorizeUrl: AUTHORIZE.replace('https:', 'http:') }],
    ['authorize-url-path', { authorizeUrl: AUTHORIZE.replace('authorize', 'token') }],
    ['authorize-url-client-id', { authorizeUrl: AUTHORIZE.replace('client_id=8', 'client_id=9') }],
    ['authorize-url-response-type', { authorizeUrl: AUTHORIZE.replace('Assertion', 'code') }],
    ['authorize-url-redirect-uri', { authorizeUrl: AUTHORIZE.replace('bifrost', 'bifrost%2F') }],
    ['authorize-url-scopes', { authorizeUrl: AUTHORIZE.replace('+vso.project', '') }],
    ['client-secret-format', { clientSecret: 'eyJshort.a.b' }],
    ['client-secret-format', { clientSecret: '••••••••••••••••' }],
    ['client-secret-not-app-secret', { clientSecret: SECRET, appSecret: SECRET }],
    ['client-secret-not-app-secret', { clientSecret: APP_ID }],
  ] as const)('%s fails on purpose, with a fix', (id, override) => {
    const failed = failing({ appId: APP_ID, clientSecret: SECRET, authorizeUrl: AUTHORIZE, ...override });
    const check = failed.find((c) => c.id === id);
    expect(check, JSON.stringify(failed)).toBeDefined();
    expect(check!.fix).toBeTruthy();
  });

  it('the callback message names both callbacks and says a new app is needed', () => {
    const wrong = AUTHORIZE.replace(encodeURIComponent(CALLBACK), encodeURIComponent('https://old.example/cb'));
    const check = failing({ appId: APP_ID, clientSecret: SECRET, authorizeUrl: wrong }).find((c) => c.id === 'authorize-url-redirect-uri')!;
    expect(check.message).toBe(`The app was registered with callback https://old.example/cb; DeepSource expects ${CALLBACK}.`);
    expect(check.fix).toMatch(/cannot be edited: create a new app/);
  });

  it('missing values are failed checks that say where to look', () => {
    const failed = failing({});
    expect(failed.map((c) => c.id)).toEqual(['app-id-format', 'authorize-url', 'client-secret']);
    expect(failed[0]!.message).toBe('The App ID was not found on the page.');
  });
});

describe('Entra checks and the built authorize URL', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const CLIENT = '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c';
  const check = (values: Parameters<typeof entraProvider.checks>[0]) => entraProvider.checks(values, { expectedCallback: CALLBACK, origin: undefined });

  it('passes for a real Value; fails for a Secret ID (GUID) or a masked value', () => {
    expect(check({ appId: CLIENT, tenantId: TENANT, clientSecret: 'Zr18Q~kP3vX.9mNq2_TbLw7Yc-Hd5Ge4Fj6Ua0Sz' }).every((c) => c.ok)).toBe(true);
    expect(check({ appId: CLIENT, tenantId: TENANT, clientSecret: '4c3b2a19-0f8e-4d7c-b6a5-948372615af0' }).find((c) => !c.ok)?.id).toBe('client-secret-not-secret-id');
    expect(check({ appId: CLIENT, tenantId: TENANT, clientSecret: 'Qx7*****************' }).find((c) => !c.ok)?.id).toBe('client-secret-not-masked');
    expect(check({ appId: CLIENT, tenantId: 'contoso', clientSecret: 'Zr18Q~kP3vX.9mNq2_TbLw7Yc-Hd5Ge4Fj6Ua0Sz' }).find((c) => !c.ok)?.id).toBe('tenant-id-format');
  });

  it('fails a value too short or spaced to be a secret (an icon or label read by mistake)', () => {
    for (const clientSecret of ['i', 'ⓘ', 'Zr18Q~kP3vX', 'Zr18Q~kP3vX.9mNq2 TbLw7Yc-Hd5Ge4Fj6Ua0Sz']) {
      const failed = check({ appId: CLIENT, tenantId: TENANT, clientSecret }).filter((c) => !c.ok);
      expect(failed.map((c) => c.id)).toEqual(['client-secret-length']);
      expect(failed[0]?.fix).toContain('Pick');
    }
  });

  it('builds the v2.0 authorize URL from tenant and client id, with the authority of the portal’s cloud', () => {
    const derived = entraProvider.derive({ appId: CLIENT, tenantId: TENANT }, { expectedCallback: CALLBACK, origin: 'https://portal.azure.us' });
    expect(derived.authorityHost).toBe('login.microsoftonline.us');
    const url = new URL(derived.authorizeUrl!);
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: CLIENT, response_type: 'code', redirect_uri: CALLBACK });
    expect(url.searchParams.get('scope')).toContain('499b84ac-1321-427f-aa17-267ca6975798/.default');
    expect(entraProvider.derive({ appId: CLIENT }, { expectedCallback: CALLBACK, origin: undefined })).toEqual({ authorityHost: 'login.microsoftonline.com' });
    expect(entraAuthorizeUrl('login.microsoftonline.com', TENANT, CLIENT, undefined)).not.toContain('redirect_uri');
  });
});

import { describe, expect, it } from 'vitest';
import { isTrustedUrl, ProviderRegistry, providers } from '../main/registration/providers';
import { adoOAuthProvider } from '../main/registration/providers/ado-oauth';
import { entraProvider } from '../main/registration/providers/entra';
import { isRegisterPage } from '../main/registration/requests';
import { demoProvider, demoProviderRegistry, mapUrl } from './providers';

const MAP = {
  'https://aex.dev.azure.com': 'https://127.0.0.1:41001',
  'https://app.vsaex.visualstudio.com': 'https://127.0.0.1:41002',
  'https://app.vssps.visualstudio.com': 'https://127.0.0.1:41003',
  'https://portal.azure.com': 'https://127.0.0.1:41004',
  'https://reactblade.portal.azure.net': 'https://127.0.0.1:41005',
};

describe('demo providers: the real providers mapped onto the replica', () => {
  const registry = demoProviderRegistry(MAP);
  const ado = registry.get('ado-oauth')!;
  const entra = registry.get('entra')!;

  it('replaces each trusted origin exactly by its replica and drops every real origin without one', () => {
    expect(ado.trustedOrigins).toEqual(['https://127.0.0.1:41001', 'https://127.0.0.1:41002', 'https://127.0.0.1:41003']);
    expect(entra.trustedOrigins).toEqual(['https://127.0.0.1:41004', 'https://127.0.0.1:41005']);
    for (const provider of registry.all()) for (const origin of provider.trustedOrigins) expect(Object.values(MAP)).toContain(origin);
  });

  it('points start, register, existing-app and rotation pages at the replica (path, query and hash kept)', () => {
    expect(ado.startUrl).toBe('https://127.0.0.1:41001/app/register?mkt=en-US');
    expect(ado.registerPages).toEqual(['https://127.0.0.1:41001/app/register', 'https://127.0.0.1:41002/app/register']);
    expect(ado.existingAppPages).toEqual(['https://127.0.0.1:41003/profile/view', 'https://127.0.0.1:41001/me']);
    expect(ado.rotationUrl('X')).toBe('https://127.0.0.1:41003/profile/view');
    expect(entra.startUrl).toBe('https://127.0.0.1:41004/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade');
    expect(entra.existingAppPages).toEqual(['https://127.0.0.1:41004/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade']);
    expect(entra.rotationUrl('a b')).toBe('https://127.0.0.1:41004/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/a%20b/isMSAApp~/false');
    expect(isRegisterPage(ado, 'https://127.0.0.1:41001/app/register?mkt=en-US')).toBe(true);
    expect(isRegisterPage(ado, 'https://127.0.0.1:41004/app/register')).toBe(false);
  });

  it('keeps the real fields, register form and checks', () => {
    expect(ado.fields).toBe(adoOAuthProvider.fields);
    expect(ado.registerForm).toBe(adoOAuthProvider.registerForm);
    expect(ado.checks).toBe(adoOAuthProvider.checks);
    expect(entra.derive).toBe(entraProvider.derive);
  });

  it.each([
    ['a look-alike host', 'https://127.0.0.1.evil.example/app/register'],
    ['a look-alike host with the replica port', 'https://127.0.0.1.evil.example:41001/app/register'],
    ['user info before the host', 'https://127.0.0.1:41001@evil.example/app/register'],
    ['another loopback port', 'https://127.0.0.1:41009/app/register'],
    ['plain http on the replica port', 'http://127.0.0.1:41001/app/register'],
    ['localhost instead of 127.0.0.1', 'https://localhost:41001/app/register'],
    ['the real Azure origin', 'https://aex.dev.azure.com/app/register'],
    ['the real portal', 'https://portal.azure.com/'],
    ['not a URL', 'https//127.0.0.1:41001'],
  ])('does not trust %s', (_what, url) => {
    expect(registry.forUrl(url)).toBeUndefined();
    for (const provider of registry.all()) expect(isTrustedUrl(provider, url)).toBe(false);
  });

  it('trusts each replica origin for its own provider only', () => {
    expect(registry.forUrl('https://127.0.0.1:41002/app/view?clientId=1')?.id).toBe('ado-oauth');
    expect(registry.forUrl('https://127.0.0.1:41005/Microsoft_AAD_RegisteredApps/secrets.html')?.id).toBe('entra');
  });

  it('leaves the real providers and the real registry untouched', () => {
    const before = JSON.stringify(providers.map((p) => p.trustedOrigins));
    demoProviderRegistry(MAP);
    expect(JSON.stringify(providers.map((p) => p.trustedOrigins))).toBe(before);
    expect(adoOAuthProvider.trustedOrigins).toContain('https://aex.dev.azure.com');
    const real = new ProviderRegistry();
    expect(real.forUrl('https://127.0.0.1:41001/app/register')).toBeUndefined();
    expect(real.forUrl('https://aex.dev.azure.com/app/register')?.id).toBe('ado-oauth');
  });

  it('refuses a replica that is not an exact https origin on 127.0.0.1', () => {
    expect(() => demoProvider(adoOAuthProvider, { 'https://aex.dev.azure.com': 'http://127.0.0.1:41001' })).toThrow(/https on 127.0.0.1/);
    expect(() => demoProvider(adoOAuthProvider, { 'https://aex.dev.azure.com': 'https://evil.example:41001' })).toThrow(/https on 127.0.0.1/);
    expect(() => demoProvider(adoOAuthProvider, { 'https://aex.dev.azure.com': 'https://127.0.0.1:41001/path' })).toThrow(/not an origin/);
    expect(() => demoProvider(adoOAuthProvider, { 'https://aex.dev.azure.com/': 'https://127.0.0.1:41001' })).toThrow(/not an origin/);
    // No replica for the start page: refused rather than starting on real Azure.
    expect(() => demoProvider(adoOAuthProvider, { 'https://app.vssps.visualstudio.com': 'https://127.0.0.1:41003' })).toThrow(/start page/);
    expect(() => demoProvider(entraProvider, {})).toThrow(/no replica/);
  });

  it('mapUrl maps only mapped origins', () => {
    expect(mapUrl('https://aex.dev.azure.com/me?x=1#y', MAP)).toBe('https://127.0.0.1:41001/me?x=1#y');
    expect(mapUrl('https://aex.dev.azure.com.evil.example/me', MAP)).toBeNull();
    expect(mapUrl('https://portal.azure.us/', MAP)).toBeNull();
    expect(mapUrl('not a url', MAP)).toBeNull();
    expect(mapUrl('https://x.example/', { ['__proto__']: 'https://127.0.0.1:1' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ProviderRegistry } from '../registration/providers';
import { isAuthorizeUrl as isAuthorizeUrlOf, readAuthorizeUrl as readAuthorizeUrlOf } from './authorize-url';

const registry = new ProviderRegistry();
const readAuthorizeUrl = (url: string) => readAuthorizeUrlOf(url, registry);
const isAuthorizeUrl = (url: string) => isAuthorizeUrlOf(url, registry);

const CALLBACK = 'https://deepsource.example.com/accounts/ads/login/callback/bifrost';

describe("reading Azure's authorize URL", () => {
  it('reads the legacy Azure DevOps endpoint, with a percent-encoded callback decoded once', () => {
    const url = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D&response_type=Assertion&state=x1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=${encodeURIComponent(CALLBACK)}`;
    expect(readAuthorizeUrl(url)).toEqual({
      authorizeUrl: url,
      authorityHost: 'app.vssps.visualstudio.com',
      kind: 'ado-oauth',
      tenant: null,
      clientId: '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D',
      redirectUri: CALLBACK,
      responseType: 'Assertion',
      scope: 'vso.code_write vso.code_status vso.project',
    });
  });

  it('keeps a trailing slash and a raw (unencoded) callback exactly as sent; "+" is a space in scope', () => {
    const url = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=a&response_type=Assertion&scope=vso.code_write+vso.project&redirect_uri=${CALLBACK}/`;
    expect(readAuthorizeUrl(url)).toMatchObject({ redirectUri: `${CALLBACK}/`, scope: 'vso.code_write vso.project' });
  });

  it('reads an Entra authority with its tenant path', () => {
    const url = `https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=499b84ac-1321-427f-aa17-267ca6975798%2F.default%20offline_access`;
    expect(readAuthorizeUrl(url)).toMatchObject({ kind: 'entra', authorityHost: 'login.microsoftonline.com', tenant: 'organizations', scope: '499b84ac-1321-427f-aa17-267ca6975798/.default offline_access' });
    expect(readAuthorizeUrl('https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize?client_id=x')).toMatchObject({ kind: 'entra', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
  });

  it.each([
    ['the token endpoint', 'https://app.vssps.visualstudio.com/oauth2/token'],
    ['a look-alike host', 'https://app.vssps.visualstudio.com.evil.example/oauth2/authorize?client_id=a'],
    ['plain http', 'http://app.vssps.visualstudio.com/oauth2/authorize?client_id=a'],
    ['another port', 'https://app.vssps.visualstudio.com:8443/oauth2/authorize?client_id=a'],
    ['Entra v1 endpoint', 'https://login.microsoftonline.com/common/oauth2/authorize?client_id=a'],
    ['DeepSource itself', 'https://deepsource.example.com/accounts/ads/login/'],
    ['not a URL', 'javascript:alert(1)'],
  ])('is not fooled by %s', (_label, url) => {
    expect(isAuthorizeUrl(url)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ProviderRegistry } from '../registration/providers';
import { isSignInHostUrl as isSignInHostUrlOf, readAuthorizeUrl as readAuthorizeUrlOf } from './authorize-url';

const registry = new ProviderRegistry();
const readAuthorizeUrl = (url: string) => readAuthorizeUrlOf(url, registry);
const isSignInHostUrl = (url: string) => isSignInHostUrlOf(url, registry);

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

  // Issue 22: each of these reached Azure, since the check did not recognise it as the authorize endpoint.
  it.each([
    ['a trailing-dot host', 'https://app.vssps.visualstudio.com./oauth2/authorize', 'ado-oauth'],
    ['an upper-case host', 'https://APP.VSSPS.VisualStudio.COM/oauth2/authorize', 'ado-oauth'],
    ['the default port written out', 'https://app.vssps.visualstudio.com:443/oauth2/authorize', 'ado-oauth'],
    ['another case in the path', 'https://app.vssps.visualstudio.com/OAuth2/Authorize', 'ado-oauth'],
    ['a doubled slash', 'https://app.vssps.visualstudio.com//oauth2/authorize', 'ado-oauth'],
    ['doubled and trailing slashes', 'https://app.vssps.visualstudio.com/oauth2//authorize//', 'ado-oauth'],
    ['a percent-encoded letter', 'https://app.vssps.visualstudio.com/%6Fauth2/%61uthorize', 'ado-oauth'],
    ['a percent-encoded slash', 'https://app.vssps.visualstudio.com/oauth2%2Fauthorize', 'ado-oauth'],
    ['a percent-encoded host', 'https://app.vssps.visualstudio.c%6Fm/oauth2/authorize', 'ado-oauth'],
    ['dot segments', 'https://app.vssps.visualstudio.com/x/../oauth2/./authorize', 'ado-oauth'],
    ['encoded dot segments', 'https://app.vssps.visualstudio.com/x/%2e%2e/oauth2/authorize', 'ado-oauth'],
    ['a backslash', 'https://app.vssps.visualstudio.com\\oauth2\\authorize', 'ado-oauth'],
    ['Entra, trailing dot and case', 'https://LOGIN.microsoftonline.com./organizations/OAuth2/V2.0/Authorize/', 'entra'],
  ])("recognises %s as Azure's authorize endpoint", (_label, address, kind) => {
    const url = `${address}?client_id=8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D&redirect_uri=${encodeURIComponent(CALLBACK)}`;
    expect(isSignInHostUrl(url)).toBe(true);
    expect(readAuthorizeUrl(url)).toMatchObject({ kind, clientId: '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D', redirectUri: CALLBACK });
  });

  it('names the authority without the trailing dot, and the tenant decoded', () => {
    expect(readAuthorizeUrl('https://login.microsoftonline.com./%6Frganizations/oauth2/v2.0/authorize?client_id=a')).toMatchObject({ authorityHost: 'login.microsoftonline.com', tenant: 'organizations' });
  });

  it.each([
    ['the token endpoint', 'https://app.vssps.visualstudio.com/oauth2/token'],
    ['plain http', 'http://app.vssps.visualstudio.com/oauth2/authorize?client_id=a'],
    ['another port', 'https://app.vssps.visualstudio.com:8443/oauth2/authorize?client_id=a'],
    ['user info', 'https://user:pw@app.vssps.visualstudio.com/oauth2/authorize?client_id=a'],
    ['Entra v1 endpoint', 'https://login.microsoftonline.com/common/oauth2/authorize?client_id=a'],
    ['an Entra alias', 'https://login.windows.net/common/oauth2/v2.0/authorize?client_id=a'],
    ['the Microsoft account host', 'https://login.live.com/oauth20_authorize.srf?client_id=a'],
    ['a web socket', 'wss://login.microsoftonline.us./x'],
  ])("stops at %s (an address of Azure's sign-in) without reading it as the authorize endpoint", (_label, url) => {
    expect(isSignInHostUrl(url)).toBe(true);
    expect(readAuthorizeUrl(url)).toBeNull();
  });

  it.each([
    ['a look-alike host', 'https://app.vssps.visualstudio.com.evil.example/oauth2/authorize?client_id=a'],
    ['a look-alike path elsewhere', 'https://deepsource.example.com/oauth2/authorize?client_id=a'],
    ['DeepSource itself', 'https://deepsource.example.com/accounts/ads/login/'],
    ['not a URL', 'javascript:alert(1)'],
  ])('is not fooled by %s', (_label, url) => {
    expect(isSignInHostUrl(url)).toBe(false);
    expect(readAuthorizeUrl(url)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { adoOAuthProvider } from './ado-oauth';
import { callbackUrl, guidInUrl } from './common';
import { entraProvider } from './entra';

const APP = '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c';

describe('which app an address names (one app per capture)', () => {
  it.each([
    [`https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${APP}/isMSAApp~/false`, APP],
    [`https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${APP.toUpperCase()}`, APP],
    [`https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${encodeURIComponent(APP)}`, APP],
    [`https://reactblade.portal.azure.net/Microsoft_AAD_RegisteredApps/secrets.html?appId=${APP}`, APP],
    ['https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade', null],
    ['https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/6f3c2a9e', null],
  ])('Entra %s → %s', (url, id) => {
    expect(entraProvider.appIdFromUrl(url)).toBe(id);
  });

  it.each([
    [`https://app.vsaex.visualstudio.com/app/view?clientId=${APP.toUpperCase()}`, APP],
    [`https://aex.dev.azure.com/app/view?clientid=${APP}`, APP],
    ['https://app.vssps.visualstudio.com/profile/view', null],
    ['https://aex.dev.azure.com/app/register?mkt=en-US', null],
  ])('ADO %s → %s', (url, id) => {
    expect(adoOAuthProvider.appIdFromUrl(url)).toBe(id);
  });

  it('a GUID elsewhere in the address (another parameter, another segment) names no app', () => {
    expect(guidInUrl(`https://x.example/tenant/${APP}/apps`, ['clientId'], ['appId'])).toBeNull();
    expect(guidInUrl(`https://x.example/?state=${APP}`, ['clientId'], ['appId'])).toBeNull();
    expect(guidInUrl('not a url', ['clientId'], ['appId'])).toBeNull();
  });
});

describe('the Authorize URL’s redirect_uri, however the page wrote it', () => {
  const appId = '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D';
  const callback = callbackUrl('ds.example.com');
  const base = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${appId}&response_type=Assertion&state=User1&scope=vso.code_write+vso.code_status+vso.project&redirect_uri=`;
  const redirectCheck = (url: string) =>
    adoOAuthProvider.checks({ appId, authorizeUrl: url, clientSecret: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'a'.repeat(637)}.${'b'.repeat(83)}` }, { expectedCallback: callback, origin: undefined }).find((c) => c.id === 'authorize-url-redirect-uri');

  it.each([
    ['raw', `${base}${callback}`],
    ['percent-encoded', `${base}${encodeURIComponent(callback)}`],
    ['encoded twice', `${base}${encodeURIComponent(encodeURIComponent(callback))}`],
  ])('%s passes', (_form, url) => {
    expect(redirectCheck(url)).toMatchObject({ ok: true });
  });

  it('another callback still fails, in any form', () => {
    expect(redirectCheck(`${base}${encodeURIComponent(encodeURIComponent(`${callback}/`))}`)).toMatchObject({ ok: false });
  });
});

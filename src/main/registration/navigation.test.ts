import { describe, expect, it } from 'vitest';
import { decideFrameNavigation, decideNavigation, describeLocation } from './navigation';
import { isTrustedUrl, ProviderRegistry } from './providers';

describe('navigation policy', () => {
  it.each(['https://aex.dev.azure.com/app/register', 'https://login.microsoftonline.com/common/oauth2/authorize', 'https://sso.contoso.example/adfs/ls/', 'https://contoso.okta.com/app/x'])(
    'allows https (sign-in may pass through any https origin): %s',
    (url) => expect(decideNavigation(url)).toEqual({ allow: true }),
  );

  it.each([
    ['http://aex.dev.azure.com/app/register', /Plain http/],
    ['file:///etc/passwd', /Local files/],
    ['javascript:alert(1)', /javascript:/],
    ['data:text/html,<script>alert(1)</script>', /data:/],
    ['ftp://example.com/', /only loads https/],
    ['not a url', /not a valid URL/],
    ['https://user:pass@aex.dev.azure.com/', /user name or password/],
  ])('blocks %s', (url, reason) => {
    const decision = decideNavigation(url);
    expect(decision.allow).toBe(false);
    expect(decision.allow ? '' : decision.reason).toMatch(reason);
  });

  it('lets sub-frames be about:blank / about:srcdoc, nothing else that is not https', () => {
    expect(decideFrameNavigation('about:blank')).toEqual({ allow: true });
    expect(decideFrameNavigation('about:srcdoc')).toEqual({ allow: true });
    expect(decideFrameNavigation('data:text/html,x').allow).toBe(false);
    expect(decideFrameNavigation('javascript:void 0').allow).toBe(false);
  });

  it('describes the location: lock for https, trusted only on the exact origins', () => {
    const ado = new ProviderRegistry().get('ado-oauth')!;
    expect(describeLocation('https://aex.dev.azure.com/app/register', ado.trustedOrigins)).toEqual({ secure: true, trusted: true, origin: 'https://aex.dev.azure.com' });
    expect(describeLocation('https://login.microsoftonline.com/', ado.trustedOrigins)).toMatchObject({ secure: true, trusted: false });
    expect(describeLocation('http://aex.dev.azure.com/', ado.trustedOrigins)).toMatchObject({ secure: false, trusted: false });
  });
});

describe('trusted origins (exact comparison, never a prefix)', () => {
  const registry = new ProviderRegistry();
  const ado = registry.get('ado-oauth')!;
  const entra = registry.get('entra')!;

  it.each([
    'https://aex.dev.azure.com.attacker.com/app/register',
    'https://attacker.com/https://aex.dev.azure.com/',
    'https://aex.dev.azure.com:8443/app/register',
    'http://aex.dev.azure.com/app/register',
    'https://evil-aex.dev.azure.com/',
    'https://dev.azure.com/',
  ])('does not trust %s', (url) => {
    expect(isTrustedUrl(ado, url)).toBe(false);
    expect(registry.forUrl(url)).toBeUndefined();
  });

  it('trusts the listed origins, case-insensitively in the host (URL parsing normalises it)', () => {
    expect(isTrustedUrl(ado, 'https://AEX.dev.azure.com/app/register?mkt=en-US')).toBe(true);
    expect(isTrustedUrl(entra, 'https://portal.azure.com/#view/x')).toBe(true);
    expect(registry.forUrl('https://app.vssps.visualstudio.com/profile/view')?.id).toBe('ado-oauth');
    expect(registry.forUrl('https://entra.microsoft.com/')?.id).toBe('entra');
  });
});

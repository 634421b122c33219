import { describe, expect, it } from 'vitest';
import type { ReadBackAnswer } from '../../../../shared/page-protocol';
import { pageDate } from './page-date';
import { audienceOf, interpretReadBack } from './read-back';
import { entraReadBackChecks } from './read-back-checks';

const CALLBACK = 'https://ds.example.com/accounts/ads/login/callback/bifrost';

function answer(change: Partial<ReadBackAnswer>): ReadBackAnswer {
  return { lang: 'en', accountType: null, platformsShown: false, redirectLists: [], permissions: null, secretExpires: null, fingerprint: '0', ...change };
}

describe('a date as the page shows it', () => {
  it('is read in the page’s own language: en-US month/day/year, German and French day first, Japanese year first', () => {
    expect(pageDate('11/26/2027', 'en')).toBe('2027-11-26');
    expect(pageDate('11/26/2027', 'en-US')).toBe('2027-11-26');
    expect(pageDate('3/4/2027', 'en')).toBe('2027-03-04');
    expect(pageDate('3.4.2027', 'de')).toBe('2027-04-03');
    expect(pageDate('26/11/2027', 'fr')).toBe('2027-11-26');
    expect(pageDate('26/11/2027', 'en-GB')).toBe('2027-11-26');
    expect(pageDate('2027/11/26', 'ja')).toBe('2027-11-26');
    expect(pageDate('2027年11月26日', 'ja')).toBe('2027-11-26');
  });

  it('is never moved by a time zone: the numbers shown are the date (the last day of a year stays there)', () => {
    const zone = process.env['TZ'];
    try {
      for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
        process.env['TZ'] = tz;
        expect(pageDate('12/31/2027', 'en')).toBe('2027-12-31');
        expect(pageDate('1/1/2028', 'en')).toBe('2028-01-01');
      }
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('gives nothing rather than a guess: no language, an unknown one, an impossible day, a two-digit year, no date', () => {
    expect(pageDate('3/4/2027', '')).toBeNull();
    expect(pageDate('3/4/2027', 'zz-nonsense-tag-that-is-not-a-language')).toBeNull();
    expect(pageDate('11/26/2027', 'de')).toBeNull(); // month 26
    expect(pageDate('2/30/2027', 'en')).toBeNull();
    expect(pageDate('3/4/27', 'en')).toBeNull();
    expect(pageDate('never', 'en')).toBeNull();
    // Year first is read so in any language, or none.
    expect(pageDate('2027-11-26', '')).toBe('2027-11-26');
  });
});

describe('the account type in Graph’s words', () => {
  it('maps the portal’s phrases of each language, and nothing else', () => {
    expect(audienceOf('Accounts in this organizational directory only (Contoso only - Single tenant)')).toBe('AzureADMyOrg');
    expect(audienceOf('My organization only')).toBe('AzureADMyOrg');
    expect(audienceOf('Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant)')).toBe('AzureADMultipleOrgs');
    expect(audienceOf('Accounts in any organizational directory (Any Azure AD directory - Multitenant)')).toBe('AzureADMultipleOrgs');
    expect(audienceOf('Accounts in any organizational directory (Any Microsoft Entra ID tenant - Multitenant) and personal Microsoft accounts (e.g. Skype, Xbox)')).toBe('AzureADandPersonalMicrosoftAccount');
    expect(audienceOf('All Microsoft account users')).toBe('AzureADandPersonalMicrosoftAccount');
    expect(audienceOf('Personal Microsoft accounts only')).toBe('PersonalMicrosoftAccount');
    expect(audienceOf('Nur meine Organisation')).toBe('AzureADMyOrg');
    expect(audienceOf('Plusieurs organisations')).toBe('AzureADMultipleOrgs');
    expect(audienceOf('複数の組織')).toBe('AzureADMultipleOrgs');
    expect(audienceOf('Who can use this application or access this API?')).toBeNull();
    expect(audienceOf('')).toBeNull();
  });
});

describe('a read-back in Graph’s terms', () => {
  it('keeps only the Web platform’s redirect URIs, exactly as shown; a platforms section without Web means none', () => {
    const facts = interpretReadBack(answer({ platformsShown: true, redirectLists: [{ platform: 'Web', uris: [`${CALLBACK}/`, CALLBACK] }, { platform: 'Single-page application (SPA)', uris: ['https://x.example/spa'] }] }));
    expect(facts.redirectUris).toEqual([`${CALLBACK}/`, CALLBACK]);
    expect(interpretReadBack(answer({ platformsShown: true })).redirectUris).toEqual([]);
    expect(interpretReadBack(answer({})).redirectUris).toBeUndefined();
  });

  it('reads each permission’s type and consent, and drops a row whose words it does not know', () => {
    const facts = interpretReadBack(
      answer({
        permissions: [
          { api: 'Azure DevOps', name: 'vso.code_write', type: 'Delegated', status: 'Granted for Contoso' },
          { api: 'Azure DevOps', name: 'vso.project', type: 'Delegiert', status: 'Nicht gewährt für „Contoso“' },
          { api: 'Azure DevOps', name: 'vso.code', type: 'Application', status: '' },
          { api: 'Microsoft Graph', name: 'User.Read', type: '委任', status: 'Contoso に付与されました' },
          { api: 'Azure DevOps', name: 'vso.build', type: 'Mystery', status: 'Granted for Contoso' },
          { api: 'Azure DevOps', name: 'vso.work', type: 'Delegated', status: 'Pending review' },
        ],
      }),
    );
    expect(facts.apiPermissions).toEqual([
      { resource: 'Azure DevOps', scope: 'vso.code_write', type: 'Delegated', consent: 'granted' },
      { resource: 'Azure DevOps', scope: 'vso.project', type: 'Delegated', consent: 'not-granted' },
      { resource: 'Azure DevOps', scope: 'vso.code', type: 'Application', consent: 'not-granted' },
      { resource: 'Microsoft Graph', scope: 'User.Read', type: 'Delegated', consent: 'granted' },
    ]);
  });
});

describe('the checks of what was read back', () => {
  const tenantPath = { audience: 'AzureADMyOrg' as const, tenantPath: 'tenant' as const, why: '' };
  const shared = { audience: 'AzureADMultipleOrgs' as const, tenantPath: 'organizations' as const, why: '' };
  const devops = (consent: 'granted' | 'not-granted') => ['vso.code_write', 'vso.code_status', 'vso.project'].map((scope) => ({ resource: 'Azure DevOps', scope, type: 'Delegated' as const, consent }));

  it('a new app waits (pending) for each setting not read yet; a page read on its own is checked for what it shows only', () => {
    const pending = entraReadBackChecks({}, { expectedCallback: CALLBACK, audience: undefined, required: true });
    expect(pending.map((c) => [c.id, c.ok, c.pending])).toEqual([
      ['app-account-type', false, true],
      ['app-redirect-uris', false, true],
      ['app-api-permissions', false, true],
    ]);
    expect(entraReadBackChecks({}, { expectedCallback: CALLBACK, audience: undefined, required: false })).toEqual([]);
  });

  it('a single-tenant app fails where DeepSource uses /organizations (or was not looked at), and passes with its tenant', () => {
    const failed = entraReadBackChecks({ signInAudience: 'AzureADMyOrg' }, { expectedCallback: undefined, audience: shared, required: false })[0]!;
    expect(failed).toMatchObject({ id: 'app-account-type', ok: false });
    expect(failed.message).toContain('AADSTS50194');
    expect(failed.message).toContain('read from Azure');
    expect(entraReadBackChecks({ signInAudience: 'AzureADMyOrg' }, { expectedCallback: undefined, audience: undefined, required: false })[0]).toMatchObject({ ok: false });
    expect(entraReadBackChecks({ signInAudience: 'AzureADMyOrg' }, { expectedCallback: undefined, audience: tenantPath, required: false })[0]).toMatchObject({ ok: true });
    expect(entraReadBackChecks({ signInAudience: 'AzureADMultipleOrgs' }, { expectedCallback: undefined, audience: shared, required: false })[0]).toMatchObject({ ok: true });
    expect(entraReadBackChecks({ signInAudience: 'PersonalMicrosoftAccount' }, { expectedCallback: undefined, audience: tenantPath, required: false })[0]).toMatchObject({ ok: false });
  });

  it('the callback must be one of the Web redirect URIs exactly; a slash apart says so', () => {
    const [ok] = entraReadBackChecks({ redirectUris: ['https://other.example/cb', CALLBACK] }, { expectedCallback: CALLBACK, audience: undefined, required: false });
    expect(ok).toMatchObject({ id: 'app-redirect-uris', ok: true });
    const [slash] = entraReadBackChecks({ redirectUris: [`${CALLBACK}/`] }, { expectedCallback: CALLBACK, audience: undefined, required: false });
    expect(slash).toMatchObject({ ok: false });
    expect(slash!.message).toContain('Only the trailing slash differs');
    expect(entraReadBackChecks({ redirectUris: [] }, { expectedCallback: CALLBACK, audience: undefined, required: false })[0]!.message).toContain('shows no Web redirect URI');
  });

  it('needs the Azure DevOps delegated permissions (or full access); consent not granted passes with a warning', () => {
    const none = entraReadBackChecks({ apiPermissions: [{ resource: 'Microsoft Graph', scope: 'User.Read', type: 'Delegated', consent: 'granted' }] }, { expectedCallback: undefined, audience: undefined, required: false });
    expect(none).toEqual([expect.objectContaining({ id: 'app-api-permissions', ok: false })]);
    expect(none[0]!.message).toContain('vso.code_write, vso.code_status, vso.project');
    const asApplication = devops('granted').map((p) => ({ ...p, type: 'Application' as const }));
    expect(entraReadBackChecks({ apiPermissions: asApplication }, { expectedCallback: undefined, audience: undefined, required: false })[0]).toMatchObject({ ok: false });
    const granted = entraReadBackChecks({ apiPermissions: devops('granted') }, { expectedCallback: undefined, audience: undefined, required: false });
    expect(granted.map((c) => [c.id, c.ok, c.warning])).toEqual([['app-api-permissions', true, undefined], ['app-consent', true, undefined]]);
    const notGranted = entraReadBackChecks({ apiPermissions: devops('not-granted') }, { expectedCallback: undefined, audience: undefined, required: false });
    expect(notGranted[1]).toMatchObject({ id: 'app-consent', ok: true, warning: true });
    expect(notGranted[1]!.message).toContain('AADSTS65001');
    const full = entraReadBackChecks({ apiPermissions: [{ resource: 'Azure DevOps', scope: 'user_impersonation', type: 'Delegated', consent: 'granted' }] }, { expectedCallback: undefined, audience: undefined, required: false });
    expect(full[0]).toMatchObject({ ok: true });
  });
});

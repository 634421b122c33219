// What the window claims, each sentence against the check (or the lack of it) behind it: a sentence that says more
// than was checked fails here. The done card's heading has its own test (wizard/done-heading.test.ts); the sign-in
// check's sentences are main's (src/main/signin/checks.test.ts).
import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../shared/profile';
import type { RegistrationState } from '../../../shared/registration';
import type { SignInProbe } from '../../../shared/signin';
import { completeSentence, prefillSummary, probeSentence, statusOf } from './registration/wording';
import { savedWhere } from './wizard/saved-where';

type Prefill = NonNullable<RegistrationState['prefill']>;
const prefill = (overrides: Partial<Prefill>): Prefill => ({ filled: [], missingFields: [], ticked: [], alreadyTicked: [], unticked: [], leftTicked: [], chosen: [], missingScopes: [], missingChoices: [], ...overrides });
const field = (key: string, source: 'page' | 'pick' | 'built') => ({ key, title: key, status: 'found', source, value: 'x' }) as unknown as RegistrationState['fields'][number];
const state = (fields: RegistrationState['fields'], readBack: RegistrationState['readBack'] = null) => ({ fields, checks: [], readBack }) as unknown as RegistrationState;

describe('what the window claims', () => {
  it('“Filled in for you” counts only what the app did, never a box the page had ticked (a newsletter box)', () => {
    const form = prefill({ filled: [{ label: 'Application name', value: 'a' }, { label: 'Callback', value: 'b' }], ticked: ['Code (read and write)', 'Code (status)', 'Project and team (read)'], leftTicked: ['Send me news'] });
    expect(prefillSummary(form)).toBe('2 fields, 3 scopes ticked');
    expect(prefillSummary({ ...form, ticked: ['Code (status)', 'Project and team (read)'], alreadyTicked: ['Code (read and write)'] })).toBe('2 fields, 2 scopes ticked');
    expect(prefillSummary(prefill({ filled: [{ label: 'Name', value: 'n' }, { label: 'Redirect URI', value: 'r' }], chosen: [{ label: 'Supported account types', option: 'Multitenant' }, { label: 'Platform', option: 'Web' }] }))).toBe('2 fields, 2 choices');
  });

  it('an authorize URL the app built is “made from the IDs”, never “found”', () => {
    const built = state([field('appId', 'page'), field('authorizeUrl', 'built')]);
    expect(statusOf(built, built.fields[1]!)).toEqual({ tone: 'ok', text: 'made from the IDs' });
    expect(statusOf(built, built.fields[0]!)).toEqual({ tone: 'ok', text: 'found' });
    expect(completeSentence(built)).toBe('Every value read from Azure and checked; the authorize URL is made by this app from the IDs.');
    const read = state([field('authorizeUrl', 'page')], { redirectUris: ['https://x'] } as RegistrationState['readBack']);
    expect(completeSentence(read)).toBe('Every value read from Azure and checked, with the app’s settings read back from its pages.');
  });

  it('the saved card puts only the secrets in the OS keychain; the App ID is in the profile', () => {
    const view = { profile: { azure: { tenantId: 't' } }, secrets: [{ kind: 'client-secret', capturedAt: 'a' }, { kind: 'webhook-secret', capturedAt: 'a' }] } as unknown as ProfileView;
    expect(savedWhere(view, false)).toBe('The client secret and a new webhook secret are in the OS keychain; the App ID and tenant ID are in the installation’s profile.');
    expect(savedWhere({ ...view, secrets: [{ kind: 'client-secret', capturedAt: 'b' }, { kind: 'webhook-secret', capturedAt: 'a' }] } as unknown as ProfileView, false)).toBe('The client secret is in the OS keychain; the App ID and tenant ID are in the installation’s profile.');
  });

  it('the probe says it followed DeepSource’s login only when it did, and what the account type is because of it', () => {
    const seen: SignInProbe = {
      looked: true,
      observed: { authorizeUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize', authorityHost: 'login.microsoftonline.com', kind: 'entra', tenant: 'organizations', clientId: null, redirectUri: null, responseType: null, scope: null },
      audience: 'AzureADMultipleOrgs',
      tenantPath: 'organizations',
      why: 'Why.',
      callbackTrailingSlash: false,
    } as SignInProbe;
    expect(probeSentence(seen)).toBe('DeepSource’s login was followed to login.microsoftonline.com/organizations (Azure’s page was not loaded). Why. The new app gets the account type “Accounts in any organizational directory (Multitenant)”. The app is registered with the callback form DeepSource sends (without the trailing slash).');
    expect(probeSentence({ ...seen, looked: false, observed: null, callbackTrailingSlash: null })).toBe('Why. The new app gets the account type “Accounts in any organizational directory (Multitenant)”.');
  });
});

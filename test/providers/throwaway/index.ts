import { guidInUrl, idField, isGuid, missing } from '../../../src/main/registration/providers/common';
import type { CheckResult, FoundValues, Provider, SignInFacet } from '../../../src/main/registration/providers/types';

/**
 * A provider that exists only for the test that adds one: its own trusted loopback https origin (its site is
 * ./site.ts), its own form, values, checks, sign-in endpoint and secret lifetime. It is added the way the README
 * says a provider is added: this folder, and one entry in the list given to the composition root.
 */
export const THROWAWAY_ID = 'throwaway';
export const THROWAWAY_SCOPES = [
  { id: 'repo.read', labels: ['Read repositories'] },
  { id: 'status.write', labels: ['Write commit statuses'] },
] as const;
/** Its secrets start with this and are this long: anything else is not one. */
export const THROWAWAY_SECRET_PREFIX = 'tw_';
export const THROWAWAY_SECRET_LENGTH = 48;
export const THROWAWAY_LIFETIME_DAYS = 45;
/** What its authorize endpoint's host is called in a profile (the loopback origin's host, without the port). */
export const THROWAWAY_AUTHORITY = 'localhost';

const APP_PAGE = 'the app’s page on the throwaway site';

function authorizeChecks(url: string | undefined, appId: string | undefined, origin: string, callback: string | undefined): CheckResult[] {
  if (url === undefined) return [missing('authorize-url', 'The sign-in address', APP_PAGE)];
  const parsed = URL.canParse(url) ? new URL(url) : null;
  const results: CheckResult[] = [
    parsed !== null && parsed.origin === origin && parsed.pathname === '/authorize'
      ? { id: 'authorize-url-endpoint', ok: true, message: `The sign-in address is ${origin}/authorize.` }
      : { id: 'authorize-url-endpoint', ok: false, message: `The sign-in address is not ${origin}/authorize.`, fix: 'Read it from the app’s page.' },
    parsed !== null && appId !== undefined && parsed.searchParams.get('client_id')?.toLowerCase() === appId.toLowerCase()
      ? { id: 'authorize-url-client-id', ok: true, message: 'The sign-in address names this client key.' }
      : { id: 'authorize-url-client-id', ok: false, message: 'The sign-in address names another client key.', fix: 'Read both values from the same app’s page.' },
  ];
  if (callback !== undefined) {
    const sent = parsed?.searchParams.get('redirect_uri') ?? null;
    results.push(
      sent === callback
        ? { id: 'authorize-url-redirect-uri', ok: true, message: `The return address is ${callback}.` }
        : { id: 'authorize-url-redirect-uri', ok: false, message: `The app returns to ${sent ?? '(none)'}; DeepSource expects ${callback}.`, fix: 'Make the app again with the expected return address.' },
    );
  }
  return results;
}

function secretCheck(secret: string | undefined): CheckResult {
  if (secret === undefined) return missing('client-secret', 'The client password', APP_PAGE);
  return secret.startsWith(THROWAWAY_SECRET_PREFIX) && secret.length === THROWAWAY_SECRET_LENGTH
    ? { id: 'client-secret-format', ok: true, message: `The client password has the throwaway shape (${secret.length} characters).` }
    : { id: 'client-secret-format', ok: false, message: `The client password is not ${THROWAWAY_SECRET_PREFIX}… of ${THROWAWAY_SECRET_LENGTH} characters.`, fix: 'Use "Pick" on the client password.' };
}

function signIn(origin: string): SignInFacet {
  const host = new URL(origin).host;
  return {
    hosts: [host],
    readAuthorizeEndpoint: (address) => (`${address.host}:${address.port}` === host && address.path === '/authorize' ? { tenant: null } : null),
    authorityCheck: (observed, _profile, observedBy) =>
      observedBy.id === THROWAWAY_ID
        ? { id: 'signin-authority', ok: true, message: `DeepSource sends users to the throwaway site (${host}).` }
        : { id: 'signin-authority', ok: false, message: `DeepSource sends users to ${observedBy.ui.name} (${observed.authorityHost}), not to the throwaway site.`, fix: 'Point DeepSource at the throwaway site.' },
    scopeCheck: (observed) => {
      const scopes = (observed.scope ?? '').split(/\s+/);
      const absent = THROWAWAY_SCOPES.map((s) => s.id).filter((id) => !scopes.includes(id));
      return absent.length === 0
        ? { id: 'signin-scope', ok: true, message: 'DeepSource asks the throwaway site for both scopes.' }
        : { id: 'signin-scope', ok: false, message: `DeepSource does not ask for ${absent.join(', ')}.`, fix: 'Ask for both throwaway scopes.' };
    },
    callbackRemedy: (sent) => `Add ${sent} as the throwaway app's second return address.`,
  };
}

/** The throwaway provider on its site's origin (`https://localhost:PORT`). */
export function throwawayProvider(origin: string): Provider {
  return {
    id: THROWAWAY_ID,
    title: 'Throwaway test provider',
    ui: {
      name: 'the throwaway site',
      pillTitle: 'Throwaway',
      choice: { label: 'Throwaway site (tests only)', newInstallations: false },
      guide: {
        register: [
          { text: 'Check the throwaway form (Name: {appName}, return address {callbackUrl}).', done: 'prefilled' },
          { text: 'Press “Create app”.', done: { values: ['appId', 'clientSecret', 'authorizeUrl'] } },
        ],
        rotate: [{ text: 'Press “New password” on the app’s page.', done: { values: ['clientSecret'] } }],
      },
      asksSecretExpiry: false,
      graph: false,
    },
    profile: { defaultAuthorityHost: THROWAWAY_AUTHORITY, secretLifetimeDays: THROWAWAY_LIFETIME_DAYS, hasTenantId: false },
    signIn: signIn(origin),
    trustedOrigins: [origin],
    startUrl: `${origin}/apps/new`,
    registerPages: [`${origin}/apps/new`],
    existingAppPages: [`${origin}/apps`],
    rotationUrl: (appId) => `${origin}/apps/${encodeURIComponent(appId)}`,
    fields: [
      idField('appId', 'Client key', ['Client key']),
      { key: 'clientSecret', title: 'Client password', labels: ['Client password'], kind: 'secret', maxLength: 256, role: 'value', reveal: false, prefer: `^${THROWAWAY_SECRET_PREFIX}` },
      { key: 'authorizeUrl', title: 'Sign-in address', labels: ['Sign-in address'], kind: 'url', maxLength: 2048, role: 'value', reveal: false, prefer: '/authorize' },
    ],
    boundaryLabels: ['Name', 'Created'],
    neverFromLabels: [],
    appIdFromUrl: (url) => guidInUrl(url, [], ['apps']),
    registerForm: {
      textFields: [
        { labels: ['App name'], value: ({ org }) => `DeepSource ${org}` },
        { labels: ['Return address'], value: ({ callback }) => callback },
      ],
      scopes: THROWAWAY_SCOPES,
      refusalPhrases: ['the throwaway site is closed'],
    },
    derive: () => ({ authorityHost: THROWAWAY_AUTHORITY }),
    checks: (values: FoundValues, context) => [
      isGuid(values.appId)
        ? { id: 'app-id-format', ok: true, message: 'The client key is a GUID.' }
        : values.appId === undefined
          ? missing('app-id-format', 'The client key', APP_PAGE)
          : { id: 'app-id-format', ok: false, message: 'The client key is not a GUID.', fix: 'Use "Pick" on the client key.' },
      ...authorizeChecks(values.authorizeUrl, values.appId, origin, context.expectedCallback),
      secretCheck(values.clientSecret),
    ],
  };
}

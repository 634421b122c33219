import { GUID, guidInUrl, idField, isGuid, missing } from '../common';
import { looksMasked } from '../../../../shared/masked-text';
import type { CheckResult, FoundValues, Provider } from '../types';
import { ADO_AUTHORIZE, ADO_SCOPES, adoSignIn } from './signin';

export { ADO_SCOPES };

const AUTHORIZE_HOST = ADO_AUTHORIZE.host;
const APP_PAGE = 'the app’s page (Profile → Applications and services → your app)';

/** redirect_uri as the page wrote it: raw, percent-encoded once (searchParams decodes that) or twice. */
function decodedRedirect(value: string | null): string | null {
  let redirect = value;
  for (let i = 0; redirect !== null && i < 2 && /^https?%3A/i.test(redirect); i++) {
    try {
      redirect = decodeURIComponent(redirect);
    } catch {
      break;
    }
  }
  return redirect;
}

function authorizeChecks(url: string | undefined, appId: string | undefined, expectedCallback: string | undefined): CheckResult[] {
  if (url === undefined) return [missing('authorize-url', 'The Authorize URL', APP_PAGE)];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ id: 'authorize-url', ok: false, message: 'The Authorize URL read from the page is not a URL.', fix: 'Use "Pick" and click the Authorize URL (the link, not its shortened text).' }];
  }
  const params = parsed.searchParams;
  const results: CheckResult[] = [];
  const hostOk = parsed.protocol === 'https:' && parsed.host === AUTHORIZE_HOST;
  results.push(
    hostOk
      ? { id: 'authorize-url-host', ok: true, message: `The Authorize URL points at ${AUTHORIZE_HOST}.` }
      : { id: 'authorize-url-host', ok: false, message: `The Authorize URL points at ${parsed.protocol}//${parsed.host}, not https://${AUTHORIZE_HOST}.`, fix: 'Read the Authorize URL from the app’s own page on Azure DevOps; do not use a URL from elsewhere.' },
  );
  results.push(
    parsed.pathname === '/oauth2/authorize'
      ? { id: 'authorize-url-path', ok: true, message: 'The Authorize URL path is /oauth2/authorize.' }
      : { id: 'authorize-url-path', ok: false, message: `The Authorize URL path is ${parsed.pathname}, not /oauth2/authorize.`, fix: 'Pick the Authorize URL, not the access-token URL.' },
  );
  const clientId = params.get('client_id') ?? '';
  results.push(
    appId !== undefined && clientId.toLowerCase() === appId.trim().toLowerCase()
      ? { id: 'authorize-url-client-id', ok: true, message: 'The Authorize URL’s client_id equals the App ID.' }
      : { id: 'authorize-url-client-id', ok: false, message: appId === undefined ? 'The App ID is missing, so the Authorize URL’s client_id cannot be compared.' : 'The Authorize URL’s client_id is not the App ID: the two values come from different apps.', fix: 'Read both values from the same app’s page.' },
  );
  const responseType = params.get('response_type');
  results.push(
    responseType === 'Assertion'
      ? { id: 'authorize-url-response-type', ok: true, message: 'The Authorize URL asks for response_type=Assertion.' }
      : { id: 'authorize-url-response-type', ok: false, message: `The Authorize URL has response_type=${responseType ?? '(none)'}; Azure DevOps OAuth needs Assertion.`, fix: 'Read the Authorize URL from the app’s page again; it must not be edited by hand.' },
  );
  if (expectedCallback !== undefined) {
    const redirect = decodedRedirect(params.get('redirect_uri'));
    results.push(
      redirect === expectedCallback
        ? { id: 'authorize-url-redirect-uri', ok: true, message: `The callback is ${expectedCallback}.` }
        : {
            id: 'authorize-url-redirect-uri',
            ok: false,
            message: `The app was registered with callback ${redirect ?? '(none)'}; DeepSource expects ${expectedCallback}.`,
            fix: 'Scopes and callback cannot be edited: create a new app with the expected callback (or switch the trailing-slash form if that is the only difference).',
          },
    );
  }
  const scopes = (params.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
  const absent = ADO_SCOPES.map((s) => s.id).filter((id) => !scopes.includes(id));
  results.push(
    absent.length === 0
      ? { id: 'authorize-url-scopes', ok: true, message: 'The app has the three scopes DeepSource needs.' }
      : {
          id: 'authorize-url-scopes',
          ok: false,
          message: `The app lacks the scope${absent.length > 1 ? 's' : ''} ${absent.join(', ')}.`,
          fix: 'Scopes cannot be changed after an app is created: create a new app with Code (read and write), Code (status) and Project and team (read).',
        },
  );
  return results;
}

function secretChecks(secret: string | undefined, appSecret: string | undefined): CheckResult[] {
  if (secret === undefined) return [missing('client-secret', 'The Client Secret', `${APP_PAGE}; press "Show" next to Client Secret`)];
  const jwtLike = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(secret);
  const results: CheckResult[] = [
    jwtLike && secret.length >= 300
      ? { id: 'client-secret-format', ok: true, message: `The Client Secret looks like an assertion (${secret.length} characters; 758 is usual).` }
      : {
          id: 'client-secret-format',
          ok: false,
          message: looksMasked(secret)
            ? 'The Client Secret is still hidden: only its masked form was read.'
            : `The Client Secret does not look like the long assertion Azure DevOps issues (${secret.length} characters${jwtLike ? '' : ', not of the form eyJ….….…'}).`,
          fix: 'Press "Show" next to Client Secret (not App Secret) and read it again, or use "Pick" on the revealed value.',
        },
  ];
  const sameAsAppSecret = appSecret !== undefined && appSecret === secret;
  results.push(
    sameAsAppSecret || GUID.test(secret)
      ? { id: 'client-secret-not-app-secret', ok: false, message: 'The value read as Client Secret is the App Secret (or an id), which DeepSource cannot use.', fix: 'Use the value labelled Client Secret, not App Secret.' }
      : { id: 'client-secret-not-app-secret', ok: true, message: 'The Client Secret is not the App Secret.' },
  );
  return results;
}

export const adoOAuthProvider: Provider = {
  id: 'ado-oauth',
  title: 'Azure DevOps OAuth app (legacy)',
  ui: {
    name: 'Azure DevOps OAuth',
    pillTitle: 'Azure DevOps OAuth',
    choice: { label: 'Azure DevOps OAuth app (registered before April 2025)', newInstallations: false },
    guide: {
      register: [
        { text: 'Sign in with the account that should own the app (a team or service account: an Azure app cannot change owner).', done: 'signed-in' },
        { text: 'Check the form: it is filled in for you.', done: 'prefilled' },
        { text: 'Press “Create application”. The App ID, client secret and authorize URL are read from the page that follows.', done: { values: ['appId', 'clientSecret', 'authorizeUrl'] } },
      ],
      rotate: [
        { text: 'Sign in with the account that owns the app.', done: 'signed-in' },
        { text: 'On the app’s page make a new client secret. It is read from the page; only the client secret is replaced.', done: { values: ['clientSecret'] } },
      ],
    },
    // The secret's lifetime is Azure DevOps's default (profile.secretLifetimeDays), not the admin's choice.
    asksSecretExpiry: false,
    graph: false,
    // Microsoft stopped accepting new Azure DevOps OAuth apps in April 2025.
    successor: 'entra',
  },
  profile: {
    defaultAuthorityHost: AUTHORIZE_HOST,
    // Secrets created since the overlapping-secrets change last 60 days by default.
    secretLifetimeDays: 60,
    hasTenantId: false,
  },
  signIn: adoSignIn,
  trustedOrigins: ['https://aex.dev.azure.com', 'https://app.vsaex.visualstudio.com', 'https://app.vssps.visualstudio.com'],
  startUrl: 'https://aex.dev.azure.com/app/register?mkt=en-US',
  registerPages: ['https://aex.dev.azure.com/app/register', 'https://app.vsaex.visualstudio.com/app/register'],
  existingAppPages: ['https://app.vssps.visualstudio.com/profile/view', 'https://aex.dev.azure.com/me'],
  // Azure DevOps documents no per-app address: rotation starts at the app list on the profile page.
  rotationUrl: () => 'https://app.vssps.visualstudio.com/profile/view',
  // Labels as the page shows them, in the portal's languages (English, German, French, Japanese, Hebrew, Arabic);
  // case, spacing, colons, apostrophes and width do not matter.
  fields: [
    idField('appId', 'App ID', [
      'App ID', 'Application ID', 'Client ID', 'App-ID', 'Anwendungs-ID', 'Client-ID', 'ID d’application', 'ID de l’application', 'ID d’app', 'ID de l’app', 'ID client',
      'ID du client', 'Identifiant de l’application', 'Identifiant d’application', 'アプリ ID', 'アプリケーション ID', 'クライアント ID', 'מזהה אפליקציה', 'מזהה יישום', 'معرف التطبيق',
    ]),
    {
      key: 'clientSecret',
      title: 'Client Secret',
      labels: [
        'Client Secret', 'Client secret (assertion)', 'Geheimer Clientschlüssel', 'Clientgeheimnis', 'Client-Geheimnis', 'Geheimer Client-Schlüssel', 'Secret client',
        'Secret du client', 'Secret client (assertion)', 'Clé secrète client', 'Clé secrète du client', 'クライアント シークレット', 'סוד לקוח', 'سر العميل',
      ],
      kind: 'secret',
      maxLength: 4096,
      role: 'value',
      reveal: true,
      prefer: '^eyJ',
    },
    {
      key: 'authorizeUrl',
      title: 'Authorize URL',
      labels: [
        'Authorize URL', 'Authorization URL', 'Autorisierungs-URL', 'Autorisieren-URL', 'URL für die Autorisierung', 'URL d’autorisation', 'URL de l’autorisation',
        'URL pour l’autorisation', 'URL d’autorisation OAuth', '承認 URL', '認証 URL', 'כתובת URL להרשאה', 'عنوان URL للتخويل',
      ],
      kind: 'url',
      maxLength: 2048,
      role: 'value',
      reveal: false,
      prefer: '/oauth2/authorize',
    },
    {
      key: 'appSecret',
      title: 'App Secret',
      labels: ['App Secret', 'App-Geheimnis', 'Geheimer App-Schlüssel', 'Secret de l’application', 'Secret d’application', 'Secret de l’app', 'Clé secrète de l’application', 'アプリ シークレット', 'סוד אפליקציה', 'سر التطبيق'],
      kind: 'secret',
      maxLength: 4096,
      role: 'decoy',
      reveal: false,
    },
  ],
  boundaryLabels: [
    'Access token URL', 'Token URL', 'Secret ID', 'Object ID', 'Authorization callback URL', 'Callback URL', 'Authorized scopes', 'Scopes',
    'Application website', 'Application name', 'Company name', 'Company website', 'Description', 'Expires', 'Secret expires', 'Expiration',
    'Zugriffstoken-URL', 'Rückruf-URL für die Autorisierung', 'Autorisierungsrückruf-URL', 'Autorisierte Bereiche', 'Bereiche', 'Anwendungsname',
    'Anwendungswebsite', 'Firmenname', 'Ablaufdatum', 'Läuft ab', 'アクセス トークン URL', '承認コールバック URL', '承認済みスコープ', 'スコープ',
    'アプリケーション名', '会社名', '有効期限', 'URL du jeton d’accès', 'URL de jeton d’accès', 'URL du jeton', 'URL de rappel d’autorisation', 'URL de rappel',
    'Étendues autorisées', 'Étendues', 'Nom de l’application', 'Site web de l’application', 'Nom de la société', 'Site web de la société', 'Expire le',
    'Date d’expiration', 'כתובת URL של אסימון גישה', 'כתובת URL להחזרה', 'טווחים מורשים', 'عنوان URL لرمز الوصول', 'عنوان URL لرد الاتصال', 'النطاقات المصرح بها',
  ],
  neverFromLabels: [],
  // The app page is app/view?clientId=<App ID>.
  appIdFromUrl: (url) => guidInUrl(url, ['clientId', 'appId', 'clientid', 'appid'], ['app', 'apps', 'applications']),
  registerForm: {
    textFields: [
      { labels: ['Company name'], value: () => 'DeepSource Enterprise Server' },
      { labels: ['Application name'], value: ({ org }) => `DeepSource ${org}` },
      { labels: ['Application website'], value: ({ hostname }) => `https://${hostname}` },
      { labels: ['Authorization callback URL', 'Callback URL'], value: ({ callback }) => callback },
    ],
    scopes: ADO_SCOPES,
    refusalPhrases: [
      'no longer accept', 'no longer being accepted', 'not accepting new', 'no longer supported', 'no longer available',
      'new registrations are', 'cannot create new', 'can no longer create', 'registration is closed', 'has been deprecated',
    ],
  },
  derive: () => ({ authorityHost: AUTHORIZE_HOST }),
  checks: (values: FoundValues, context) => [
    isGuid(values.appId)
      ? { id: 'app-id-format', ok: true, message: 'The App ID is a GUID.' }
      : values.appId === undefined
        ? missing('app-id-format', 'The App ID', APP_PAGE)
        : { id: 'app-id-format', ok: false, message: 'The value read as App ID is not a GUID.', fix: 'Use "Pick" and click the App ID (a GUID such as 1A2B3C4D-…).' },
    ...authorizeChecks(values.authorizeUrl, values.appId, context.expectedCallback),
    ...secretChecks(values.clientSecret, values.appSecret),
  ],
};

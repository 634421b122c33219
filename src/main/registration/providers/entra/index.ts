import { GUID_SOURCE } from '../../../../shared/identifiers';
import { guidInUrl, idField, isGuid, missing } from '../common';
import { looksMasked } from '../../../../shared/masked-text';
import type { CheckContext, CheckResult, FoundValues, Provider, RegisterForm } from '../types';
import { entraReadBackChecks } from './read-back-checks';
import { ACCOUNT_TYPE_CHOICES, ENTRA_READ_BACK, interpretReadBack } from './read-back';
import { AZURE_DEVOPS_RESOURCE_SCOPE, entraSignIn } from './signin';

export { AZURE_DEVOPS_RESOURCE_SCOPE };

/** The sign-in authority of each cloud, by the portal origin the values were read from. */
const AUTHORITY_BY_PORTAL: Readonly<Record<string, string>> = {
  'https://portal.azure.com': 'login.microsoftonline.com',
  'https://entra.microsoft.com': 'login.microsoftonline.com',
  'https://reactblade.portal.azure.net': 'login.microsoftonline.com',
  'https://portal.azure.us': 'login.microsoftonline.us',
  'https://portal.azure.cn': 'login.chinacloudapi.cn',
};

export function authorityFor(origin: string | undefined): string {
  return (origin && AUTHORITY_BY_PORTAL[origin]) || 'login.microsoftonline.com';
}

/** https://{authority}/{tenant}/oauth2/v2.0/authorize?… built from the tenant and client id. */
export function entraAuthorizeUrl(authority: string, tenant: string, clientId: string, callback: string | undefined): string {
  const url = new URL(`https://${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  if (callback !== undefined) url.searchParams.set('redirect_uri', callback);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', `${AZURE_DEVOPS_RESOURCE_SCOPE} offline_access`);
  return url.toString();
}

const OVERVIEW = 'the app registration’s Overview';
const REGISTERED_APPS = 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/';

/** An app's blade in the portal (the address the portal itself uses: #view/…/ApplicationMenuBlade/~/<blade>/appId/<id>). */
function appBlade(blade: string, appId: string): string {
  return `${REGISTERED_APPS}ApplicationMenuBlade/~/${blade}/appId/${encodeURIComponent(appId)}/isMSAApp~/false`;
}

/**
 * "Register an application": the name, the account type decided for this installation, the platform Web chosen in
 * the portal's own drop-down, and the callback as the redirect URI. The admin presses "Register".
 */
const registerForm: RegisterForm = {
  textFields: [
    { labels: ['Name', 'Nom', '名前'], value: ({ org }) => `DeepSource ${org}` },
    { labels: ['Redirect URI (optional)', 'Redirect URI', 'Umleitungs-URI (optional)', 'URI de redirection (facultatif)', 'リダイレクト URI (省略可能)'], value: ({ callback }) => callback },
  ],
  scopes: [],
  choices: ({ audience }) => [
    {
      groupLabels: ENTRA_READ_BACK.accountType,
      optionPrefixes: audience === 'AzureADMyOrg' ? ACCOUNT_TYPE_CHOICES.single : ACCOUNT_TYPE_CHOICES.multi,
    },
  ],
  dropdowns: [{ labels: ['Select a platform', 'Plattform auswählen', 'Sélectionner une plateforme', 'プラットフォームの選択'], option: ['Web'] }],
  refusalPhrases: [],
};
const SECRETS = 'Certificates & secrets → Client secrets → New client secret';

const MIN_SECRET_VALUE_LENGTH = 30;

function secretChecks(secret: string | undefined): CheckResult[] {
  if (secret === undefined) return [missing('client-secret', 'The client secret Value', SECRETS)];
  return [
    isGuid(secret)
      ? { id: 'client-secret-not-secret-id', ok: false, message: 'The value read is a Secret ID (a GUID), not the secret’s Value; sign-in would fail with AADSTS7000215.', fix: 'Use the Value column of the new secret, not Secret ID.' }
      : { id: 'client-secret-not-secret-id', ok: true, message: 'The client secret is a Value, not a Secret ID.' },
    looksMasked(secret)
      ? { id: 'client-secret-not-masked', ok: false, message: 'Only the masked form of the secret is on the page: Azure shows a secret’s Value once, right after it is created.', fix: 'Create a new client secret (Certificates & secrets → New client secret) while the built-in browser is open; the value is read as soon as it appears.' }
      : { id: 'client-secret-not-masked', ok: true, message: `The client secret Value was read (${secret.length} characters).` },
    // Values are about 40 characters; a short read is a label, an icon or a cut-off value, never a working secret.
    secret.length >= MIN_SECRET_VALUE_LENGTH && !/\s/.test(secret)
      ? { id: 'client-secret-length', ok: true, message: 'The client secret Value has the length of an Entra secret.' }
      : { id: 'client-secret-length', ok: false, message: `The value read is ${secret.length} characters; an Entra client secret Value is about 40, without spaces.`, fix: 'Use "Pick" and click the Value of the new secret in the Client secrets list.' },
  ];
}

export const entraProvider: Provider = {
  id: 'entra',
  title: 'Microsoft Entra ID app registration',
  ui: {
    name: 'Microsoft Entra ID',
    pillTitle: 'Entra ID',
    choice: { label: 'Microsoft Entra ID (new installations)', newInstallations: true },
    guide: {
      register: [
        { text: 'Sign in to the Azure portal.', done: 'signed-in' },
        {
          text: 'Press “+ New registration” under App registrations: the form is filled in for you (name {appName}, {accountType}, platform Web, redirect URI {callbackUrl}). Check it and press “Register”. An app you already have: open it instead.',
          done: { values: ['appId', 'tenantId'] },
        },
        {
          text: 'On the app’s API permissions page press “+ Add a permission” → “APIs my organization uses” → Azure DevOps → Delegated permissions, tick vso.code_write, vso.code_status and vso.project, then “Add permissions”. Where only admins may consent, press “Grant admin consent for …”. The list is read back.',
          done: { checks: ['app-api-permissions'] },
          link: 'apiPermissions',
        },
        { text: 'Open the app’s Authentication page: its redirect URIs and account type are read back and compared with the callback.', done: { checks: ['app-redirect-uris', 'app-account-type'] }, link: 'authentication' },
        {
          text: 'On “Certificates & secrets” press “+ New client secret”, choose when it expires, then “Add”. Its Value and expiry are read the moment they appear (Azure shows the Value only once).',
          done: { values: ['clientSecret'] },
          link: 'credentials',
        },
      ],
      rotate: [
        { text: 'Sign in to the Azure portal.', done: 'signed-in' },
        { text: 'On the app’s Certificates & secrets page press “+ New client secret”, then “Add”. Its Value is read the moment it appears; only the client secret is replaced.', done: { values: ['clientSecret'] } },
      ],
    },
    // The portal offers several lifetimes (and a custom date), which the page does not reliably show again.
    asksSecretExpiry: true,
    graph: true,
  },
  profile: { defaultAuthorityHost: 'login.microsoftonline.com', secretLifetimeDays: null, hasTenantId: true },
  signIn: entraSignIn,
  // The portal renders blades in iframes; reactblade.portal.azure.net is the blade host seen in the public portal
  // (unconfirmed for every blade — `ads-setup extract` diagnoses a page whose frames are not read).
  trustedOrigins: ['https://portal.azure.com', 'https://entra.microsoft.com', 'https://reactblade.portal.azure.net', 'https://portal.azure.us', 'https://portal.azure.cn'],
  startUrl: 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  // The New registration blade, in both portals (its address is the route after #).
  registerPages: [`${REGISTERED_APPS}CreateApplicationBlade`, 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/CreateApplicationBlade'],
  existingAppPages: ['https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade', 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade'],
  // The app's "Certificates & secrets" blade, where a new client secret is added.
  rotationUrl: (appId) => appBlade('Credentials', appId),
  // Labels as the portal shows them, in its languages (English, German, French, Japanese, Hebrew, Arabic).
  fields: [
    idField('appId', 'Application (client) ID', [
      'Application (client) ID', 'Application ID', 'Client ID', 'Anwendungs-ID (Client)', 'Anwendungs-ID', 'Client-ID', 'ID d’application (client)', 'ID d’application',
      'ID de l’application (client)', 'ID client', 'アプリケーション (クライアント) ID',
      'アプリケーション ID', 'クライアント ID', 'מזהה יישום (לקוח)', 'מזהה אפליקציה (לקוח)', 'معرف التطبيق (العميل)',
    ]),
    idField('tenantId', 'Directory (tenant) ID', [
      'Directory (tenant) ID', 'Tenant ID', 'Verzeichnis-ID (Mandant)', 'Mandanten-ID', 'ID de l’annuaire (locataire)', 'ID d’annuaire (locataire)', 'ID du locataire',
      'ID de locataire', 'ディレクトリ (テナント) ID', 'テナント ID', 'מזהה מדריך (דייר)', 'מזהה ספריה (דייר)', 'معرف الدليل (المستأجر)',
    ]),
    {
      key: 'clientSecret',
      title: 'Client secret Value',
      labels: ['Value', 'Client secret value', 'Secret value', 'Wert', 'Geheimniswert', 'Valeur', 'Valeur du secret', 'Valeur du secret client', '値', 'シークレット値', 'ערך', 'القيمة'],
      kind: 'secret',
      maxLength: 512,
      role: 'value',
      reveal: true,
      // Not a GUID (that is the Secret ID), and as long as an Entra secret Value.
      prefer: `^(?!${GUID_SOURCE}$).{30,}$`,
    },
  ],
  boundaryLabels: [
    'Object ID', 'Application ID URI', 'Display name', 'Description', 'Expires', 'Managed application in local directory', 'Supported account types',
    'Client credentials', 'Redirect URIs', 'State', 'Objekt-ID', 'Anwendungs-ID-URI', 'Anzeigename', 'Beschreibung', 'Gültig bis', 'Läuft ab',
    'Ablaufdatum', 'Unterstützte Kontotypen', 'Clientanmeldeinformationen', 'Umleitungs-URIs', 'オブジェクト ID', 'アプリケーション ID の URI', '表示名',
    '説明', '有効期限', 'サポートされているアカウントの種類', 'クライアントの資格情報', 'リダイレクト URI', 'מזהה אובייקט', 'שם תצוגה', 'תיאור', 'תפוגה',
    'معرف الكائن', 'اسم العرض', 'الوصف', 'تنتهي الصلاحية', 'ID d’objet', 'URI d’ID d’application', 'Nom d’affichage', 'Expire', 'Expire le',
    'Application managée dans l’annuaire local', 'Types de comptes pris en charge', 'Informations d’identification du client', 'URI de redirection', 'État',
  ],
  neverFromLabels: ['Secret ID', 'Geheime ID', 'Geheimnis-ID', 'ID de secret', 'ID secret', 'ID du secret', 'シークレット ID', 'מזהה סוד', 'معرف السر'],
  // Blades name the app in their route: #view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/<id>.
  appIdFromUrl: (url) => guidInUrl(url, ['appId', 'applicationId'], ['appId', 'applicationId']),
  registerForm,
  readBack: {
    query: ENTRA_READ_BACK,
    interpret: interpretReadBack,
    checks: entraReadBackChecks,
    pages: (appId) => ({ overview: appBlade('Overview', appId), authentication: appBlade('Authentication', appId), apiPermissions: appBlade('CallAnAPI', appId), credentials: appBlade('Credentials', appId) }),
  },
  derive: (values: FoundValues, context: CheckContext) => {
    const authorityHost = authorityFor(context.origin);
    if (!isGuid(values.tenantId) || !isGuid(values.appId)) return { authorityHost };
    return { authorityHost, authorizeUrl: entraAuthorizeUrl(authorityHost, values.tenantId!.trim(), values.appId!.trim(), context.expectedCallback) };
  },
  checks: (values: FoundValues) => [
    isGuid(values.appId)
      ? { id: 'app-id-format', ok: true, message: 'The Application (client) ID is a GUID.' }
      : values.appId === undefined
        ? missing('app-id-format', 'The Application (client) ID', OVERVIEW)
        : { id: 'app-id-format', ok: false, message: 'The value read as Application (client) ID is not a GUID.', fix: 'Use "Pick" on the Overview page and click the Application (client) ID.' },
    isGuid(values.tenantId)
      ? { id: 'tenant-id-format', ok: true, message: 'The Directory (tenant) ID is a GUID.' }
      : values.tenantId === undefined
        ? missing('tenant-id-format', 'The Directory (tenant) ID', OVERVIEW)
        : { id: 'tenant-id-format', ok: false, message: 'The value read as Directory (tenant) ID is not a GUID.', fix: 'Use "Pick" on the Overview page and click the Directory (tenant) ID.' },
    ...secretChecks(values.clientSecret),
  ],
};

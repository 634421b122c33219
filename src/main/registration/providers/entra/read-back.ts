import type { ReadBackAnswer, ReadBackQuery } from '../../../../shared/page-protocol';
import type { ApiPermission, ReadBack, SignInAudience } from '../../../../shared/registration';
import { ADO_SCOPES } from '../ado-oauth/signin';
import { pageDate } from './page-date';

/**
 * What the portal's app pages say of a registration, read back and put in Microsoft Graph's terms: the account type
 * (signInAudience), the Web redirect URIs, the configured API permissions with their consent, and the expiry of the
 * secret whose Value was read. Words the reader does not know give nothing, never a guess.
 */

/** The captions, in the portal's languages (English, German, French, Japanese). */
export const ENTRA_READ_BACK: ReadBackQuery = {
  accountType: ['Supported account types', 'Unterstützte Kontotypen', 'Types de comptes pris en charge', 'サポートされているアカウントの種類'],
  redirectUris: ['Redirect URIs', 'Umleitungs-URIs', 'URI de redirection', 'リダイレクト URI'],
  platforms: ['Platform configurations', 'Plattformkonfigurationen', 'Configurations de plateforme', 'プラットフォーム構成'],
  permissionName: ['API / Permissions name', 'API/Berechtigungsname', 'Nom de l’API / des autorisations', 'API / アクセス許可の名前'],
  permissionType: ['Type', 'Typ', '種類'],
  permissionStatus: ['Status', 'État', '状態'],
  expires: ['Expires', 'Gültig bis', 'Läuft ab', 'Expire', 'Expire le', '有効期限'],
};

/** Letters and digits only, lower case, compatibility forms folded: how captions are compared here. */
function key(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * How the portal begins each account type's choice (register form, Authentication page), in its languages: a label
 * that begins so is that choice, whatever follows (the tenant's name, "Azure AD" or "Microsoft Entra ID").
 */
export const ACCOUNT_TYPE_CHOICES = {
  single: ['Accounts in this organizational directory only', 'Nur Konten in diesem Organisationsverzeichnis', 'Comptes dans cet annuaire d’organisation uniquement', 'この組織ディレクトリのみに含まれるアカウント'],
  multi: ['Accounts in any organizational directory', 'Konten in einem beliebigen Organisationsverzeichnis', 'Comptes dans un annuaire d’organisation', '任意の組織ディレクトリ内のアカウント'],
} as const;

const keys = (phrases: readonly string[]) => phrases.map(key);
const SINGLE = keys([...ACCOUNT_TYPE_CHOICES.single, 'My organization only', 'Nur meine Organisation', 'Mon organisation uniquement', '自分の組織のみ']);
const MULTI = keys([...ACCOUNT_TYPE_CHOICES.multi, 'Multiple organizations', 'Mehrere Organisationen', 'Plusieurs organisations', '複数の組織']);
const PERSONAL_ONLY = keys(['Personal Microsoft accounts only', 'Nur persönliche Microsoft-Konten', 'Comptes Microsoft personnels uniquement', '個人用 Microsoft アカウントのみ']);
const WITH_PERSONAL = keys(['personal Microsoft accounts', 'persönliche Microsoft-Konten', 'comptes Microsoft personnels', '個人用 Microsoft アカウント']);
const ALL_USERS = keys(['All Microsoft account users', 'Alle Microsoft-Kontobenutzer', 'Tous les utilisateurs de compte Microsoft', 'すべての Microsoft アカウント ユーザー']);

/** The account type the page shows, in Graph's name; null for words the reader does not know. */
export function audienceOf(text: string): SignInAudience | null {
  const k = key(text);
  if (!k) return null;
  if (PERSONAL_ONLY.some((p) => k.startsWith(p))) return 'PersonalMicrosoftAccount';
  if (ALL_USERS.some((p) => k.startsWith(p)) || (MULTI.some((p) => k.startsWith(p)) && WITH_PERSONAL.some((p) => k.includes(p)))) return 'AzureADandPersonalMicrosoftAccount';
  if (MULTI.some((p) => k.startsWith(p))) return 'AzureADMultipleOrgs';
  if (SINGLE.some((p) => k.startsWith(p))) return 'AzureADMyOrg';
  return null;
}

const DELEGATED = ['delegated', 'delegiert', 'déléguée', 'délégué', '委任'];
const APPLICATION = ['application', 'anwendung', 'アプリケーション'];
const NOT_GRANTED = ['notgrantedfor', 'nichtgewährtfür', 'nonaccordépour'];
const GRANTED = ['grantedfor', 'gewährtfür', 'accordépour'];

function typeOf(text: string): ApiPermission['type'] | null {
  const k = key(text);
  if (DELEGATED.includes(k)) return 'Delegated';
  if (APPLICATION.includes(k)) return 'Application';
  return null;
}

/** An empty status cell is a permission nobody consented to yet; words the reader does not know give null. */
function consentOf(text: string): ApiPermission['consent'] | null {
  const k = key(text);
  if (k === '' || NOT_GRANTED.some((p) => k.startsWith(p)) || k.endsWith('に付与されていません')) return 'not-granted';
  if (GRANTED.some((p) => k.startsWith(p)) || k.endsWith('に付与されました')) return 'granted';
  return null;
}

const WEB = ['web'];

/** One frame's read-back, in Graph's terms: only what that page showed. */
export function interpretReadBack(answer: ReadBackAnswer): ReadBack {
  const facts: ReadBack = {};
  const audience = answer.accountType === null ? null : audienceOf(answer.accountType);
  if (audience) facts.signInAudience = audience;
  const web = answer.redirectLists.filter((list) => WEB.includes(key(list.platform)));
  if (web.length > 0) facts.redirectUris = [...new Set(web.flatMap((list) => list.uris))];
  else if (answer.platformsShown) facts.redirectUris = [];
  if (answer.permissions !== null) {
    facts.apiPermissions = answer.permissions.flatMap((row) => {
      const type = typeOf(row.type);
      const consent = consentOf(row.status);
      return row.api && type && consent ? [{ resource: row.api, scope: row.name, type, consent }] : [];
    });
  }
  const expires = answer.secretExpires === null ? null : pageDate(answer.secretExpires, answer.lang);
  if (expires) facts.secretExpiresOn = expires;
  return facts;
}

/** The Azure DevOps API as the API permissions page names it. */
export const AZURE_DEVOPS_API = 'Azure DevOps';
/** Delegated Azure DevOps permissions that cover what DeepSource needs: all of its three scopes, or full access. */
const DEEPSOURCE_SCOPES = ADO_SCOPES.map((scope) => scope.id);
const FULL_ACCESS = 'user_impersonation';

export function azureDevOpsPermissions(permissions: readonly ApiPermission[]): { present: ApiPermission[]; missing: string[] } {
  const present = permissions.filter((p) => p.type === 'Delegated' && key(p.resource) === key(AZURE_DEVOPS_API));
  const scopes = new Set(present.map((p) => p.scope.toLowerCase()));
  const missing = scopes.has(FULL_ACCESS) ? [] : DEEPSOURCE_SCOPES.filter((scope) => !scopes.has(scope));
  return { present, missing };
}

import type { ReadBack, SignInAudience } from '../../../../shared/registration';
import type { CheckResult, ReadBackContext } from '../types';
import { AZURE_DEVOPS_API, azureDevOpsPermissions } from './read-back';

/**
 * The checks of what was read back from the app's own pages in Azure. Each says where its facts were read; a fact not
 * read yet is pending (never passed) when the flow needs it, and left out when it does not (a page read on its own).
 */

const AUDIENCE_WORDS: Readonly<Record<SignInAudience, string>> = {
  AzureADMyOrg: 'accounts in its own organization only (single tenant)',
  AzureADMultipleOrgs: 'accounts in any organization (multitenant)',
  AzureADandPersonalMicrosoftAccount: 'accounts in any organization and personal Microsoft accounts',
  PersonalMicrosoftAccount: 'personal Microsoft accounts only',
};

function pending(id: string, what: string, page: string): CheckResult {
  return { id, ok: false, pending: true, message: `${what} was not read yet.`, fix: `Open the app’s ${page} page in the built-in browser (the guide links it).` };
}

/** The app's account type against where DeepSource sends users (AADSTS50194 for a single-tenant app on a shared path). */
export function accountTypeCheck(audience: SignInAudience, context: ReadBackContext, readFrom = 'Azure'): CheckResult {
  const id = 'app-account-type';
  const shown = `The app’s supported account types, read from ${readFrom}: ${AUDIENCE_WORDS[audience]}.`;
  if (audience === 'PersonalMicrosoftAccount') {
    return { id, ok: false, message: `${shown} Azure DevOps cannot be reached through an Entra app with personal accounts.`, fix: 'Register the app again for accounts in any organizational directory (Multitenant).' };
  }
  const path = context.audience?.tenantPath ?? null;
  if (audience === 'AzureADMyOrg' && path !== 'tenant') {
    const sent = path === null ? 'DeepSource’s sign-in address was not looked at, and it may send users to /organizations or /common' : `DeepSource sends users to /${path}`;
    return {
      id,
      ok: false,
      message: `${shown} ${sent}: a single-tenant app reached that way fails with AADSTS50194 for every user.`,
      fix: 'On the app’s Authentication page choose “Accounts in any organizational directory (Multitenant)” under Supported account types and press Save.',
    };
  }
  const why = path === 'tenant' ? 'DeepSource sends users to this tenant’s own sign-in address, which any account type of an organization works with.' : 'That works with a tenant ID, /organizations and /common alike.';
  return { id, ok: true, message: `${shown} ${why}` };
}

function redirectCheck(uris: readonly string[], callback: string): CheckResult {
  const id = 'app-redirect-uris';
  if (uris.includes(callback)) return { id, ok: true, message: `The app’s Web redirect URIs, read from its Authentication page in Azure, include the callback ${callback}.` };
  const bare = (url: string) => url.replace(/\/$/, '');
  const near = uris.find((uri) => bare(uri) === bare(callback));
  const listed = uris.length === 0 ? 'The app’s Authentication page in Azure shows no Web redirect URI.' : `The app’s Web redirect URIs in Azure are ${uris.join(', ')}.`;
  return {
    id,
    ok: false,
    message: near ? `${listed} Only the trailing slash differs from the callback ${callback}: Azure compares them exactly, so every sign-in fails (AADSTS50011).` : `${listed} None is the callback ${callback}, so every sign-in fails (AADSTS50011).`,
    fix: `On the app’s Authentication page add ${callback} under Web → Redirect URIs (Add URI) and press Save.`,
  };
}

function permissionChecks(facts: Required<Pick<ReadBack, 'apiPermissions'>>): CheckResult[] {
  const { present, missing } = azureDevOpsPermissions(facts.apiPermissions);
  if (missing.length > 0) {
    return [
      {
        id: 'app-api-permissions',
        ok: false,
        message: `The app’s API permissions, read from Azure, lack the Azure DevOps delegated permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: sign-in fails with AADSTS650057.`,
        fix: `On the app’s API permissions page press “+ Add a permission” → “APIs my organization uses” → ${AZURE_DEVOPS_API} → Delegated permissions, tick ${missing.join(', ')}, then “Add permissions”.`,
      },
    ];
  }
  const scopes = present.map((p) => p.scope).join(', ');
  const notGranted = present.filter((p) => p.consent !== 'granted');
  return [
    { id: 'app-api-permissions', ok: true, message: `The app’s API permissions, read from Azure, list the Azure DevOps delegated permissions ${scopes}.` },
    notGranted.length === 0
      ? { id: 'app-consent', ok: true, message: 'Admin consent is granted for them (read from the API permissions page).' }
      : {
          id: 'app-consent',
          ok: true,
          warning: true,
          message: `Admin consent is not granted for ${notGranted.map((p) => p.scope).join(', ')} (read from the API permissions page): each user is asked to consent at the first sign-in, and where only admins may consent, sign-in fails with AADSTS65001 until one does.`,
          fix: 'An admin can press “Grant admin consent for …” on the app’s API permissions page.',
        },
  ];
}

export function entraReadBackChecks(facts: ReadBack, context: ReadBackContext): CheckResult[] {
  const checks: CheckResult[] = [];
  if (facts.signInAudience) checks.push(accountTypeCheck(facts.signInAudience, context));
  else if (context.required) checks.push(pending('app-account-type', 'The app’s supported account types', 'Overview'));
  if (context.expectedCallback !== undefined) {
    if (facts.redirectUris) checks.push(redirectCheck(facts.redirectUris, context.expectedCallback));
    else if (context.required) checks.push(pending('app-redirect-uris', 'The app’s redirect URIs', 'Authentication'));
  }
  if (facts.apiPermissions) checks.push(...permissionChecks({ apiPermissions: facts.apiPermissions }));
  else if (context.required) checks.push(pending('app-api-permissions', 'The app’s API permissions', 'API permissions'));
  return checks;
}

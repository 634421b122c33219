import type { SignInAudience } from '../../../../shared/audience';
import type { SignInCheck } from '../../../../shared/signin';
import type { SignInFacet } from '../types';

/** Azure DevOps as an Entra resource (reference §3). */
export const AZURE_DEVOPS_RESOURCE_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';
/** Azure DevOps' appId in every tenant (its service principal lists the delegated scopes, with their ids). */
export const AZURE_DEVOPS_APP_ID = AZURE_DEVOPS_RESOURCE_SCOPE.split('/')[0]!;

/** Microsoft Entra sign-in authorities (global and national clouds). */
export const ENTRA_AUTHORITY_HOSTS = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.chinacloudapi.cn', 'login.microsoftonline.de'] as const;

/**
 * Where the check stops without connecting: the authorities, their aliases (login.microsoft.com,
 * login.windows.net, sts.windows.net) and the Microsoft account host an Entra sign-in may pass through.
 */
const MICROSOFT_SIGN_IN_HOSTS = [...ENTRA_AUTHORITY_HOSTS, 'login.microsoft.com', 'login.windows.net', 'sts.windows.net', 'login.live.com'];

const ENTRA_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/i;
/** Tenant paths that let any organization's account sign in (multi-tenant apps). */
const SHARED_TENANTS = ['organizations', 'common'];

/**
 * DeepSource sends users to /organizations or /common: only a multitenant app is let through there; a single-tenant
 * one fails with AADSTS50194. The app's account type is known when it was read from Azure (the portal's pages or
 * Graph); an installation made by hand does not know it, and is warned rather than failed.
 */
function sharedTenantCheck(at: string, audience: SignInAudience | undefined): SignInCheck {
  const id = 'signin-authority';
  if (audience === 'AzureADMyOrg') {
    return {
      id,
      ok: false,
      message: `DeepSource sends users to Microsoft Entra ID at ${at}, but this installation’s app accepts accounts of its own organization only (single tenant, as read from Azure): Entra refuses every sign-in there with AADSTS50194.`,
      fix: 'In the Azure portal open the app’s Authentication page, choose “Accounts in any organizational directory (Multitenant)” under Supported account types and press Save.',
    };
  }
  if (audience === undefined) {
    return {
      id,
      ok: true,
      warning: true,
      message: `DeepSource sends users to Microsoft Entra ID at ${at}. This installation does not know the app’s account type (it was not read from Azure): a single-tenant app fails there with AADSTS50194, a multitenant one works.`,
      fix: 'Check “Supported account types” on the app’s Overview page in Azure: it must say Multiple organizations.',
    };
  }
  return { id, ok: true, message: `DeepSource sends users to Microsoft Entra ID at ${at}, and the app accepts accounts of any organization (its account type as read from Azure).` };
}

export const entraSignIn: SignInFacet = {
  hosts: MICROSOFT_SIGN_IN_HOSTS,
  readAuthorizeEndpoint: ({ host, port, path }) => {
    const match = ENTRA_PATH.exec(path);
    if (port !== '' || !(ENTRA_AUTHORITY_HOSTS as readonly string[]).includes(host) || !match) return null;
    return { tenant: match[1]! };
  },
  authorityCheck: (observed, profile, observedBy) => {
    if (observedBy.id !== 'entra') {
      return {
        id: 'signin-authority',
        ok: false,
        message: `This DeepSource version sends users to ${observedBy.ui.name} (${observed.authorityHost}), not to Microsoft Entra ID: it does not use the Entra app this installation registered.`,
        fix: 'Upgrade DeepSource to a version that signs in with Entra ID apps, or use an Azure DevOps OAuth app registered before April 2025.',
      };
    }
    if (observed.authorityHost !== profile.authorityHost.toLowerCase()) {
      return { id: 'signin-authority', ok: false, message: `DeepSource sends users to ${observed.authorityHost}, but this installation's authority is ${profile.authorityHost}.`, fix: 'Set the Azure DevOps Services Authority Host field to the authority of the cloud the app lives in, then deploy.' };
    }
    const tenant = (observed.tenant ?? '').toLowerCase();
    const own = profile.azure.tenantId?.toLowerCase();
    const at = `${observed.authorityHost}/${observed.tenant}`;
    if (tenant === own) return { id: 'signin-authority', ok: true, message: `DeepSource sends users to Microsoft Entra ID at ${at}, this app’s own tenant.` };
    if (SHARED_TENANTS.includes(tenant)) return sharedTenantCheck(at, profile.azure.signInAudience);
    return { id: 'signin-authority', ok: false, message: `DeepSource sends users to the tenant ${observed.tenant ?? '(none)'}, not this app's tenant ${profile.azure.tenantId ?? '(unknown)'}.`, fix: 'Check which tenant DeepSource is configured for, or register the app in that tenant.' };
  },
  scopeCheck: (observed) => {
    const scopes = (observed.scope ?? '').split(/\s+/).filter(Boolean);
    return scopes.some((scope) => scope.toLowerCase().startsWith(`${AZURE_DEVOPS_APP_ID}/`))
      ? { id: 'signin-scope', ok: true, message: 'DeepSource asks Entra ID for access to Azure DevOps.' }
      : { id: 'signin-scope', ok: false, message: `DeepSource asks Entra ID for ${observed.scope ?? 'no scope'}, which does not include Azure DevOps (${AZURE_DEVOPS_APP_ID}).`, fix: 'This DeepSource version does not request Azure DevOps access through Entra ID; check its documentation for Entra support.' };
  },
  callbackRemedy: (sent) =>
    `In the Azure portal open the app's Authentication page and add ${sent} as a Web redirect URI (the other one may stay), then switch this installation to that form.`,
};

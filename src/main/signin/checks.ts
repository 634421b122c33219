import { callbackUrlFor, type Profile } from '../../shared/profile';
import type { SignInCheck, SignInObserved } from '../../shared/signin';
import { ADO_SCOPES } from '../registration/providers/ado-oauth';
import { AZURE_DEVOPS_RESOURCE_SCOPE } from '../registration/providers/entra';

type CheckedProfile = Pick<Profile, 'provider' | 'hostname' | 'callbackTrailingSlash' | 'authorityHost'> & { azure: Pick<Profile['azure'], 'appId' | 'tenantId'> };

const AZURE_DEVOPS_RESOURCE = AZURE_DEVOPS_RESOURCE_SCOPE.split('/')[0]!;
/** Tenant paths that let any organization's account sign in (multi-tenant apps). */
const SHARED_TENANTS = ['organizations', 'common'];

function clientIdCheck(observed: SignInObserved, profile: CheckedProfile): SignInCheck {
  const appId = profile.azure.appId;
  if (!appId) return { id: 'signin-client-id', ok: false, message: 'This installation has no App ID yet, so the client_id DeepSource sends cannot be compared.', fix: 'Register the app in Azure first (Set up → Register in Azure).' };
  if (observed.clientId === null) return { id: 'signin-client-id', ok: false, message: 'DeepSource sends users to Azure without a client_id.', fix: 'Check the Azure DevOps Services App ID field in the admin console, save and deploy again.' };
  if (observed.clientId.toLowerCase() === appId.toLowerCase()) return { id: 'signin-client-id', ok: true, message: `DeepSource sends the App ID ${appId}.` };
  return {
    id: 'signin-client-id',
    ok: false,
    message: `DeepSource sends client_id ${observed.clientId}, not this installation's App ID ${appId}: the deploy is not live yet, or an older app is still configured.`,
    fix: 'Wait until DeepSource has restarted after the deploy and check again; if it stays, push the values again and deploy.',
  };
}

function redirectUriCheck(observed: SignInObserved, profile: CheckedProfile): SignInCheck {
  const registered = callbackUrlFor(profile);
  const sent = observed.redirectUri;
  if (sent === null) return { id: 'signin-redirect-uri', ok: false, message: 'DeepSource sends users to Azure without a redirect_uri.', fix: 'Check DeepSource’s host name in the admin console.' };
  if (sent === registered) return { id: 'signin-redirect-uri', ok: true, message: `The callback DeepSource sends is exactly the one registered: ${registered}.` };
  const withoutSlash = (url: string) => url.replace(/\/$/, '');
  if (withoutSlash(sent) !== withoutSlash(registered)) {
    return {
      id: 'signin-redirect-uri',
      ok: false,
      message: `DeepSource sends the callback ${sent}, but the app was registered with ${registered}. Azure refuses every sign-in until they match.`,
      fix: 'Check that the installation’s host name is the one DeepSource serves, or register the app with the callback DeepSource sends.',
    };
  }
  const sentHasSlash = sent.endsWith('/');
  const remedy =
    profile.provider === 'entra'
      ? `In the Azure portal open the app's Authentication page and add ${sent} as a Web redirect URI (the other one may stay), then switch this installation to that form.`
      : `An Azure DevOps OAuth app cannot change its callback: register the app again with ${sent}, then push the new values. Switching this installation to that form prepares the new registration.`;
  return {
    id: 'signin-redirect-uri',
    ok: false,
    message: `Only the trailing slash differs: DeepSource sends ${sent}, the app was registered with ${registered}. Azure compares callbacks exactly, so every sign-in fails.`,
    fix: remedy,
    action: sentHasSlash ? 'use-callback-with-slash' : 'use-callback-without-slash',
  };
}

function authorityCheck(observed: SignInObserved, profile: CheckedProfile): SignInCheck {
  if (profile.provider === 'ado-oauth') {
    return observed.kind === 'ado-oauth'
      ? { id: 'signin-authority', ok: true, message: 'DeepSource sends users to Azure DevOps OAuth (app.vssps.visualstudio.com), as a legacy app needs.' }
      : { id: 'signin-authority', ok: false, message: `DeepSource sends users to ${observed.authorityHost} (Microsoft Entra ID), but this installation uses an Azure DevOps OAuth app.`, fix: 'Set the Azure DevOps Services Authority Host field back to app.vssps.visualstudio.com, or switch this installation to Entra ID and register there.' };
  }
  if (observed.kind === 'ado-oauth') {
    return {
      id: 'signin-authority',
      ok: false,
      message: 'This DeepSource version sends users to Azure DevOps OAuth (app.vssps.visualstudio.com), not to Microsoft Entra ID: it does not use the Entra app this installation registered.',
      fix: 'Upgrade DeepSource to a version that signs in with Entra ID apps, or use an Azure DevOps OAuth app registered before April 2025.',
    };
  }
  if (observed.authorityHost !== profile.authorityHost.toLowerCase()) {
    return { id: 'signin-authority', ok: false, message: `DeepSource sends users to ${observed.authorityHost}, but this installation's authority is ${profile.authorityHost}.`, fix: 'Set the Azure DevOps Services Authority Host field to the authority of the cloud the app lives in, then deploy.' };
  }
  const tenant = (observed.tenant ?? '').toLowerCase();
  const own = profile.azure.tenantId?.toLowerCase();
  if (tenant === own || SHARED_TENANTS.includes(tenant)) {
    return { id: 'signin-authority', ok: true, message: `DeepSource sends users to Microsoft Entra ID at ${observed.authorityHost}/${observed.tenant}.` };
  }
  return { id: 'signin-authority', ok: false, message: `DeepSource sends users to the tenant ${observed.tenant ?? '(none)'}, not this app's tenant ${profile.azure.tenantId ?? '(unknown)'}.`, fix: 'Check which tenant DeepSource is configured for, or register the app in that tenant.' };
}

function scopeCheck(observed: SignInObserved, profile: CheckedProfile): SignInCheck {
  const scopes = (observed.scope ?? '').split(/\s+/).filter(Boolean);
  if (profile.provider === 'ado-oauth' || observed.kind === 'ado-oauth') {
    const missing = ADO_SCOPES.map((s) => s.id).filter((id) => !scopes.includes(id));
    return missing.length === 0
      ? { id: 'signin-scope', ok: true, message: 'DeepSource asks for the three scopes it needs (vso.code_write, vso.code_status, vso.project).' }
      : { id: 'signin-scope', ok: false, message: `DeepSource does not ask for ${missing.join(', ')}.`, fix: 'This DeepSource version asks for other scopes than the app was registered with; register the app with the scopes DeepSource documents.' };
  }
  return scopes.some((scope) => scope.toLowerCase().startsWith(`${AZURE_DEVOPS_RESOURCE}/`))
    ? { id: 'signin-scope', ok: true, message: 'DeepSource asks Entra ID for access to Azure DevOps.' }
    : { id: 'signin-scope', ok: false, message: `DeepSource asks Entra ID for ${observed.scope ?? 'no scope'}, which does not include Azure DevOps (${AZURE_DEVOPS_RESOURCE}).`, fix: 'This DeepSource version does not request Azure DevOps access through Entra ID; check its documentation for Entra support.' };
}

/** Each point that decides whether DeepSource's users can sign in with this installation's app. */
export function signInChecks(observed: SignInObserved, profile: CheckedProfile): SignInCheck[] {
  return [clientIdCheck(observed, profile), redirectUriCheck(observed, profile), authorityCheck(observed, profile), scopeCheck(observed, profile)];
}

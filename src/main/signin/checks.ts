import { callbackUrlFor } from '../../shared/profile';
import type { SignInCheck, SignInObserved } from '../../shared/signin';
import type { ProviderRegistry } from '../registration/providers';
import type { Provider, SignInProfile } from '../registration/providers/types';

type CheckedProfile = SignInProfile;

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

function redirectUriCheck(observed: SignInObserved, profile: CheckedProfile, provider: Provider): SignInCheck {
  const registered = callbackUrlFor(profile);
  const sent = observed.redirectUri;
  if (sent === null) return { id: 'signin-redirect-uri', ok: false, message: 'DeepSource sends users to Azure without a redirect_uri.', fix: 'Check DeepSource’s host name in the admin console.' };
  if (sent === registered) return { id: 'signin-redirect-uri', ok: true, message: `DeepSource sends the callback ${registered}, exactly this installation’s own (compared with the installation’s value, not with Azure’s list of redirect URIs).` };
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
  const remedy = provider.signIn.callbackRemedy(sent);
  return {
    id: 'signin-redirect-uri',
    ok: false,
    message: `Only the trailing slash differs: DeepSource sends ${sent}, the app was registered with ${registered}. Azure compares callbacks exactly, so every sign-in fails.`,
    fix: remedy,
    action: sentHasSlash ? 'use-callback-with-slash' : 'use-callback-without-slash',
  };
}

/**
 * Each point that decides whether DeepSource's users can sign in with this installation's app. The profile's provider
 * judges the authority; the scopes are judged by the provider whose endpoint DeepSource sends users to.
 */
export function signInChecks(observed: SignInObserved, profile: CheckedProfile, providers: ProviderRegistry): SignInCheck[] {
  const own = providers.require(profile.provider);
  const observedBy = providers.require(observed.kind);
  return [clientIdCheck(observed, profile), redirectUriCheck(observed, profile, own), own.signIn.authorityCheck(observed, profile, observedBy), observedBy.signIn.scopeCheck(observed)];
}

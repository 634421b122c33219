import { AppError } from '../../shared/errors';
import type { EntraCloud } from '../../shared/entra-clouds';
import type { Profile } from '../../shared/profile';
import type { ProviderRegistry } from '../registration/providers';
import { cloudOfAuthority, entraEndpoints, type EntraEndpoints } from './clouds';

/** Where a run's sign-in and Graph requests go for a cloud (a run setting: the demo points them at its double). */
export type EndpointsFor = (cloud: EntraCloud) => EntraEndpoints;

export const cloudEndpoints: EndpointsFor = (cloud) => entraEndpoints(cloud);

/**
 * Where an installation's app lives, for a proof, a rotation or a read-back: the endpoints it was made with through
 * Graph, else the cloud of its authority host (an app read off the portal). A host of no Entra cloud is refused:
 * the secret goes only to Entra's own sign-in (or to the private endpoint the admin made the app through).
 */
export function endpointsOfProfile(profile: Profile, endpointsFor: EndpointsFor): EntraEndpoints {
  const made = profile.azure.entra;
  if (made) {
    const own = endpointsFor(made.cloud);
    return { ...own, loginUrl: made.loginUrl.replace(/\/$/, ''), graphUrl: made.graphUrl.replace(/\/$/, '') };
  }
  const cloud = cloudOfAuthority(profile.authorityHost);
  if (!cloud) {
    throw new AppError('INVALID_INPUT', `${profile.label}’s authority host ${profile.authorityHost} is not Microsoft Entra’s sign-in, so its client secret is not sent there.`, 'Set the authority host to the sign-in host of the cloud the app lives in (login.microsoftonline.com for Azure global).');
  }
  return endpointsFor(cloud);
}

/** Can this installation's app be made, renewed or proven through Microsoft Graph and Entra? Else why not. */
export function requireGraphProvider(profile: Profile, providers: ProviderRegistry): void {
  const provider = providers.require(profile.provider);
  if (!provider.ui.graph) {
    throw new AppError('INVALID_INPUT', `${profile.label} uses ${provider.ui.name}; Microsoft Graph makes, renews and proves Microsoft Entra ID apps only.`, 'Switch the installation to Microsoft Entra ID (new installations) to use it.');
  }
}

/** The profile's Entra app, or why there is none to prove, rotate or read. */
export function requireEntraApp(profile: Profile, providers: ProviderRegistry): { appId: string; tenantId: string } {
  requireGraphProvider(profile, providers);
  const { appId, tenantId } = profile.azure;
  if (!appId || !tenantId) throw new AppError('NOT_READY', `${profile.label} has no Entra App ID and tenant ID yet.`, 'Create the app in Azure first (Set up → Register in Azure).');
  return { appId, tenantId };
}

import { AppError } from '../../shared/errors';
import { originOf } from '../../shared/origin';
import type { Profile, ProfilePatch } from '../../shared/profile';
import { startOver } from '../console/console-state';
import type { ProviderRegistry } from '../registration/providers';
import { recordGraphFacts } from './graph-record';

/** A profile id from its label: lower case, dashes, at most 40 characters. */
export function slugify(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'profile';
}

/**
 * The admin's edit of a profile (from the window or the command line), applied to a copy. The provider must be one
 * of `providers` (UNKNOWN_PROVIDER otherwise); its rules give the defaults and say whether a tenant ID belongs.
 */
export function applyProfileInput(profile: Profile, input: ProfilePatch, providers: ProviderRegistry): Profile {
  const next: Profile = structuredClone(profile);
  if (input.label !== undefined) next.label = input.label;
  if (input.hostname !== undefined) next.hostname = input.hostname;
  if (input.organization !== undefined) next.organization = input.organization;
  if (input.provider !== undefined && input.provider !== profile.provider) {
    next.provider = input.provider;
    // A different provider has a different authority, unless the admin names one.
    if (input.authorityHost === undefined) next.authorityHost = providers.require(input.provider).profile.defaultAuthorityHost;
  }
  if (input.callbackTrailingSlash !== undefined) next.callbackTrailingSlash = input.callbackTrailingSlash;
  if (input.hostDomain !== undefined) next.hostDomain = input.hostDomain;
  if (input.authorityHost !== undefined) next.authorityHost = input.authorityHost;
  if (input.consoleUrl !== undefined) {
    next.console = originOf(input.consoleUrl) !== originOf(next.console.url) ? { ...startOver(next.console), url: input.consoleUrl } : { ...next.console, url: input.consoleUrl };
  }
  if (input.appSlug !== undefined) next.console.appSlug = input.appSlug;
  if (input.caFile !== undefined && input.caFile !== next.console.caFile) {
    next.console.caFile = input.caFile;
    delete next.console.establishedAt;
  }
  if (input.appId !== undefined && input.appId.toLowerCase() !== next.azure.appId) {
    // Another app: what Graph said of the previous one (object id, secret key, where it was made) no longer applies.
    next.azure = { ...recordGraphFacts(next.azure, { kind: 'new-app' }), appId: input.appId.toLowerCase() };
  }
  if (input.tenantId !== undefined) next.azure.tenantId = input.tenantId.toLowerCase();
  if (input.authorizeUrl !== undefined) next.azure.authorizeUrl = input.authorizeUrl;
  if (input.secretExpires !== undefined) next.azure.clientSecretExpiresOn = input.secretExpires;
  const provider = providers.require(next.provider);
  if (!provider.profile.hasTenantId && next.azure.tenantId !== undefined) {
    const owners = providers.all().filter((p) => p.profile.hasTenantId).map((p) => p.ui.pillTitle);
    throw new AppError('INVALID_INPUT', `A tenant ID belongs to ${owners.join(' or ') || 'other'} profiles only, not to ${provider.ui.pillTitle}.`, 'Correct the value and try again.');
  }
  return next;
}

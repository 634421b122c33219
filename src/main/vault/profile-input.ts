import { AppError } from '../../shared/errors';
import { originOf } from '../../shared/origin';
import { DEFAULT_AUTHORITY_HOST, type Profile, type ProfilePatch } from '../../shared/profile';

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

/** Another console starts from nothing: the old pin, the record of what was pushed and the trust belong to the old one. */
export function startOverConsole(console: Profile['console'], url: string): Profile['console'] {
  const next = { ...console, url };
  delete next.pinnedFingerprint;
  delete next.pushed;
  delete next.establishedAt;
  return next;
}

/** The admin's edit of a profile (from the window or the command line), applied to a copy. */
export function applyProfileInput(profile: Profile, input: ProfilePatch): Profile {
  const next: Profile = structuredClone(profile);
  if (input.label !== undefined) next.label = input.label;
  if (input.hostname !== undefined) next.hostname = input.hostname;
  if (input.organization !== undefined) next.organization = input.organization;
  if (input.provider !== undefined && input.provider !== profile.provider) {
    next.provider = input.provider;
    // A different provider has a different authority, unless the admin names one.
    if (input.authorityHost === undefined) next.authorityHost = DEFAULT_AUTHORITY_HOST[input.provider];
  }
  if (input.callbackTrailingSlash !== undefined) next.callbackTrailingSlash = input.callbackTrailingSlash;
  if (input.hostDomain !== undefined) next.hostDomain = input.hostDomain;
  if (input.authorityHost !== undefined) next.authorityHost = input.authorityHost;
  if (input.consoleUrl !== undefined) {
    next.console = originOf(input.consoleUrl) !== originOf(next.console.url) ? startOverConsole(next.console, input.consoleUrl) : { ...next.console, url: input.consoleUrl };
  }
  if (input.appSlug !== undefined) next.console.appSlug = input.appSlug;
  if (input.caFile !== undefined && input.caFile !== next.console.caFile) {
    next.console.caFile = input.caFile;
    delete next.console.establishedAt;
  }
  if (input.appId !== undefined) next.azure.appId = input.appId.toLowerCase();
  if (input.tenantId !== undefined) next.azure.tenantId = input.tenantId.toLowerCase();
  if (input.authorizeUrl !== undefined) next.azure.authorizeUrl = input.authorizeUrl;
  if (input.secretExpires !== undefined) next.azure.clientSecretExpiresOn = input.secretExpires;
  if (next.provider === 'ado-oauth' && next.azure.tenantId !== undefined) {
    throw new AppError('INVALID_INPUT', 'A tenant ID belongs to Microsoft Entra ID profiles only.', 'Correct the value and try again.');
  }
  return next;
}

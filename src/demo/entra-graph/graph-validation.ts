import type { PermissionScope } from './directory';

export interface GraphRefusal {
  status: number;
  code: string;
  message: string;
}

/** The application properties this double takes in a body (the rest of Graph's application type is refused). */
const KNOWN = new Set(['displayName', 'signInAudience', 'web', 'requiredResourceAccess', 'description', 'notes', 'tags', 'api', 'info', 'publicClient', 'spa', 'identifierUris', 'isFallbackPublicClient']);
const AUDIENCES = new Set(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']);
/** Entra's limit for a redirect URI (characters). */
const MAX_REDIRECT_URI = 256;

const invalid = (property: string): GraphRefusal => ({ status: 400, code: 'Request_BadRequest', message: `Invalid value specified for property '${property}' of resource 'Application'.` });

function validRedirectUri(uri: unknown): boolean {
  if (typeof uri !== 'string' || uri.length > MAX_REDIRECT_URI) return false;
  try {
    const url = new URL(uri);
    if (url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname));
  } catch {
    return false;
  }
}

/**
 * What Graph checks in a POST/PATCH /applications body: known properties only (passwordCredentials are refused: they
 * are added with addPassword), a display name of 1–256 characters, a known sign-in audience, redirect URIs that are
 * https (or http on localhost) of at most 256 characters, and requested permissions that the resource exposes.
 */
export function validateApplicationBody(body: Record<string, unknown>, scopesOf: (resourceAppId: string) => PermissionScope[]): GraphRefusal | null {
  for (const key of Object.keys(body)) {
    if (!KNOWN.has(key)) return { status: 400, code: 'Request_BadRequest', message: `Property '${key}' does not exist on type 'microsoft.graph.application'.` };
  }
  const name = body['displayName'];
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 256) return invalid('displayName');
  if (body['signInAudience'] !== undefined && !AUDIENCES.has(String(body['signInAudience']))) return invalid('signInAudience');
  const web = body['web'];
  if (web !== undefined) {
    const uris = (web as { redirectUris?: unknown }).redirectUris;
    if (typeof web !== 'object' || web === null || (uris !== undefined && (!Array.isArray(uris) || !uris.every(validRedirectUri)))) return invalid('redirectUris');
  }
  const access = body['requiredResourceAccess'];
  if (access !== undefined) {
    if (!Array.isArray(access)) return invalid('requiredResourceAccess');
    for (const entry of access as { resourceAppId?: unknown; resourceAccess?: unknown }[]) {
      const scopes = typeof entry.resourceAppId === 'string' ? scopesOf(entry.resourceAppId) : [];
      if (!Array.isArray(entry.resourceAccess)) return invalid('requiredResourceAccess');
      for (const item of entry.resourceAccess as { id?: unknown; type?: unknown }[]) {
        if (item.type !== 'Scope' || !scopes.some((s) => s.id === item.id)) return invalid('resourceAccess');
      }
    }
  }
  return null;
}

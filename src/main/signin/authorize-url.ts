import type { SignInObserved } from '../../shared/signin';
import type { ProviderRegistry } from '../registration/providers';

/**
 * Is this the navigation to a provider's authorize endpoint (where the sign-in check stops, without loading it)?
 * Each provider recognises its own (see SignInFacet.readAuthorizeEndpoint).
 */
export function isAuthorizeUrl(url: string, providers: ProviderRegistry): boolean {
  return readAuthorizeUrl(url, providers) !== null;
}

/** What an authorize URL carries, decoded exactly once (as the authorization server reads it); null for any other URL. */
export function readAuthorizeUrl(url: string, providers: ProviderRegistry): SignInObserved | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  for (const provider of providers.all()) {
    const endpoint = provider.signIn.readAuthorizeEndpoint(parsed);
    if (endpoint === null) continue;
    const params = parsed.searchParams; // URLSearchParams decodes %XX and "+" once, as the authorization server does
    return {
      authorizeUrl: url,
      authorityHost: parsed.hostname.toLowerCase(),
      kind: provider.id,
      tenant: endpoint.tenant,
      clientId: params.get('client_id'),
      redirectUri: params.get('redirect_uri'),
      responseType: params.get('response_type'),
      scope: params.get('scope'),
    };
  }
  return null;
}

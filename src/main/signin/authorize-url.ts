import type { SignInObserved } from '../../shared/signin';
import type { ProviderRegistry } from '../registration/providers';
import type { SignInAddress } from '../registration/providers/types';

/** Decodes %XX once, as the server reads a path; bytes that are no UTF-8 stay as their code points. */
function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-f]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** `.` and `..` segments resolved, as a server resolves them once the path is decoded. */
function withoutDotSegments(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/').slice(1)) {
    if (segment === '..') kept.pop();
    else if (segment !== '.') kept.push(segment);
  }
  return `/${kept.join('/')}`;
}

/**
 * Where a URL goes, in the one form the sign-in check compares (issue 22: `app.vssps.visualstudio.com.`,
 * `:443`, `/OAuth2/Authorize`, `//oauth2/authorize` and `%6Fauth2` are all Azure's endpoint): the host in lower case
 * without its trailing dot, the port only when it is not the scheme's default, the path decoded once, with dot
 * segments resolved, repeated slashes collapsed and no trailing slash. Case is kept: providers compare paths
 * without it. Null for what is no http(s) or ws(s) URL.
 */
export function signInAddress(url: string): SignInAddress | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'wss:', 'ws:'].includes(parsed.protocol)) return null;
  const path = withoutDotSegments(decodeOnce(parsed.pathname).replace(/\\/g, '/').replace(/\/{2,}/g, '/')).replace(/\/+$/, '') || '/';
  return { host: parsed.hostname.toLowerCase().replace(/\.$/, ''), port: parsed.port, path };
}

/**
 * Does this URL go to a provider's sign-in service (Azure DevOps OAuth, Microsoft Entra and Microsoft account
 * hosts), whatever its scheme, port or path? The check stops every such navigation and request before a connection
 * is made; only the provider's authorize endpoint is then read (`readAuthorizeUrl`).
 */
export function isSignInHostUrl(url: string, providers: ProviderRegistry): boolean {
  const address = signInAddress(url);
  if (!address) return false;
  const withPort = address.port ? `${address.host}:${address.port}` : address.host;
  return providers.all().some((provider) => provider.signIn.hosts.some((host) => host === address.host || host === withPort));
}

/**
 * What an authorize URL carries, decoded exactly once (as the authorization server reads it); null for any other
 * URL, including a sign-in host's other pages and an authorize path on a port the provider does not serve.
 */
export function readAuthorizeUrl(url: string, providers: ProviderRegistry): SignInObserved | null {
  const address = signInAddress(url);
  if (!address) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  for (const provider of providers.all()) {
    const endpoint = provider.signIn.readAuthorizeEndpoint(address);
    if (endpoint === null) continue;
    const params = parsed.searchParams; // URLSearchParams decodes %XX and "+" once, as the authorization server does
    return {
      authorizeUrl: url,
      authorityHost: address.host,
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

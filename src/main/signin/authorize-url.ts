import type { SignInObserved } from '../../shared/signin';

/** Azure DevOps OAuth's (legacy) authorize endpoint. */
export const ADO_AUTHORIZE = { host: 'app.vssps.visualstudio.com', path: '/oauth2/authorize' } as const;

/** Microsoft Entra sign-in authorities (global and national clouds). */
export const ENTRA_AUTHORITY_HOSTS = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.chinacloudapi.cn', 'login.microsoftonline.de'] as const;

const ENTRA_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/;

/**
 * Is this the navigation to an Azure authorize endpoint (where the sign-in check stops, without loading it)?
 * `https://app.vssps.visualstudio.com/oauth2/authorize` or `https://{Entra authority}/{tenant}/oauth2/v2.0/authorize`.
 */
export function isAuthorizeUrl(url: string): boolean {
  return readAuthorizeUrl(url) !== null;
}

/** What an authorize URL carries, decoded exactly once (as Azure reads it); null for any other URL. */
export function readAuthorizeUrl(url: string): SignInObserved | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username || parsed.password) return null;
  const host = parsed.hostname.toLowerCase();
  let kind: SignInObserved['kind'];
  let tenant: string | null = null;
  if (host === ADO_AUTHORIZE.host && parsed.pathname.replace(/\/$/, '') === ADO_AUTHORIZE.path) {
    kind = 'ado-oauth';
  } else if ((ENTRA_AUTHORITY_HOSTS as readonly string[]).includes(host) && ENTRA_PATH.test(parsed.pathname)) {
    kind = 'entra';
    tenant = decodeURIComponent(ENTRA_PATH.exec(parsed.pathname)![1]!);
  } else {
    return null;
  }
  const params = parsed.searchParams; // URLSearchParams decodes %XX and "+" once, as the authorization server does
  return {
    authorizeUrl: url,
    authorityHost: host,
    kind,
    tenant,
    clientId: params.get('client_id'),
    redirectUri: params.get('redirect_uri'),
    responseType: params.get('response_type'),
    scope: params.get('scope'),
  };
}

import { AppError } from '../../shared/errors';
import type { EntraCloud } from '../../shared/entra-graph';

/** Each cloud's sign-in and Graph (reference: entra-graph.md, "National clouds"). */
const CLOUDS: Readonly<Record<EntraCloud, { login: string; graph: string }>> = {
  public: { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  usgov: { login: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us' },
  china: { login: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

/** Where a run's requests go, and what its tokens are for. */
export interface EntraEndpoints {
  cloud: EntraCloud;
  /** The identity platform the requests go to (the cloud's, or a private endpoint / test double). */
  loginUrl: string;
  /** Microsoft Graph, likewise. */
  graphUrl: string;
  /** What Graph scopes and the token audience name: always the cloud's own Graph, whatever graphUrl says. */
  graphAudience: string;
  /** The sign-in host DeepSource is given (the cloud's own, never an override). */
  authorityHost: string;
}

/** An https origin (no path, query or user info): where requests may be redirected for a private endpoint. */
function endpointOrigin(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('INVALID_INPUT', `${flag} is not an address: ${value.slice(0, 200)}.`, `Give an https origin, such as ${flag === 'login URL' ? 'https://login.microsoftonline.com' : 'https://graph.microsoft.com'}.`);
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new AppError('INVALID_INPUT', `The ${flag} must be an https origin without a path: ${value.slice(0, 200)}.`, 'Give only https://host[:port]; the app adds the paths itself.');
  }
  return url.origin;
}

export function entraEndpoints(cloud: EntraCloud, overrides: { loginUrl?: string | undefined; graphUrl?: string | undefined } = {}): EntraEndpoints {
  const own = CLOUDS[cloud];
  return {
    cloud,
    loginUrl: overrides.loginUrl ? endpointOrigin(overrides.loginUrl, 'login URL') : own.login,
    graphUrl: overrides.graphUrl ? endpointOrigin(overrides.graphUrl, 'Graph URL') : own.graph,
    graphAudience: own.graph,
    authorityHost: new URL(own.login).host,
  };
}

/** The cloud whose sign-in host this is (a profile's authority host), or null for a host of no Entra cloud. */
export function cloudOfAuthority(host: string): EntraCloud | null {
  const lower = host.toLowerCase();
  for (const [cloud, { login }] of Object.entries(CLOUDS) as [EntraCloud, { login: string }][]) if (new URL(login).host === lower) return cloud;
  return null;
}

/** Is this origin one of the clouds' own sign-in origins (where any Entra app's secret may be proven)? */
export function isCloudLogin(origin: string): boolean {
  return Object.values(CLOUDS).some((cloud) => cloud.login === origin);
}

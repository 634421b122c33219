// Which sign-in address MSAL Node really opens for each cloud's own host, offline: MSAL knows Microsoft's clouds from
// its built-in metadata (msal-common AuthorityMetadata) and rewrites an alias to the cloud's preferred_network host
// before it builds the authorize URL. The network client refuses every request, so nothing here leaves the machine.
import { describe, expect, it } from 'vitest';
import type { EntraCloud } from '../../shared/entra-graph';
import { AdminSignIn } from './admin-sign-in';
import { entraEndpoints, signInOrigins } from './clouds';
import type { HttpsClient } from './https-client';

/** The host MSAL opens for each cloud (its preferred_network): China's login.chinacloudapi.cn is an alias. */
const MSAL_OPENS: Record<EntraCloud, string> = {
  public: 'login.microsoftonline.com',
  usgov: 'login.microsoftonline.us',
  china: 'login.partner.microsoftonline.cn',
};

describe('AdminSignIn on each cloud’s own sign-in (real MSAL Node, no network)', () => {
  it.each(Object.keys(MSAL_OPENS) as EntraCloud[])('%s: the authorize URL MSAL opens is accepted and goes to the browser', async (cloud) => {
    const requests: string[] = [];
    const offline: HttpsClient = {
      send: async (request) => {
        requests.push(request.url);
        throw new Error('offline');
      },
    };
    const opened: string[] = [];
    let signIn: AdminSignIn;
    const browserOpened = new Promise<void>((resolve) => {
      signIn = new AdminSignIn({ endpoints: entraEndpoints(cloud), http: offline, browser: { open: async (url) => void (opened.push(url), resolve()) } });
    });
    const token = signIn!.token(['Application.ReadWrite.All']).catch((error: unknown) => error);
    // Either the browser opens (then the waiting sign-in is cancelled) or token() fails first.
    const first = await Promise.race([browserOpened.then(() => 'opened'), token.then(() => 'settled')]);
    if (first === 'opened') await signIn!.cancel();
    const outcome = await token;
    expect(first, `token() ended with ${String((outcome as Error)?.message)}`).toBe('opened');
    expect(outcome).toMatchObject({ code: 'CANCELLED' });
    const url = new URL(opened[0]!);
    expect(url.host).toBe(MSAL_OPENS[cloud]);
    expect(url.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(url.searchParams.get('scope')?.split(' ')).toContain(`${entraEndpoints(cloud).graphAudience}/Application.ReadWrite.All`);
    expect(requests).toEqual([]);
  });
});

describe('signInOrigins', () => {
  it('a private sign-in address (a test double, a private endpoint) is trusted alone: MSAL does not rewrite it', () => {
    expect(signInOrigins(entraEndpoints('china', { loginUrl: 'https://login.example.org:8443' }))).toEqual(['https://login.example.org:8443']);
    expect(signInOrigins(entraEndpoints('china'))).toEqual(['https://login.partner.microsoftonline.cn', 'https://login.chinacloudapi.cn']);
  });
});

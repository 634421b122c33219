// The admin's sign-in with the real MSAL Node (@azure/msal-node) against the Entra double over loopback HTTPS (its
// certificate trusted through NODE_EXTRA_CA_CERTS, as a private endpoint's CA is), the "system browser" being real
// Chromium opening the exact address MSAL hands to openBrowser.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChromiumSystemBrowser, signInAtEntra, startTestEntra } from '../../../test/entra/double';
import type { EntraGraphDouble, TenantOptions } from '../../demo/entra-graph';
import { AdminSignIn, SIGNED_IN_PAGE } from './admin-sign-in';
import { entraEndpoints } from './clouds';
import { nodeHttpsClient } from './https-client';

let double: EntraGraphDouble;
let browser: ChromiumSystemBrowser;

afterEach(async () => {
  await browser?.close();
  await double?.close();
});

async function setUp(tenant: TenantOptions = {}, cloud: 'public' | 'usgov' = 'public') {
  double = await startTestEntra({ tenants: [{ domain: 'contoso.onmicrosoft.com', users: [{ userPrincipalName: 'admin@contoso.onmicrosoft.com', password: 'pw-Admin-1', roles: ['Application Administrator'] }, { userPrincipalName: 'dev@contoso.onmicrosoft.com', password: 'pw-Dev-1' }], ...tenant }] });
  browser = new ChromiumSystemBrowser();
  const signIn = new AdminSignIn({ endpoints: entraEndpoints(cloud, { loginUrl: double.loginUrl, graphUrl: double.graphUrl }), http: nodeHttpsClient(), browser });
  return signIn;
}

/** The local addresses listening on a port, from the kernel's own table (/proc/net/tcp: hex address:port). */
function listenersOn(port: number): string[] {
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`))
    .map((cols) => {
      const hex = cols[1]!.split(':')[0]!;
      return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
    });
}

function connects(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('AdminSignIn (real MSAL Node, Entra double, Chromium as the system browser)', () => {
  it('signs in with auth code + PKCE over form_post; the loopback listens on 127.0.0.1 only; the tab says to return to the app', async () => {
    const signIn = await setUp();
    const token = signIn.token(['Application.ReadWrite.All']);
    const page = await browser.nextPage();
    const authorize = new URL(browser.opened[0]!);
    expect(authorize.origin + authorize.pathname).toBe(`${double.loginUrl}/organizations/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(['response_mode', 'response_type', 'code_challenge_method', 'client_id'].map((k) => [k, authorize.searchParams.get(k)]))).toEqual({
      response_mode: 'form_post',
      response_type: 'code',
      code_challenge_method: 'S256',
      client_id: '14d82eec-204b-4c2f-b7e8-296a70dab67e',
    });
    expect(authorize.searchParams.get('scope')?.split(' ')).toContain('https://graph.microsoft.com/Application.ReadWrite.All');
    const redirect = new URL(authorize.searchParams.get('redirect_uri')!);
    expect(redirect.hostname).toBe('localhost');
    const port = Number(redirect.port);
    // Bound to 127.0.0.1 only: another loopback address and the machine's own interfaces are refused.
    expect(listenersOn(port)).toEqual(['127.0.0.1']);
    expect(await connects('127.0.0.2', port)).toBe('ECONNREFUSED');

    const actions = await signInAtEntra(page, { account: 'admin@contoso.onmicrosoft.com', password: 'pw-Admin-1', consent: 'accept' });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Signed in: return to ADS Setup Assistant');
    expect(await page.content()).toContain('You can close this tab.');
    expect(SIGNED_IN_PAGE).toContain('return to ADS Setup Assistant');
    const result = await token;
    expect(result).toMatchObject({ tenantId: double.tenant.id, username: 'admin@contoso.onmicrosoft.com' });
    expect(actions).toEqual(['type account', 'click Next', 'type password', 'click Sign in', 'click No (stay signed in?)', 'click Accept']);
    // One code, redeemed once, with the verifier; the loopback is closed afterwards.
    expect(double.signIn.tokenRequests).toEqual([{ grantType: 'authorization_code', status: 200, clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e' }]);
    await expect.poll(() => connects('127.0.0.1', port)).toBe('ECONNREFUSED');
    // Signed in once: the same permission again is silent (no second browser tab).
    await signIn.token(['Application.ReadWrite.All']);
    expect(browser.opened).toHaveLength(1);
  });

  it('declined consent is AADSTS65004 with its remedy', async () => {
    const signIn = await setUp();
    const token = signIn.token(['Application.ReadWrite.All']).catch((error: unknown) => error);
    await signInAtEntra(await browser.nextPage(), { account: 'admin@contoso.onmicrosoft.com', password: 'pw-Admin-1', consent: 'cancel' });
    expect(await token).toMatchObject({ code: 'ENTRA_SIGNIN', message: expect.stringContaining('AADSTS65004'), remedy: expect.stringContaining('Accept') });
  });

  it('an account that may not consent to Application.ReadWrite.All meets "Need admin approval": AADSTS65001', async () => {
    const signIn = await setUp();
    const token = signIn.token(['Application.ReadWrite.All']).catch((error: unknown) => error);
    await signInAtEntra(await browser.nextPage(), { account: 'dev@contoso.onmicrosoft.com', password: 'pw-Dev-1', noConsent: true });
    expect(await token).toMatchObject({ code: 'ENTRA_SIGNIN', message: expect.stringContaining('AADSTS65001'), remedy: expect.stringContaining('admin consent') });
  });

  it('Conditional Access refusing Graph tokens is AADSTS53003 with its remedy', async () => {
    const signIn = await setUp({ blockGraphByConditionalAccess: true });
    const token = signIn.token(['Application.ReadWrite.All']).catch((error: unknown) => error);
    await signInAtEntra(await browser.nextPage(), { account: 'admin@contoso.onmicrosoft.com', password: 'pw-Admin-1', consent: 'accept' });
    expect(await token).toMatchObject({ code: 'ENTRA_SIGNIN', message: expect.stringContaining('Conditional Access policy'), remedy: expect.stringContaining('system browser') });
    expect((await token as Error).message).toContain('AADSTS53003');
  });

  it('scopes and audience follow the cloud, not the sign-in address: US Gov scopes at a public double are AADSTS500011', async () => {
    const signIn = await setUp({}, 'usgov');
    const token = signIn.token(['Application.ReadWrite.All']).catch((error: unknown) => error);
    const page = await browser.nextPage();
    expect(new URL(browser.opened[0]!).searchParams.get('scope')).toContain('https://graph.microsoft.us/Application.ReadWrite.All');
    expect(await token).toMatchObject({ code: 'ENTRA_SIGNIN', message: expect.stringContaining('AADSTS500011') });
    await page.close();
  });

  it('a sign-in waiting in the browser is cancelled through MSAL’s own loopback', async () => {
    const signIn = await setUp();
    const token = signIn.token(['Application.ReadWrite.All']).catch((error: unknown) => error);
    await browser.nextPage();
    await signIn.cancel();
    expect(await token).toMatchObject({ code: 'CANCELLED' });
  });
});

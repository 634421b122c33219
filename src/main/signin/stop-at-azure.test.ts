// Issue 22 §3, replayed in real Chromium: DeepSource sends the browser to Azure's authorize endpoint written in a form
// the check once missed (a trailing dot, a port, other case, doubled slashes, percent-encoding), or to another
// address of Azure's sign-in. The check must stop there every time, and nothing may connect to the Microsoft host:
// the check's proxy and Chromium's own resolver both send those hosts to a loopback listener that counts connections.
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/profile';
import { chromium } from 'playwright-core';
import { chromiumExecutable, chromiumFlags } from '../registration/chromium/launch';
import { ProviderRegistry } from '../registration/providers';
import { makeThrowawayCertificate, type ThrowawayCertificate } from '../tls/throwaway-certificate';
import { ChromiumSignInBrowser } from './chromium/signin-page';
import { SignInService } from './service';

const APP_ID = '8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d';
const HOST = 'deepsource.contoso.example';
const CALLBACK = `https://${HOST}/accounts/ads/login/callback/bifrost`;
const MICROSOFT = ['app.vssps.visualstudio.com', 'login.microsoftonline.com', 'login.windows.net', 'login.live.com'];

let certificate: ThrowawayCertificate;
let deepSource: https.Server;
let loginUrl: string;
/** Where DeepSource's Azure DevOps entry sends the browser next. */
let next = '';
let listener: net.Server;
let connectionsToMicrosoft = 0;
const proxyConnects: string[] = [];
let browser: ChromiumSignInBrowser;

beforeAll(async () => {
  certificate = await makeThrowawayCertificate(HOST);
  deepSource = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    // The page also asks for an image from Azure's sign-in and a preconnect there: neither may connect either.
    const page = '<title>Log in</title><link rel="preconnect" href="https://login.microsoftonline.com"><img src="https://login.microsoftonline.com/favicon.ico" alt=""><a href="/accounts/ads/login/">Azure Devops Services</a>';
    if (request.url === '/login') return void response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (request.url === '/accounts/ads/login/') return void response.writeHead(302, { location: next }).end();
    response.writeHead(200, { 'content-type': 'text/html' }).end('<title>Elsewhere</title><p>Nothing to click here.</p>');
  });
  await new Promise<void>((resolve) => deepSource.listen(0, '127.0.0.1', resolve));
  loginUrl = `https://127.0.0.1:${(deepSource.address() as AddressInfo).port}/login`;
  listener = net.createServer((socket) => {
    connectionsToMicrosoft += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const trap = (listener.address() as AddressInfo).port;
  // Chromium's resolver matches the trailing-dot form as a name of its own.
  const rules = MICROSOFT.flatMap((host) => [`MAP ${host} 127.0.0.1:${trap}`, `MAP ${host}. 127.0.0.1:${trap}`]).join(', ');
  const launch = (extraArgs: readonly string[] = []) => chromium.launch({ executablePath: chromiumExecutable(process.env), args: [...chromiumFlags, ...extraArgs, `--host-resolver-rules=${rules}`] });
  browser = new ChromiumSignInBrowser(launch, {
    connect: (host, port, options) => {
      proxyConnects.push(host);
      const microsoft = MICROSOFT.some((name) => host.replace(/\.$/, '') === name);
      return tls.connect({ ...options, host: microsoft ? '127.0.0.1' : host, port: microsoft ? trap : port });
    },
  });
}, 60_000);

afterAll(async () => {
  await browser?.dispose();
  deepSource?.close();
  listener?.close();
});

const profile = { id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: 'ado-oauth', callbackTrailingSlash: false, hostDomain: 'dev.azure.com', authorityHost: 'app.vssps.visualstudio.com', console: {}, azure: { appId: APP_ID }, secrets: {}, consoleItems: {} } as unknown as Profile;

function service(graceMs = 30_000) {
  return new SignInService({
    browser,
    vault: { get: async () => profile, providers: new ProviderRegistry() },
    randomId: randomUUID,
    timing: { lookMs: 3_000, retryMs: 300, graceMs },
    loginUrlFor: () => loginUrl,
    trust: { pins: [{ hostname: '127.0.0.1', fingerprint256: certificate.fingerprint }] },
  });
}

async function check(to: string, graceMs?: number) {
  next = to;
  connectionsToMicrosoft = 0;
  proxyConnects.length = 0;
  const signIn = service(graceMs);
  const { runId } = await signIn.start({ profileId: 'contoso', waitSeconds: 0 });
  const state = await signIn.finished(runId);
  await signIn.end(runId);
  return state;
}

const query = `client_id=${APP_ID}&response_type=Assertion&state=s&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=${encodeURIComponent(CALLBACK)}`;

describe("the sign-in check stops at Azure's sign-in, whatever the form of the address", () => {
  it.each([
    ['a trailing-dot host', 'https://app.vssps.visualstudio.com./oauth2/authorize'],
    ['the default port written out', 'https://app.vssps.visualstudio.com:443/oauth2/authorize'],
    ['another case', 'https://APP.vssps.visualstudio.com/OAuth2/Authorize'],
    ['a doubled slash', 'https://app.vssps.visualstudio.com//oauth2/authorize'],
    ['percent-encoding', 'https://app.vssps.visualstudio.com/%6Fauth2%2Fauthorize'],
  ])('%s: read as the authorize endpoint, passed, nothing connected to Azure', async (_label, address) => {
    const state = await check(`${address}?${query}`);
    expect(state).toMatchObject({ verdict: 'passed', observed: { kind: 'ado-oauth', authorityHost: 'app.vssps.visualstudio.com', clientId: APP_ID } });
    expect(connectionsToMicrosoft).toBe(0);
    expect(proxyConnects.filter((host) => !host.startsWith('127.'))).toEqual([]);
  }, 60_000);

  it.each([
    ['another port', `https://app.vssps.visualstudio.com:8443/oauth2/authorize?${query}`],
    ['another path', 'https://login.microsoftonline.com/common/oauth2/authorize?client_id=x'],
    ['the Microsoft account host', 'https://login.live.com/oauth20_authorize.srf?client_id=x'],
    ['plain http', `http://app.vssps.visualstudio.com/oauth2/authorize?${query}`],
  ])("%s: stopped as an address of Azure's sign-in that is no authorize endpoint, nothing connected", async (_label, to) => {
    const state = await check(to);
    expect(state).toMatchObject({ phase: 'done', verdict: 'mismatch', error: { code: 'SIGNIN_MISMATCH' } });
    expect(state.status).toContain('not its authorize endpoint');
    expect(connectionsToMicrosoft).toBe(0);
    expect(proxyConnects.filter((host) => !host.startsWith('127.'))).toEqual([]);
  }, 60_000);

  it('with a wait of 0, a run whose sign-in leads nowhere still ends, by its deadline', async () => {
    const started = Date.now();
    const state = await check(`https://127.0.0.1:${(deepSource.address() as AddressInfo).port}/elsewhere`, 4_000);
    expect(state).toMatchObject({ phase: 'failed', verdict: 'unreachable', error: { code: 'SIGNIN_UNREACHABLE' } });
    expect(state.status).toContain('reached no Azure authorize address within 4 s');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(connectionsToMicrosoft).toBe(0);
  }, 60_000);
});

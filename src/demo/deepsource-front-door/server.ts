import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADO_SCOPES } from '../../main/registration/providers/ado-oauth';
import { AZURE_DEVOPS_RESOURCE_SCOPE } from '../../main/registration/providers/entra';
import { ENTRA_AUTHORITY_HOSTS } from '../../main/registration/providers/entra/signin';
import { escapeHtml, page as htmlPage } from '../azure-replica/markup/html';

const page = (title: string, style: string, body: string) => htmlPage({ title, style, body });

/**
 * A replica of DeepSource's front door for the demo: the login page with its provider buttons ("Azure Devops
 * Services", as bifrost names it) and the Azure DevOps start path, which redirects the browser to Azure's authorize
 * endpoint built from the values of the admin console's *deployed* version — as DeepSource's server does. After a
 * deploy the old values stay live for `restartMs` (DeepSource restarting its pods).
 */
export interface DeployedValues {
  /** The live version's config values, decrypted (the console double knows them). */
  values: (sequence: number) => Record<string, string>;
  deployedSequence: () => number;
}

export interface FrontDoorOptions {
  certificate: { key: string; cert: string };
  /** The host DeepSource serves (redirect_uri is built from it, never from the request). */
  hostname: string;
  console: DeployedValues;
  /** Config item names of the Azure DevOps Services fields. */
  items: { enable: string; appId: string; authorityHost: string };
  /** How long the previous deploy stays live after a new one. */
  restartMs?: number;
}

/** What this DeepSource build does, changeable while it runs (tests try each behaviour). */
export interface FrontDoorBehaviour {
  /** Builds an Entra authorize URL when the authority host is an Entra host (an older DeepSource does not). */
  entraAware: boolean;
  /** The callback form this DeepSource sends (documented: no trailing slash). */
  callbackTrailingSlash: boolean;
}

export interface FrontDoor {
  /** https://127.0.0.1:PORT */
  origin: string;
  loginUrl: string;
  behaviour: FrontDoorBehaviour;
  /** The version whose values DeepSource serves now. */
  liveSequence: () => number;
  close: () => Promise<void>;
}

const STYLE = `body{font:15px system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}main{max-width:420px;margin:10vh auto;background:#fff;border-radius:10px;padding:32px;box-shadow:0 1px 3px #0002}
h1{font-size:22px;margin:0 0 6px}p{color:#57606a;margin:0 0 20px}.providers{display:flex;flex-direction:column;gap:10px}
.provider{display:flex;align-items:center;gap:10px;padding:10px 14px;border:1px solid #d0d7de;border-radius:6px;color:inherit;text-decoration:none}
.provider:hover{background:#f3f4f6}.icon{width:18px;height:18px;border-radius:4px;display:inline-block}`;

const PROVIDERS = [
  { key: 'github', name: 'GitHub', color: '#24292f' },
  { key: 'gitlab', name: 'GitLab', color: '#fc6d26' },
  { key: 'bitbucket', name: 'Bitbucket', color: '#2684ff' },
  { key: 'ads', name: 'Azure Devops Services', color: '#0078d4' },
] as const;

function loginPage(adsEnabled: boolean): string {
  const buttons = PROVIDERS.filter((p) => p.key !== 'ads' || adsEnabled)
    .map((p) => `<a class="provider" href="/accounts/${p.key}/login/"><span class="icon" aria-hidden="true" style="background:${p.color}"></span><span>${escapeHtml(p.name)}</span></a>`)
    .join('\n');
  return page('Log in · DeepSource', STYLE, `<main><h1>Log in to DeepSource</h1><p>Continue with your code hosting provider.</p><nav class="providers" aria-label="Sign-in providers">${buttons}</nav></main>`);
}

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const restartMs = options.restartMs ?? 3_000;
  const behaviour: FrontDoorBehaviour = { entraAware: true, callbackTrailingSlash: false };
  let live = options.console.deployedSequence();
  let next: { sequence: number; since: number } | undefined;
  // DeepSource restarts after a deploy: the new values go live only once its pods are back.
  const watch = setInterval(() => {
    const deployed = options.console.deployedSequence();
    if (deployed === live) return void (next = undefined);
    if (next?.sequence !== deployed) next = { sequence: deployed, since: Date.now() };
    if (Date.now() - next.since >= restartMs) {
      live = deployed;
      next = undefined;
    }
  }, 100);
  watch.unref();

  const callback = () => `https://${options.hostname}/accounts/ads/login/callback/bifrost${behaviour.callbackTrailingSlash ? '/' : ''}`;
  const authorizeUrl = (values: Record<string, string>): string => {
    const authority = (values[options.items.authorityHost] || 'app.vssps.visualstudio.com').toLowerCase();
    const state = randomBytes(12).toString('hex');
    const clientId = values[options.items.appId] ?? '';
    if (behaviour.entraAware && (ENTRA_AUTHORITY_HOSTS as readonly string[]).includes(authority)) {
      const query = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: callback(), response_mode: 'query', scope: `${AZURE_DEVOPS_RESOURCE_SCOPE} offline_access`, state });
      return `https://${authority}/organizations/oauth2/v2.0/authorize?${query}`;
    }
    const query = new URLSearchParams({ client_id: clientId, response_type: 'Assertion', state, scope: ADO_SCOPES.map((s) => s.id).join(' '), redirect_uri: callback() });
    return `https://app.vssps.visualstudio.com/oauth2/authorize?${query}`;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'https://front-door.invalid').pathname;
    const values = options.console.values(live);
    const adsEnabled = values[options.items.enable] === '1' && Boolean(values[options.items.appId]);
    const html = (status: number, body: string) => response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    if (request.method !== 'GET') return html(405, page('Method not allowed', STYLE, '<main><h1>405</h1></main>'));
    if (path === '/' || path === '/login' || path === '/login/') return html(200, loginPage(adsEnabled));
    if (path === '/accounts/ads/login' || path === '/accounts/ads/login/') {
      if (!adsEnabled) return html(404, page('Not found', STYLE, '<main><h1>Azure DevOps Services is not enabled</h1></main>'));
      return void response.writeHead(302, { location: authorizeUrl(values), 'cache-control': 'no-store' }).end();
    }
    if (path.startsWith('/accounts/ads/login/callback/bifrost')) return html(200, page('Signed in · DeepSource', STYLE, '<main><h1>Signing you in…</h1></main>'));
    return html(404, page('Not found', STYLE, '<main><h1>Page not found</h1></main>'));
  };

  const server = https.createServer({ key: options.certificate.key, cert: options.certificate.cert }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    loginUrl: `${origin}/login`,
    behaviour,
    liveSequence: () => live,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(watch);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

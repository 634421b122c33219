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
 * endpoint built from the values of the admin console's *deployed* version — as DeepSource's server does, with a state
 * kept in a cookie. Its callback checks that state, redeems the code at Azure's token endpoint with the deployed App
 * ID and client secret, and shows a signed-in page, or sends the user back to its login page saying what went wrong.
 * After a deploy the old values stay live for `restartMs` (DeepSource restarting its pods).
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
  items: { enable: string; appId: string; authorityHost: string; clientSecret?: string };
  /** How long the previous deploy stays live after a new one. */
  restartMs?: number;
  /** How DeepSource's server reaches Azure's token endpoints (the demo: through its network); without it, no sign-in. */
  exchange?: (url: string, form: URLSearchParams) => Promise<{ status: number; body: unknown }>;
}

/** What this DeepSource build does, changeable while it runs (tests try each behaviour). */
export interface FrontDoorBehaviour {
  /** Builds an Entra authorize URL when the authority host is an Entra host (an older DeepSource does not). */
  entraAware: boolean;
  /** The callback form this DeepSource sends (documented: no trailing slash). */
  callbackTrailingSlash: boolean;
  /** The tenant path of the Entra authorize URL: organizations (what this DeepSource sends), common, or a tenant ID. */
  tenantPath: string;
  /** The client secret DeepSource's server uses: the deployed one, or a stale one (its redemption then fails). */
  secret: 'deployed' | 'stale';
  /** The response_type it asks Entra for: `code`; an older build may still ask for the legacy `Assertion`. */
  entraResponseType: string;
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
.provider:hover{background:#f3f4f6}.icon{width:18px;height:18px;border-radius:4px;display:inline-block}
.alert{background:#ffebe9;border:1px solid #ff8182;color:#82071e;border-radius:6px;padding:10px 12px;margin:0 0 16px}`;

const PROVIDERS = [
  { key: 'github', name: 'GitHub', color: '#24292f' },
  { key: 'gitlab', name: 'GitLab', color: '#fc6d26' },
  { key: 'bitbucket', name: 'Bitbucket', color: '#2684ff' },
  { key: 'ads', name: 'Azure Devops Services', color: '#0078d4' },
] as const;

function loginPage(adsEnabled: boolean, failure?: string): string {
  const buttons = PROVIDERS.filter((p) => p.key !== 'ads' || adsEnabled)
    .map((p) => `<a class="provider" href="/accounts/${p.key}/login/"><span class="icon" aria-hidden="true" style="background:${p.color}"></span><span>${escapeHtml(p.name)}</span></a>`)
    .join('\n');
  const alert = failure ? `<div role="alert" class="alert">Could not log in with Azure Devops Services. ${escapeHtml(failure)}</div>` : '';
  return page('Log in · DeepSource', STYLE, `<main><h1>Log in to DeepSource</h1>${alert}<p>Continue with your code hosting provider.</p><nav class="providers" aria-label="Sign-in providers">${buttons}</nav></main>`);
}

function dashboardPage(name: string): string {
  return page('Dashboard · DeepSource', STYLE, `<main><h1>Welcome to DeepSource</h1><p>Signed in as ${escapeHtml(name)} with Azure Devops Services.</p><p><a href="/logout">Log out</a></p></main>`);
}

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const restartMs = options.restartMs ?? 3_000;
  const behaviour: FrontDoorBehaviour = { entraAware: true, callbackTrailingSlash: false, tenantPath: 'organizations', secret: 'deployed', entraResponseType: 'code' };
  /** Sign-ins under way (the state cookie → the state sent to Azure) and the errors shown on the login page. */
  const pending = new Map<string, { state: string; authority: string; entra: boolean }>();
  const failures = new Map<string, string>();
  const signedIn = new Map<string, string>();
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
  const authority = (values: Record<string, string>) => (values[options.items.authorityHost] || 'app.vssps.visualstudio.com').toLowerCase();
  const isEntra = (values: Record<string, string>) => behaviour.entraAware && (ENTRA_AUTHORITY_HOSTS as readonly string[]).includes(authority(values));
  const authorizeUrl = (values: Record<string, string>, state: string): string => {
    const clientId = values[options.items.appId] ?? '';
    if (isEntra(values)) {
      const query = new URLSearchParams({ client_id: clientId, response_type: behaviour.entraResponseType, redirect_uri: callback(), response_mode: 'query', scope: `${AZURE_DEVOPS_RESOURCE_SCOPE} offline_access`, state });
      return `https://${authority(values)}/${encodeURIComponent(behaviour.tenantPath)}/oauth2/v2.0/authorize?${query}`;
    }
    const query = new URLSearchParams({ client_id: clientId, response_type: 'Assertion', state, scope: ADO_SCOPES.map((s) => s.id).join(' '), redirect_uri: callback() });
    return `https://app.vssps.visualstudio.com/oauth2/authorize?${query}`;
  };

  /** The callback: the state checked, the code redeemed with the deployed App ID and secret; the answer is a page. */
  async function finishSignIn(url: URL, cookie: string | undefined, values: Record<string, string>): Promise<{ ok: true; name: string } | { ok: false; why: string }> {
    const started = cookie ? pending.get(cookie) : undefined;
    if (cookie) pending.delete(cookie);
    const q = url.searchParams;
    if (!started || q.get('state') !== started.state) return { ok: false, why: 'The sign-in request has expired or did not start here (state mismatch).' };
    if (q.get('error')) return { ok: false, why: `Azure DevOps Services refused the sign-in: ${(q.get('error_description') || q.get('error'))!.slice(0, 300)}` };
    const code = q.get('code');
    if (!code || !options.exchange) return { ok: false, why: 'No authorization code came back.' };
    const secret = behaviour.secret === 'stale' ? `${values[options.items.clientSecret ?? ''] ?? ''}-stale` : (values[options.items.clientSecret ?? ''] ?? '');
    const form = started.entra
      ? new URLSearchParams({ grant_type: 'authorization_code', client_id: values[options.items.appId] ?? '', client_secret: secret, code, redirect_uri: callback(), scope: `${AZURE_DEVOPS_RESOURCE_SCOPE} offline_access` })
      : new URLSearchParams({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: secret, grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: code, redirect_uri: callback() });
    const tokenUrl = started.entra ? `https://${started.authority}/${encodeURIComponent(behaviour.tenantPath)}/oauth2/v2.0/token` : 'https://app.vssps.visualstudio.com/oauth2/token';
    const answer = await options.exchange(tokenUrl, form).catch(() => ({ status: 502, body: null }));
    const body = (answer.body ?? {}) as Record<string, unknown>;
    if (answer.status !== 200) return { ok: false, why: `The token request was refused: ${String(body['error_description'] ?? body['ErrorDescription'] ?? body['error'] ?? body['Error'] ?? answer.status).slice(0, 300)}` };
    const idToken = typeof body['id_token'] === 'string' ? body['id_token'] : '';
    let name = 'your Azure DevOps account';
    try {
      const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { name?: string; preferred_username?: string };
      name = claims.name ?? claims.preferred_username ?? name;
    } catch {
      // A legacy app's answer has no id_token.
    }
    return { ok: true, name };
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'https://front-door.invalid');
    const path = url.pathname;
    const values = options.console.values(live);
    const adsEnabled = values[options.items.enable] === '1' && Boolean(values[options.items.appId]);
    const html = (status: number, body: string, headers: Record<string, string> = {}) => response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(body);
    const redirect = (location: string, headers: Record<string, string> = {}) => response.writeHead(302, { location, 'cache-control': 'no-store', ...headers }).end();
    if (request.method !== 'GET') return html(405, page('Method not allowed', STYLE, '<main><h1>405</h1></main>'));
    const session = cookieOf(request, 'ds_session');
    if (path === '/' && session && signedIn.has(session)) return html(200, dashboardPage(signedIn.get(session)!));
    if (path === '/' || path === '/login' || path === '/login/') return html(200, loginPage(adsEnabled, failures.get(url.searchParams.get('error') ?? '')));
    if (path === '/accounts/ads/login' || path === '/accounts/ads/login/') {
      if (!adsEnabled) return html(404, page('Not found', STYLE, '<main><h1>Azure DevOps Services is not enabled</h1></main>'));
      const state = randomBytes(12).toString('hex');
      const cookie = randomBytes(16).toString('hex');
      pending.set(cookie, { state, authority: authority(values), entra: isEntra(values) });
      return redirect(authorizeUrl(values, state), { 'set-cookie': `ds_oauth=${cookie}; Path=/; HttpOnly; Secure; SameSite=Lax` });
    }
    if (path === '/accounts/ads/login/callback/bifrost' || path === '/accounts/ads/login/callback/bifrost/') {
      const outcome = await finishSignIn(url, cookieOf(request, 'ds_oauth'), values);
      if (outcome.ok) {
        const id = randomBytes(16).toString('hex');
        signedIn.set(id, outcome.name);
        return redirect('/', { 'set-cookie': `ds_session=${id}; Path=/; HttpOnly; Secure; SameSite=Lax` });
      }
      const id = randomBytes(6).toString('hex');
      failures.set(id, outcome.why);
      return redirect(`/login?error=${id}`);
    }
    return html(404, page('Not found', STYLE, '<main><h1>Page not found</h1></main>'));
  };

  const server = https.createServer({ key: options.certificate.key, cert: options.certificate.cert }, (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
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

import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml as escapeText } from './markup/html';
import { readBody } from '../http-body';
import { adoAppListPage, adoAppPage, adoRegisterPage, notFoundPage } from './markup/ado';
import { portalShellPage, registerAppBlade } from './markup/portal-shell';
import { appListBlade, newSecretRow, overviewBlade, secretsBladePage, type PortalApp, type SecretRow } from './markup/portal';

/** The real Azure origins the replica stands in for, one loopback HTTPS server (own port) each. */
export const REPLICATED_ORIGINS = [
  'https://aex.dev.azure.com',
  'https://app.vsaex.visualstudio.com',
  'https://app.vssps.visualstudio.com',
  'https://portal.azure.com',
  'https://reactblade.portal.azure.net',
] as const;
export type ReplicatedOrigin = (typeof REPLICATED_ORIGINS)[number];

export interface ReplicaCertificate {
  key: string;
  cert: string;
}

export interface AzureReplicaOptions {
  certificate: ReplicaCertificate;
  /** Seeds one existing app of each kind (an admin who registered before); its ADO callback is this one. */
  seed: { appName: string; callback: string };
}

export interface AdoApp {
  appName: string;
  appId: string;
  appSecret: string;
  clientSecret: string;
  callback: string;
  scopes: string[];
  createdOn: string;
}

interface EntraApp extends PortalApp {
  secrets: SecretRow[];
}

export interface AzureReplica {
  /** Real origin → the loopback origin (https://127.0.0.1:PORT) that serves its replica. */
  origins: Readonly<Record<ReplicatedOrigin, string>>;
  tenantId: string;
  /** Apps created in this run (raw values: for tests; never shown by the app). */
  adoApps: () => readonly AdoApp[];
  entraApps: () => readonly { appId: string; displayName: string; secretValues: readonly string[] }[];
  close: () => Promise<void>;
}

const AUTHORIZE_ENDPOINT = 'https://app.vssps.visualstudio.com/oauth2/authorize';
const BLADE_BASE = '#view/Microsoft_AAD_RegisteredApps/';

/** A portal route to one of an app's blades (the real portal's address shape). */
function bladeRoute(blade: 'Overview' | 'Credentials', appId: string): string {
  return `${BLADE_BASE}ApplicationMenuBlade/~/${blade}/appId/${encodeURIComponent(appId)}`;
}
const TOKEN_ENDPOINT = 'https://app.vssps.visualstudio.com/oauth2/token';
const MAX_BODY = 16 * 1024;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomText(length: number, alphabet: string): string {
  // 64 divides 256 evenly for base64url; other alphabets here are short and the tiny bias does not matter for a demo.
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A 758-character JWT-shaped assertion, as Azure DevOps issues Client Secrets. */
export function generateAdoClientSecret(): string {
  const head = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9';
  return `${head}.${randomText(637, BASE64URL)}.${randomText(758 - head.length - 2 - 637, BASE64URL)}`;
}

/** About 40 characters with a `~`, like an Entra client secret Value. */
export function generateEntraSecretValue(): string {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `${randomText(3, alnum)}8Q~${randomText(34, `${alnum}._-`)}`;
}

export function adoAuthorizeUrl(app: Pick<AdoApp, 'appId' | 'scopes' | 'callback'>): string {
  const query = [
    `client_id=${app.appId}`,
    'response_type=Assertion',
    'state=User1',
    `scope=${app.scopes.map(encodeURIComponent).join('%20')}`,
    `redirect_uri=${encodeURIComponent(app.callback)}`,
  ].join('&');
  return `${AUTHORIZE_ENDPOINT}?${query}`;
}

function today(offsetDays = 0): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function send(response: ServerResponse, status: number, type: 'html' | 'json', body: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type === 'html' ? 'text/html; charset=utf-8' : 'application/json', ...extra }).end(body);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) throw new Error('not json');
  return JSON.parse(await readBody(request, MAX_BODY)) as unknown;
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A POST must come from a page of the replica itself (no other site can create apps or secrets in it). */
function sameOrigin(request: IncomingMessage, own: string): boolean {
  return request.headers.origin === own;
}

/**
 * Starts the replica Azure site on 127.0.0.1 only: one HTTPS server per replicated origin, all sharing the demo's
 * state (the apps registered during this run). Values (App IDs, secrets, the tenant) are generated per run.
 */
export async function startAzureReplica(options: AzureReplicaOptions): Promise<AzureReplica> {
  const tenantId = randomUUID();
  const adoApps: AdoApp[] = [];
  const entraApps: EntraApp[] = [];
  const entraSecretValues = new Map<string, string[]>();
  const origins = {} as Record<ReplicatedOrigin, string>;

  const newAdoApp = (fields: { appName: string; callback: string; scopes: string[] }): AdoApp => {
    const app: AdoApp = {
      ...fields,
      appId: randomUUID().toUpperCase(),
      appSecret: randomText(52, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      clientSecret: generateAdoClientSecret(),
      createdOn: today(),
    };
    adoApps.push(app);
    return app;
  };
  newAdoApp({ appName: options.seed.appName, callback: options.seed.callback, scopes: ['vso.code_write', 'vso.code_status', 'vso.project'] });
  const oldValue = generateEntraSecretValue();
  entraApps.push({
    displayName: options.seed.appName,
    appId: randomUUID(),
    objectId: randomUUID(),
    createdOn: today(-30),
    redirectUris: 2,
    secrets: [{ description: 'old-ci', expires: today(30), hint: oldValue.slice(0, 3), secretId: randomUUID() }],
  });

  const appViewUrl = (app: AdoApp) => `${origins['https://app.vsaex.visualstudio.com']}/app/view?clientId=${app.appId}`;
  const appList = () =>
    adoAppListPage(
      adoApps.map((app) => ({ appName: app.appName, url: appViewUrl(app), createdOn: app.createdOn })),
      `${origins['https://aex.dev.azure.com']}/app/register?mkt=en-US`,
    );
  const findAdo = (url: URL) => adoApps.find((app) => app.appId.toLowerCase() === (url.searchParams.get('clientId') ?? '').toLowerCase());

  /** The blade a portal route names (`#view/Microsoft_AAD_RegisteredApps/…`), for the portal shell to show. */
  function portalBlade(route: string): { title: string; menu: { text: string; href: string; current: boolean }[]; html: string } {
    const list = { text: 'App registrations', href: BLADE_BASE + 'ApplicationsListBlade', current: false };
    if (/CreateApplicationBlade/.test(route)) return { title: 'Register an application', menu: [list], html: registerAppBlade('/api/applications') };
    const match = /ApplicationMenuBlade\/~\/(Overview|Credentials)\/appId\/([^/?#]+)/.exec(route);
    const app = match ? entraApps.find((a) => a.appId === decodeURIComponent(match[2]!)) : undefined;
    if (!match || !app) {
      const html = appListBlade(entraApps, { appHref: (a) => bladeRoute('Overview', a.appId), newHref: BLADE_BASE + 'CreateApplicationBlade' });
      return { title: 'App registrations', menu: [{ ...list, current: true }], html };
    }
    const blade = match[1]!;
    const menu = [
      list,
      { text: 'Overview', href: bladeRoute('Overview', app.appId), current: blade === 'Overview' },
      { text: 'Certificates & secrets', href: bladeRoute('Credentials', app.appId), current: blade === 'Credentials' },
    ];
    const html =
      blade === 'Overview'
        ? overviewBlade(app, tenantId, { credentialsHref: bladeRoute('Credentials', app.appId) })
        : `<h2 class="fxs-blade-title">${escapeText(app.displayName)} | Certificates &amp; secrets</h2><iframe id="blade" class="fxs-reactview-frame-active" title="Certificates &amp; secrets" src="${origins['https://reactblade.portal.azure.net']}/Microsoft_AAD_RegisteredApps/secrets.html?appId=${encodeURIComponent(app.appId)}"></iframe>`;
    return { title: app.displayName, menu, html };
  }

  async function handle(real: ReplicatedOrigin, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const own = origins[real];
    const url = new URL(request.url ?? '/', own);
    const method = request.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const ado = real === 'https://aex.dev.azure.com' || real === 'https://app.vsaex.visualstudio.com' || real === 'https://app.vssps.visualstudio.com';

    if (ado && route === 'GET /app/register') return send(response, 200, 'html', adoRegisterPage({ submitTo: '/app/register', demo: true }));
    if (ado && route === 'POST /app/register') {
      if (!sameOrigin(request, own)) return send(response, 403, 'json', '{"error":"Forbidden."}');
      const body = (await readJson(request).catch(() => null)) as { fields?: Record<string, unknown>; scopes?: Record<string, unknown> } | null;
      const fields = body?.fields ?? {};
      const appName = text(fields['appName'], 200);
      const callback = text(fields['redirectUrl'], 2048);
      const scopes = Object.entries(body?.scopes ?? {}).filter(([, on]) => on === true).map(([id]) => id.slice(0, 64)).slice(0, 20);
      const callbackOk = URL.canParse(callback) && new URL(callback).protocol === 'https:';
      if (!appName) return send(response, 400, 'json', JSON.stringify({ error: 'Application name is required.' }));
      if (!callbackOk) return send(response, 400, 'json', JSON.stringify({ error: 'Authorization callback URL must be an https URL.' }));
      if (scopes.length === 0) return send(response, 400, 'json', JSON.stringify({ error: 'Select at least one scope.' }));
      return send(response, 200, 'json', JSON.stringify({ next: appViewUrl(newAdoApp({ appName, callback, scopes })) }));
    }
    if (ado && route === 'GET /app/view') {
      const app = findAdo(url);
      if (!app) return send(response, 404, 'html', notFoundPage());
      return send(
        response,
        200,
        'html',
        adoAppPage({ appName: app.appName, appId: app.appId, authorizeUrl: adoAuthorizeUrl(app), tokenUrl: TOKEN_ENDPOINT, callback: app.callback, scopes: app.scopes.join(' ') }, { secretUrl: '/app/secret', demo: true }),
      );
    }
    if (ado && route === 'GET /app/secret') {
      const app = findAdo(url);
      if (!app || request.headers['sec-fetch-site'] === 'cross-site') return send(response, 404, 'json', '{}');
      return send(response, 200, 'json', JSON.stringify({ value: url.searchParams.get('kind') === 'app' ? app.appSecret : app.clientSecret }));
    }
    if (ado && (route === 'GET /profile/view' || route === 'GET /me')) return send(response, 200, 'html', appList());

    if (real === 'https://portal.azure.com' && route === 'GET /') return send(response, 200, 'html', portalShellPage('/api/blade'));
    if (real === 'https://portal.azure.com' && route === 'GET /api/blade') return send(response, 200, 'json', JSON.stringify(portalBlade(url.searchParams.get('route') ?? '')));
    if (real === 'https://portal.azure.com' && route === 'POST /api/applications') {
      if (!sameOrigin(request, own)) return send(response, 403, 'json', '{"error":"Forbidden."}');
      const body = (await readJson(request).catch(() => null)) as { displayName?: unknown; redirectUri?: unknown } | null;
      const displayName = text(body?.displayName, 120);
      const redirectUri = text(body?.redirectUri, 2048);
      if (!displayName) return send(response, 400, 'json', JSON.stringify({ error: 'Name is required.' }));
      if (redirectUri && !(URL.canParse(redirectUri) && new URL(redirectUri).protocol === 'https:')) {
        return send(response, 400, 'json', JSON.stringify({ error: 'The redirect URI must start with https://.' }));
      }
      const app: EntraApp = { displayName, appId: randomUUID(), objectId: randomUUID(), createdOn: today(), redirectUris: redirectUri ? 1 : 0, secrets: [] };
      entraApps.push(app);
      return send(response, 200, 'json', JSON.stringify({ appId: app.appId, next: bladeRoute('Overview', app.appId) }));
    }
    if (real === 'https://reactblade.portal.azure.net' && route === 'GET /Microsoft_AAD_RegisteredApps/secrets.html') {
      const app = entraApps.find((a) => a.appId === url.searchParams.get('appId'));
      if (!app) return send(response, 404, 'html', notFoundPage());
      // Framed by the portal replica only (frame-ancestors), as the real blade host is framed by the portal.
      return send(response, 200, 'html', secretsBladePage(app.secrets, { appId: app.appId, addUrl: '/api/secrets', demo: true }), {
        'content-security-policy': `frame-ancestors ${origins['https://portal.azure.com']}`,
      });
    }
    if (real === 'https://reactblade.portal.azure.net' && route === 'POST /api/secrets') {
      if (!sameOrigin(request, own)) return send(response, 403, 'json', '{"error":"Forbidden."}');
      const body = (await readJson(request).catch(() => null)) as { appId?: unknown; description?: unknown; days?: unknown } | null;
      const app = entraApps.find((a) => a.appId === body?.appId);
      if (!app) return send(response, 404, 'json', '{}');
      const days = body?.days === 365 || body?.days === 730 ? body.days : 180;
      const value = generateEntraSecretValue();
      const row: SecretRow = { description: text(body?.description, 100) || 'Secret', expires: today(days), hint: value.slice(0, 3), secretId: randomUUID() };
      app.secrets.unshift(row);
      entraSecretValues.set(app.appId, [...(entraSecretValues.get(app.appId) ?? []), value]);
      // The Value is answered once, to the page that created it; later loads show only its masked form.
      return send(response, 200, 'json', JSON.stringify({ row, value, rowHtml: newSecretRow({ ...row, value }) }));
    }
    return send(response, 404, 'html', notFoundPage());
  }

  const servers: https.Server[] = [];
  try {
    for (const real of REPLICATED_ORIGINS) {
      const server = https.createServer({ key: options.certificate.key, cert: options.certificate.cert }, (request, response) => {
        handle(real, request, response).catch(() => {
          if (!response.headersSent) send(response, 500, 'json', '{}');
          else response.destroy();
        });
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      origins[real] = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  } catch (error) {
    await closeAll(servers);
    throw error;
  }

  return {
    origins,
    tenantId,
    adoApps: () => adoApps.map((app) => ({ ...app, scopes: [...app.scopes] })),
    entraApps: () => entraApps.map((app) => ({ appId: app.appId, displayName: app.displayName, secretValues: [...(entraSecretValues.get(app.appId) ?? [])] })),
    close: () => closeAll(servers),
  };
}

async function closeAll(servers: readonly https.Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
}

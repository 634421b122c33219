import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adoAppListPage, adoAppPage, adoRegisterPage, notFoundPage } from './markup/ado';
import { readJson, randomText, sameOrigin, send, text, today } from './http';
import { handlePortal, type EntraApp, type PortalState } from './portal-routes';
import { createVsspsOAuth } from './vssps-oauth';

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
  /** Seeds one existing app of each kind (an admin who registered before); its callback is this one. */
  seed: { appName: string; callback: string };
  /** The tenant's display name (default Contoso). */
  tenantName?: string;
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

export interface ReplicaEntraApp {
  appId: string;
  displayName: string;
  secretValues: readonly string[];
  signInAudience: string;
  redirectUris: readonly string[];
  /** Azure DevOps delegated scopes listed, and whether admin consent covers them all. */
  azureDevOpsScopes: readonly string[];
  adminConsented: boolean;
}

export interface AzureReplica {
  /** Real origin → the loopback origin (https://127.0.0.1:PORT) that serves its replica. */
  origins: Readonly<Record<ReplicatedOrigin, string>>;
  tenantId: string;
  /** Apps created in this run (raw values: for tests; never shown by the app). */
  adoApps: () => readonly AdoApp[];
  /** The portal's apps as they are now: their secret Values (raw, for tests and the Entra double) and settings. */
  entraApps: () => readonly ReplicaEntraApp[];
  close: () => Promise<void>;
}

const AUTHORIZE_ENDPOINT = 'https://app.vssps.visualstudio.com/oauth2/authorize';
const TOKEN_ENDPOINT = 'https://app.vssps.visualstudio.com/oauth2/token';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

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

/**
 * Starts the replica Azure site on 127.0.0.1 only: one HTTPS server per replicated origin, all sharing the demo's
 * state (the apps registered during this run). Values (App IDs, secrets, the tenant) are generated per run.
 */
export async function startAzureReplica(options: AzureReplicaOptions): Promise<AzureReplica> {
  const tenantId = randomUUID();
  const adoApps: AdoApp[] = [];
  const portal: PortalState = { tenantId, tenantName: options.tenantName ?? 'Contoso', apps: [], secretValues: new Map(), newSecretValue: generateEntraSecretValue };
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
  portal.apps.push(seededEntraApp(options.seed));

  const vssps = createVsspsOAuth(() => adoApps);
  const appViewUrl = (app: AdoApp) => `${origins['https://app.vsaex.visualstudio.com']}/app/view?clientId=${app.appId}`;
  const appList = () =>
    adoAppListPage(
      adoApps.map((app) => ({ appName: app.appName, url: appViewUrl(app), createdOn: app.createdOn })),
      `${origins['https://aex.dev.azure.com']}/app/register?mkt=en-US`,
    );
  const findAdo = (url: URL) => adoApps.find((app) => app.appId.toLowerCase() === (url.searchParams.get('clientId') ?? '').toLowerCase());

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
    if (real === 'https://app.vssps.visualstudio.com' && (await vssps(request, response, url))) return;

    const host = real === 'https://portal.azure.com' ? 'portal' : real === 'https://reactblade.portal.azure.net' ? 'blades' : null;
    if (host && (await handlePortal(portal, { portal: origins['https://portal.azure.com'], blades: origins['https://reactblade.portal.azure.net'] }, host, request, response))) return;
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
    entraApps: () =>
      portal.apps.map((app) => {
        const devops = app.permissions.filter((p) => p.api === 'Azure DevOps' && p.type === 'Delegated');
        return {
          appId: app.appId,
          displayName: app.displayName,
          secretValues: [...(portal.secretValues.get(app.appId) ?? [])],
          signInAudience: app.signInAudience,
          redirectUris: [...app.web],
          azureDevOpsScopes: devops.map((p) => p.scope),
          adminConsented: devops.length > 0 && devops.every((p) => p.granted),
        };
      }),
    close: () => closeAll(servers),
  };
}

/**
 * The Entra app an admin registered before: multi-tenant, both callback forms as Web redirect URIs, the Azure
 * DevOps delegated permissions DeepSource needs with admin consent granted, and an older secret (masked).
 */
function seededEntraApp(seed: AzureReplicaOptions['seed']): EntraApp {
  const oldValue = generateEntraSecretValue();
  const devops = (scope: string, description: string) => ({ api: 'Azure DevOps', scope, type: 'Delegated' as const, description, adminConsentRequired: false, granted: true });
  return {
    displayName: seed.appName,
    appId: randomUUID(),
    objectId: randomUUID(),
    createdOn: today(-30),
    signInAudience: 'AzureADMultipleOrgs',
    web: [seed.callback, `${seed.callback.replace(/\/$/, '')}/`],
    permissions: [
      { api: 'Microsoft Graph', scope: 'User.Read', type: 'Delegated', description: 'Sign in and read user profile', adminConsentRequired: false, granted: true },
      devops('vso.code_write', 'Code (read and write)'),
      devops('vso.code_status', 'Code (status)'),
      devops('vso.project', 'Project and team (read)'),
    ],
    secrets: [{ description: 'old-ci', expires: today(30), hint: oldValue.slice(0, 3), secretId: randomUUID() }],
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

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Audience } from './markup/app-labels';
import { escapeHtml } from './markup/html';
import { notFoundPage } from './markup/ado';
import { appListBlade, newSecretRow, overviewBlade, secretsBladePage, type PortalApp, type SecretRow } from './markup/portal';
import { apiPermissionsBlade, authenticationBlade, AUDIENCES, AZURE_DEVOPS_SCOPES, DEFAULT_PERMISSION, registerAppBlade, type PortalPermission } from './markup/portal-app';
import { portalShellPage } from './markup/portal-shell';
import { readJson, sameOrigin, send, text, today } from './http';

/**
 * The replica's Azure portal (portal.azure.com and the blade host reactblade.portal.azure.net): App registrations,
 * New registration, and an app's Overview, Authentication, API permissions and Certificates & secrets blades, over
 * the one tenant of the run. What an admin does there changes the app as the portal would: the account type and the
 * Web redirect URI chosen at registration, permissions added, admin consent granted, secrets added.
 */

export interface EntraApp extends PortalApp {
  permissions: PortalPermission[];
  secrets: SecretRow[];
}

export interface PortalState {
  tenantId: string;
  /** The tenant's display name ("Granted for Demo Org", "Demo Org only - Single tenant"). */
  tenantName: string;
  apps: EntraApp[];
  /** Every secret Value made, per app (raw: for the token endpoint and tests). */
  secretValues: Map<string, string[]>;
  /** Makes a new client secret Value. */
  newSecretValue: () => string;
}

export interface PortalOrigins {
  portal: string;
  blades: string;
}

const BLADE_BASE = '#view/Microsoft_AAD_RegisteredApps/';
export type AppBlade = 'Overview' | 'Authentication' | 'CallAnAPI' | 'Credentials';

/** A portal route to one of an app's blades (the real portal's address shape). */
export function bladeRoute(blade: AppBlade, appId: string): string {
  return `${BLADE_BASE}ApplicationMenuBlade/~/${blade}/appId/${encodeURIComponent(appId)}/isMSAApp~/false`;
}

/** The blade a portal route names (`#view/Microsoft_AAD_RegisteredApps/…`), for the portal shell to show. */
function portalBlade(state: PortalState, origins: PortalOrigins, route: string): { title: string; menu: { text: string; href: string; current: boolean }[]; html: string } {
  const list = { text: 'App registrations', href: `${BLADE_BASE}ApplicationsListBlade`, current: false };
  if (/CreateApplicationBlade/.test(route)) return { title: 'Register an application', menu: [list], html: registerAppBlade({ postUrl: '/api/applications', tenantName: state.tenantName }) };
  const match = /ApplicationMenuBlade\/~\/(Overview|Authentication|CallAnAPI|Credentials)\/appId\/([^/?#]+)/.exec(route);
  const app = match ? state.apps.find((a) => a.appId === decodeURIComponent(match[2]!)) : undefined;
  if (!match || !app) {
    const html = appListBlade(state.apps, { appHref: (a) => bladeRoute('Overview', a.appId), newHref: `${BLADE_BASE}CreateApplicationBlade/quickStartType~/null/isMSAApp~/false` });
    return { title: 'App registrations', menu: [{ ...list, current: true }], html };
  }
  const blade = match[1] as AppBlade;
  const item = (text: string, of: AppBlade) => ({ text, href: bladeRoute(of, app.appId), current: blade === of });
  const menu = [list, item('Overview', 'Overview'), item('Authentication', 'Authentication'), item('Certificates & secrets', 'Credentials'), item('API permissions', 'CallAnAPI')];
  const options = { tenantName: state.tenantName };
  const html =
    blade === 'Overview'
      ? overviewBlade(app, state.tenantId, { credentialsHref: bladeRoute('Credentials', app.appId) })
      : blade === 'Authentication'
        ? authenticationBlade(app, options)
        : blade === 'CallAnAPI'
          ? apiPermissionsBlade(app, { ...options, actions: { addUrl: '/api/permissions', consentUrl: '/api/consent', appId: app.appId } })
          : `<h2 class="fxs-blade-title">${escapeHtml(app.displayName)} | Certificates &amp; secrets</h2><iframe id="blade" class="fxs-reactview-frame-active" title="Certificates &amp; secrets" src="${origins.blades}/Microsoft_AAD_RegisteredApps/secrets.html?appId=${encodeURIComponent(app.appId)}"></iframe>`;
  return { title: app.displayName, menu, html };
}

function isAudience(value: unknown): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}

function httpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

/** POST /api/applications: the New registration form. */
async function register(state: PortalState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = (await readJson(request).catch(() => null)) as { displayName?: unknown; redirectUri?: unknown; platform?: unknown; signInAudience?: unknown } | null;
  const displayName = text(body?.displayName, 120);
  const redirectUri = text(body?.redirectUri, 2048);
  const platform = text(body?.platform, 20);
  if (!displayName) return send(response, 400, 'json', JSON.stringify({ error: 'Name is required.' }));
  if (!isAudience(body?.signInAudience)) return send(response, 400, 'json', JSON.stringify({ error: 'Select a supported account type.' }));
  if (redirectUri && !platform) return send(response, 400, 'json', JSON.stringify({ error: 'Select a platform for the redirect URI.' }));
  if (redirectUri && !httpsUrl(redirectUri)) return send(response, 400, 'json', JSON.stringify({ error: 'The redirect URI must start with https://.' }));
  const app: EntraApp = {
    displayName,
    appId: randomUUID(),
    objectId: randomUUID(),
    createdOn: today(),
    signInAudience: body.signInAudience,
    web: redirectUri && platform === 'web' ? [redirectUri] : [],
    spa: redirectUri && platform === 'spa' ? [redirectUri] : [],
    permissions: [{ ...DEFAULT_PERMISSION }],
    secrets: [],
  };
  state.apps.push(app);
  send(response, 200, 'json', JSON.stringify({ appId: app.appId, next: bladeRoute('Overview', app.appId) }));
}

/** POST /api/permissions: "Add permissions" in the picker (delegated Azure DevOps scopes, not consented yet). */
async function addPermissions(state: PortalState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = (await readJson(request).catch(() => null)) as { appId?: unknown; scopes?: unknown } | null;
  const app = state.apps.find((a) => a.appId === body?.appId);
  if (!app) return send(response, 404, 'json', '{}');
  const wanted = Array.isArray(body?.scopes) ? body.scopes.filter((s): s is string => typeof s === 'string') : [];
  for (const [scope, description] of AZURE_DEVOPS_SCOPES) {
    if (!wanted.includes(scope) || app.permissions.some((p) => p.api === 'Azure DevOps' && p.scope === scope)) continue;
    app.permissions.push({ api: 'Azure DevOps', scope, type: 'Delegated', description, adminConsentRequired: false, granted: false });
  }
  send(response, 200, 'json', JSON.stringify({ next: bladeRoute('CallAnAPI', app.appId) }));
}

/** POST /api/consent: "Grant admin consent for …", confirmed. */
async function grantConsent(state: PortalState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = (await readJson(request).catch(() => null)) as { appId?: unknown } | null;
  const app = state.apps.find((a) => a.appId === body?.appId);
  if (!app) return send(response, 404, 'json', '{}');
  for (const permission of app.permissions) permission.granted = true;
  send(response, 200, 'json', JSON.stringify({ next: bladeRoute('CallAnAPI', app.appId) }));
}

/** POST /api/secrets (the blade host): "+ New client secret" → "Add"; the Value is answered once. */
async function addSecret(state: PortalState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = (await readJson(request).catch(() => null)) as { appId?: unknown; description?: unknown; days?: unknown } | null;
  const app = state.apps.find((a) => a.appId === body?.appId);
  if (!app) return send(response, 404, 'json', '{}');
  const days = body?.days === 365 || body?.days === 730 ? body.days : 180;
  const value = state.newSecretValue();
  const row: SecretRow = { description: text(body?.description, 100) || 'Secret', expires: today(days), hint: value.slice(0, 3), secretId: randomUUID() };
  app.secrets.unshift(row);
  state.secretValues.set(app.appId, [...(state.secretValues.get(app.appId) ?? []), value]);
  send(response, 200, 'json', JSON.stringify({ row, value, rowHtml: newSecretRow({ ...row, value }) }));
}

/** Answers a request to the portal or the blade host; false when the route is not the portal's. */
export async function handlePortal(state: PortalState, origins: PortalOrigins, host: 'portal' | 'blades', request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const own = origins[host];
  const url = new URL(request.url ?? '/', own);
  const route = `${request.method ?? 'GET'} ${url.pathname}`;
  const done = async (answered: void | Promise<void>): Promise<true> => {
    await answered;
    return true;
  };
  const post = async (handler: (state: PortalState, request: IncomingMessage, response: ServerResponse) => Promise<void>) => {
    if (!sameOrigin(request, own)) return send(response, 403, 'json', '{"error":"Forbidden."}');
    await handler(state, request, response);
  };
  if (host === 'portal') {
    if (route === 'GET /') return done(send(response, 200, 'html', portalShellPage('/api/blade')));
    if (route === 'GET /api/blade') return done(send(response, 200, 'json', JSON.stringify(portalBlade(state, origins, url.searchParams.get('route') ?? ''))));
    if (route === 'POST /api/applications') return done(await post(register));
    if (route === 'POST /api/permissions') return done(await post(addPermissions));
    if (route === 'POST /api/consent') return done(await post(grantConsent));
    return false;
  }
  if (route === 'GET /Microsoft_AAD_RegisteredApps/secrets.html') {
    const app = state.apps.find((a) => a.appId === url.searchParams.get('appId'));
    if (!app) return done(send(response, 404, 'html', notFoundPage()));
    // Framed by the portal replica only (frame-ancestors), as the real blade host is framed by the portal.
    send(response, 200, 'html', secretsBladePage(app.secrets, { appId: app.appId, addUrl: '/api/secrets', demo: true }), { 'content-security-policy': `frame-ancestors ${origins.portal}` });
    return true;
  }
  if (route === 'POST /api/secrets') return done(await post(addSecret));
  return false;
}

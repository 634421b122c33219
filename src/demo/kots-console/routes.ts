import type http from 'node:http';
import { appJson, latest, type AppState, type ConsoleApps, type Version } from './apps';
import { json, type ConsoleSessions, type Reply } from './sessions';

export interface RouteContext {
  sessions: ConsoleSessions;
  apps: ConsoleApps;
  /** Moves a version to `deploying` and ends it later (asynchronously, as KOTS does). */
  startDeploy: (state: AppState, version: Version) => void;
  /** With strict preflights: resolves once the version's preflights ended; undefined: nothing to wait for. */
  preflightsOf: (version: Version) => Promise<void> | undefined;
}

const KNOWN = /^\/api\/v1\/app\/[^/]+(\/(versions|next-app-version|liveconfig|config|config\/[^/]+|sequence\/[^/]+\/deploy))?$/;
const NO_APP = { success: false, error: 'failed to get app from app slug' };

/**
 * The kotsadm API paths the app uses, answered as kotsadm answers them: 500 (not 404) for an unknown slug, empty 404s
 * for unknown API paths, the 400 validation and required bodies, PUT merge semantics ignoring `createNewVersion`, a
 * deploy that requires a JSON body.
 */
export function route(context: RouteContext, req: http.IncomingMessage, pathname: string, body: string): Reply | Promise<Reply> {
  const { sessions, apps } = context;
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return { status: 200, text: '' };
  if (pathname === '/api/v1/login') return sessions.login(req, body);
  if (pathname === '/api/v1/login/info') return sessions.loginInfo();
  if (pathname === '/api/v1/logout') return sessions.logout(req);
  if (!pathname.startsWith('/api/')) return { status: 404, text: '' };
  if (!(pathname === '/api/v1/ping' || pathname === '/api/v1/apps' || KNOWN.test(pathname))) return { status: 404, text: '' };
  const denied = sessions.authenticate(req);
  if (denied) return denied;

  if (pathname === '/api/v1/ping' && method === 'GET') return json(200, { ping: 'pong', snapshotInProgressApps: null });
  if (pathname === '/api/v1/apps' && method === 'GET') return json(200, { apps: [...apps.bySlug.values()].map(appJson) });

  const match = /^\/api\/v1\/app\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  const slug = decodeURIComponent(match?.[1] ?? '');
  const rest = match?.[2] ?? '';
  const state = apps.bySlug.get(slug);

  if (rest === '' && method === 'GET') return state ? json(200, appJson(state)) : json(500, NO_APP);
  if (rest === 'versions' && method === 'GET') return state ? versionHistory(state, new URL(req.url ?? '/', 'http://double').searchParams) : json(500, NO_APP);

  const configMatch = /^config\/([^/]+)$/.exec(rest);
  if (configMatch && method === 'GET') {
    const raw = configMatch[1] ?? '';
    if (!/^-?\d+$/.test(raw)) return json(500, { success: false, error: 'failed to parse app sequence' });
    if (!state) return json(500, NO_APP);
    const version = state.versions.find((v) => v.sequence === Number(raw));
    if (!version) return json(500, { success: false, error: 'failed to get config for version' });
    if (version.status === 'pending_download') return json(400, { success: false, error: 'version is pending download' });
    return json(200, { success: true, downstreamVersion: null, configGroups: apps.renderGroups(state, version.values) });
  }
  if (rest === 'liveconfig' && method === 'POST') return state ? liveConfig(apps, state, body) : json(500, NO_APP);
  if (rest === 'config' && method === 'PUT') return state ? putConfig(apps, state, body) : json(500, NO_APP);

  const deployMatch = /^sequence\/([^/]+)\/deploy$/.exec(rest);
  if (deployMatch && method === 'POST') return deploy(context, state, Number(deployMatch[1]), body);

  if (rest === 'next-app-version' && method === 'GET') {
    if (!state) return json(500, NO_APP);
    const next = latest(state);
    return json(200, { versionLabel: '', sequence: next.sequence, status: next.status });
  }
  return { status: 404, text: '' };
}

/** One page of the history (kotsadm: `currentPage`, `pageSize`, default 20), newest first. */
function versionHistory(state: AppState, query: URLSearchParams): Reply {
  const page = Math.max(0, Number(query.get('currentPage') ?? 0) || 0);
  const size = Math.max(1, Number(query.get('pageSize') ?? 20) || 20);
  const history = [...state.versions]
    .sort((a, b) => b.sequence - a.sequence)
    .map((v) => ({ sequence: v.sequence, parentSequence: v.sequence, status: v.status, source: v.source, createdOn: v.createdOn }));
  return json(200, { versionHistory: history.slice(page * size, (page + 1) * size), totalCount: history.length, numOfSkippedVersions: 0, numOfRemainingVersions: 0 });
}

function liveConfig(apps: ConsoleApps, state: AppState, body: string): Reply {
  let request: { sequence?: unknown; configGroups?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return json(400, { success: false, error: 'failed to decode request body' });
  }
  const base = state.versions.find((v) => v.sequence === request.sequence) ?? latest(state);
  const values = apps.merge(state, base.values, request.configGroups);
  const { validationErrors } = apps.validate(state, values);
  return json(200, { success: true, configGroups: apps.renderGroups(state, values), ...(validationErrors.length > 0 ? { validationErrors } : {}) });
}

function putConfig(apps: ConsoleApps, state: AppState, body: string): Reply {
  let request: { sequence?: unknown; configGroups?: unknown; createNewVersion?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return json(400, { success: false, error: 'failed to decode request body' });
  }
  // createNewVersion is ignored: an installed app always gets a new version.
  const base = state.versions.find((v) => v.sequence === request.sequence) ?? latest(state);
  const values = apps.merge(state, base.values, request.configGroups);
  const { validationErrors, required } = apps.validateSubmitted(state, request.configGroups);
  if (validationErrors.length > 0) return json(400, { success: false, error: 'invalid config values', validationErrors });
  if (required.length > 0) {
    return json(400, {
      success: false,
      error: `The following fields are required: ${required.map((i) => i.title ?? i.name).join(', ')}`,
      requiredItems: required.map((i) => i.name),
    });
  }
  apps.newVersion(state, values);
  return json(200, { success: true });
}

function deploy(context: RouteContext, state: AppState | undefined, sequence: number, body: string): Reply | Promise<Reply> {
  if (!state) return json(500, { success: false, status: '', error: NO_APP.error });
  try {
    JSON.parse(body);
  } catch {
    return json(400, { success: false, status: '', error: 'failed to decode request body' });
  }
  const version = state.versions.find((v) => v.sequence === sequence);
  if (!version) return json(500, { success: false, status: '', error: 'failed to queue version for deployment' });
  if (version.status === 'pending_config' || version.status === 'pending_download') {
    return json(400, { success: false, status: '', error: `not deploying version ${sequence} because it's ${version.status}` });
  }
  if (version.status === 'deployed' && state.deployedSequence === sequence) return json(200, { success: true, status: '' });
  const preflights = context.preflightsOf(version);
  if (preflights) {
    return preflights.then(() => {
      context.startDeploy(state, version);
      return json(200, { success: true, status: '' });
    });
  }
  context.startDeploy(state, version);
  return json(200, { success: true, status: '' });
}

/**
 * A faithful stand-in for the KOTS admin console (kotsadm) API, per shared reference/kots-admin-api.md §13.
 * Reusable: unit tests, the CLI end-to-end test and (later) the demo mode start it with `startKotsDouble(...)`.
 *
 * What it reproduces: both login styles (cookie `signed-token`, legacy body `token`), the header-before-cookie rule
 * and the exact 401 messages, lockout once failures exceed 10, HS256 session tokens with 12 h sliding expiry on an
 * injectable clock, AES-GCM encrypted password values (values that decrypt are kept, the rest encrypted), PUT merge
 * semantics ignoring `createNewVersion`, the 400 validation/required bodies, a new pending "Config Change" version per
 * save that is never deployed, the versions list, deploy requiring a JSON body and moving deploying → deployed/failed
 * asynchronously, 500 (not 404) for unknown slugs, empty 404s for unknown API paths, and self-signed HTTPS.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface DoubleItem {
  name: string;
  type: string;
  title?: string;
  default?: string;
  /** Initial value; password values are given in plaintext here and stored encrypted. */
  value?: string;
  required?: boolean;
  hidden?: boolean;
  /** A fixed `when` ("true"/"false"). */
  when?: string;
  /** Stands in for `repl{{ ConfigOptionEquals "<name>" "1" }}`: the item is shown only while that bool is "1". */
  shownWhenOn?: string;
  help_text?: string;
  validation?: { regex: { pattern: string; message: string } };
}

export interface DoubleGroup {
  name: string;
  title: string;
  description?: string;
  when?: string;
  items: DoubleItem[];
}

export interface DoubleApp {
  slug: string;
  name: string;
  groups: DoubleGroup[];
  /** Adds a later "Upstream Update" version that is not deployed, so the latest and the deployed sequence differ. */
  pendingUpstreamVersion?: boolean;
}

export type VersionStatus =
  | 'unknown'
  | 'pending_cluster_management'
  | 'pending_config'
  | 'pending_download'
  | 'pending_preflight'
  | 'pending'
  | 'deploying'
  | 'deployed'
  | 'failed';

export interface Fault {
  method?: string;
  /** Matched against the path without the query string. */
  path: RegExp | string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  delayMs?: number;
  /** Answer with this instead of the real handler (after the delay). Omit to only delay. */
  status?: number;
  body?: string;
  contentType?: string;
  /** Close the connection without answering. */
  destroy?: boolean;
}

export interface KotsDoubleOptions {
  tls?: boolean;
  /** A certificate to serve (default: a fresh throwaway self-signed one). */
  certificate?: SelfSignedCert;
  loginStyle?: 'cookie' | 'body-token';
  password: string;
  apps?: DoubleApp[];
  deployOutcome?: 'deployed' | 'failed';
  /** How long a version stays `deploying` (real time). */
  deployDelayMs?: number;
  /** Status of a version created by a save (KOTS: pending, pending_preflight or pending_config). */
  newVersionStatus?: VersionStatus;
  passwordLoginDisabled?: boolean;
  /** Leave items whose `when` renders false out of config answers (some consoles hide them until enabled). */
  omitHiddenItems?: boolean;
  /** The session clock (ms since epoch); injectable so tests can let 12 h pass. */
  now?: () => number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  cookie: string | undefined;
  /** Raw body text; may hold secrets, so tests compare it but never print it. */
  body: string;
}

interface Version {
  sequence: number;
  status: VersionStatus;
  source: string;
  createdOn: string;
  values: Map<string, string>;
}

interface AppState {
  app: DoubleApp;
  key: Buffer;
  versions: Version[];
  deployedSequence: number;
}

interface Session {
  id: string;
  generation: number;
  expiresAt: number;
}

export interface SelfSignedCert {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, `AA:BB:…`. */
  fingerprint: string;
}

const HOUR = 60 * 60 * 1000;
const SESSION_MS = 12 * HOUR;
const SLIDE_BELOW_MS = 11 * HOUR;
const LOCKED_MESSAGE = 'Admin Console has been locked.  Please reset password using the "kubectl kots reset-password -n <ns>" command.';

/** A throwaway self-signed certificate for localhost / 127.0.0.1, made with openssl. */
export function makeSelfSignedCert(commonName = 'localhost'): SelfSignedCert {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kots-double-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(certFile, 'utf8');
    return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type AdsField = 'hostDomain' | 'authorityHost' | 'appId' | 'clientSecret' | 'webhookSecret';

/** DeepSource's documented layout: a checkbox "Azure DevOps Services" and five fields titled "Azure DevOps Services …". */
export function flatAdsGroups(options: { names?: Partial<Record<'enable' | AdsField, string>>; hiddenUntilEnabled?: boolean } = {}): DoubleGroup[] {
  const names = { enable: 'ads_enabled', hostDomain: 'ads_host', authorityHost: 'ads_authority', appId: 'ads_app_id', clientSecret: 'ads_client_secret', webhookSecret: 'ads_webhook_secret', ...options.names };
  const shown = options.hiddenUntilEnabled === false ? {} : { shownWhenOn: names.enable };
  return [
    { name: 'general', title: 'General', items: [{ name: 'hostname', type: 'text', title: 'Hostname', value: 'deepsource.stark.com', required: true }] },
    {
      name: 'vcs',
      title: 'Version Control',
      items: [
        { name: 'github_enabled', type: 'bool', title: 'GitHub', default: '0', value: '0' },
        { name: 'github_app_id', type: 'text', title: 'GitHub App ID', default: '', required: true, shownWhenOn: 'github_enabled' },
        { name: names.enable, type: 'bool', title: 'Azure DevOps Services', default: '0', value: '0' },
        { name: names.hostDomain, type: 'text', title: 'Azure DevOps Services Host Domain', default: '', required: true, ...shown },
        { name: names.authorityHost, type: 'text', title: 'Azure  DevOps Services Authority Host', default: '', required: true, ...shown },
        {
          name: names.appId,
          type: 'text',
          title: 'Azure DevOps Services Application ID',
          default: '',
          required: true,
          ...shown,
          validation: { regex: { pattern: '^[0-9a-fA-F-]{36}$', message: 'Must be a GUID' } },
        },
        { name: names.clientSecret, type: 'password', title: 'Azure DevOps Services Application Client Secret', default: '', required: true, ...shown },
        { name: names.webhookSecret, type: 'password', title: 'azure devops services webhook secret', default: '', required: true, ...shown },
      ],
    },
  ];
}

/** The tolerated variant: a group titled "Azure DevOps Services" whose items are titled "Application ID"… */
export function groupedAdsGroups(): DoubleGroup[] {
  return [
    { name: 'general', title: 'General', items: [{ name: 'hostname', type: 'text', title: 'Hostname', value: 'deepsource.stark.com', required: true }] },
    {
      name: 'azure_devops',
      title: 'Azure DevOps Services',
      items: [
        { name: 'ado_enable', type: 'bool', title: 'Enable Azure DevOps Services', default: '0', value: '0' },
        { name: 'ado_host_domain', type: 'text', title: 'Host Domain', default: 'dev.azure.com', required: true, shownWhenOn: 'ado_enable' },
        { name: 'ado_authority_host', type: 'text', title: 'Authority Host', default: '', required: true, shownWhenOn: 'ado_enable' },
        { name: 'ado_application_id', type: 'text', title: 'Application ID', default: '', required: true, shownWhenOn: 'ado_enable' },
        { name: 'ado_client_secret', type: 'password', title: 'Application Client Secret', default: '', required: true, shownWhenOn: 'ado_enable' },
        { name: 'ado_webhook_secret', type: 'password', title: 'Webhook Secret', default: '', required: true, shownWhenOn: 'ado_enable' },
      ],
    },
  ];
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function ksuid(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(27), (byte) => alphabet[byte % alphabet.length]).join('');
}

export interface KotsDouble {
  url: string;
  /** The served certificate's fingerprint (TLS only). */
  fingerprint: string | undefined;
  certificate: SelfSignedCert | undefined;
  requests: RecordedRequest[];
  /** Failed logins counted on the (simulated) kotsadm-password secret. */
  readonly numAttempts: number;
  inject: (fault: Fault) => void;
  /** What `kubectl kots get config --decrypt` would show for a version (default: latest). */
  decryptedValues: (slug: string, sequence?: number) => Record<string, string>;
  /**
   * Serves another certificate from now on, at the same address (a renewal, or someone intercepting): open
   * connections are closed so the next one shakes hands anew.
   */
  replaceCertificate: (next: SelfSignedCert) => void;
  /** Raw stored values (passwords as ciphertext). */
  storedValues: (slug: string, sequence?: number) => Record<string, string>;
  versions: (slug: string) => Array<{ sequence: number; status: VersionStatus; source: string }>;
  deployedSequence: (slug: string) => number;
  setVersionStatus: (slug: string, sequence: number, status: VersionStatus) => void;
  /** Simulates `kubectl kots reset-password`: new password, count reset, old sessions answer "password changed". */
  resetPassword: (password: string) => void;
  /** Sets values as an admin would in the UI (creates a Config Change version). */
  editConfig: (slug: string, values: Record<string, string>) => void;
  close: () => Promise<void>;
}

export async function startKotsDouble(options: KotsDoubleOptions): Promise<KotsDouble> {
  const now = options.now ?? (() => Date.now());
  const loginStyle = options.loginStyle ?? 'cookie';
  const jwtKey = randomBytes(32);
  const sessions = new Map<string, Session>();
  let password = options.password;
  let passwordGeneration = 0;
  let numAttempts = 0;
  const faults: Array<Fault & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  let certificate = options.tls ? (options.certificate ?? makeSelfSignedCert()) : undefined;

  const apps = new Map<string, AppState>();
  for (const app of options.apps ?? [{ slug: 'deepsource', name: 'DeepSource', groups: flatAdsGroups(), pendingUpstreamVersion: true }]) {
    const key = randomBytes(32);
    const values = new Map<string, string>();
    for (const group of app.groups) for (const item of group.items) values.set(item.name, item.type === 'password' && item.value ? encrypt(key, item.value) : (item.value ?? ''));
    const created = new Date(now()).toISOString();
    const versions: Version[] = [{ sequence: 0, status: 'deployed', source: 'Online Install', createdOn: created, values }];
    if (app.pendingUpstreamVersion) versions.push({ sequence: 1, status: 'pending', source: 'Upstream Update', createdOn: created, values: new Map(values) });
    apps.set(app.slug, { app, key, versions, deployedSequence: 0 });
  }

  function encrypt(key: Buffer, plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  function decrypt(key: Buffer, value: string): string | null {
    try {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
      const raw = Buffer.from(value, 'base64');
      if (raw.length < 12 + 16) return null;
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  function signJwt(sessionId: string): string {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ sessionId }));
    return `${head}.${payload}.${b64url(createHmac('sha256', jwtKey).update(`${head}.${payload}`).digest())}`;
  }

  function verifyJwt(token: string): string | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [head = '', payload = '', signature = ''] = parts;
    const expected = createHmac('sha256', jwtKey).update(`${head}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg !== 'HS256') return null;
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sessionId?: unknown };
      return typeof claims.sessionId === 'string' ? claims.sessionId : null;
    } catch {
      return null;
    }
  }

  function latest(state: AppState): Version {
    const candidates = state.versions.filter((v) => v.status !== 'pending_download');
    return candidates.reduce((a, b) => (b.sequence > a.sequence ? b : a));
  }

  function shown(item: DoubleItem, values: Map<string, string>): boolean {
    if (item.hidden) return false;
    if (item.when === 'false') return false;
    if (item.shownWhenOn !== undefined && values.get(item.shownWhenOn) !== '1') return false;
    return true;
  }

  function renderGroups(state: AppState, values: Map<string, string>) {
    const rendered = renderAllGroups(state, values);
    if (!options.omitHiddenItems) return rendered;
    return rendered.map((group) => ({ ...group, items: group.items.filter((item) => item.when !== 'false') }));
  }

  function renderAllGroups(state: AppState, values: Map<string, string>) {
    return state.app.groups.map((group) => ({
      name: group.name,
      title: group.title,
      ...(group.description ? { description: group.description } : {}),
      when: group.when ?? 'true',
      items: group.items.map((item) => ({
        name: item.name,
        type: item.type,
        title: item.title ?? '',
        default: item.default ?? '',
        value: values.get(item.name) ?? '',
        ...(item.help_text ? { help_text: item.help_text } : {}),
        ...(item.required ? { required: true } : {}),
        ...(item.hidden ? { hidden: true } : {}),
        when: item.shownWhenOn !== undefined ? (values.get(item.shownWhenOn) === '1' ? 'true' : 'false') : (item.when ?? 'true'),
        ...(item.validation ? { validation: item.validation } : {}),
      })),
    }));
  }

  /** Applies the sent items onto a copy of `base` with KOTS' password rule; unknown items are ignored. */
  function merge(state: AppState, base: Map<string, string>, groups: unknown): Map<string, string> {
    const values = new Map(base);
    const known = new Map(state.app.groups.flatMap((g) => g.items.map((i) => [i.name, i] as const)));
    if (!Array.isArray(groups)) return values;
    for (const group of groups as Array<{ items?: unknown }>) {
      if (!Array.isArray(group?.items)) continue;
      for (const sent of group.items as Array<{ name?: unknown; value?: unknown }>) {
        if (typeof sent?.name !== 'string' || !('value' in sent)) continue;
        const item = known.get(sent.name);
        if (!item) continue;
        // A JSON true is stored as "true", as in KOTS: clients must send "1"/"0".
        const value = typeof sent.value === 'string' ? sent.value : String(sent.value);
        if (item.type === 'password' && value !== '') values.set(item.name, decrypt(state.key, value) !== null ? value : encrypt(state.key, value));
        else values.set(item.name, value);
      }
    }
    return values;
  }

  function validate(state: AppState, values: Map<string, string>) {
    const validationErrors: Array<{ name: string; item_errors: Array<{ name: string; validation_errors: Array<{ message: string }> }> }> = [];
    const required: DoubleItem[] = [];
    for (const group of state.app.groups) {
      if (group.when === 'false') continue;
      const itemErrors: Array<{ name: string; validation_errors: Array<{ message: string }> }> = [];
      for (const item of group.items) {
        if (!shown(item, values)) continue;
        const value = values.get(item.name) ?? '';
        if (item.required && value === '' && (item.default ?? '') === '') required.push(item);
        const plain = item.type === 'password' ? (decrypt(state.key, value) ?? value) : value;
        if (item.validation && plain !== '' && !new RegExp(item.validation.regex.pattern).test(plain)) {
          itemErrors.push({ name: item.name, validation_errors: [{ message: item.validation.regex.message }] });
        }
      }
      if (itemErrors.length > 0) validationErrors.push({ name: group.name, item_errors: itemErrors });
    }
    return { validationErrors, required };
  }

  function newVersion(state: AppState, values: Map<string, string>): Version {
    const max = Math.max(...state.versions.map((v) => v.sequence));
    const version: Version = { sequence: max + 1, status: options.newVersionStatus ?? 'pending', source: 'Config Change', createdOn: new Date(now()).toISOString(), values };
    state.versions.push(version);
    return version;
  }

  function appJson(state: AppState) {
    const deployed = state.versions.find((v) => v.sequence === state.deployedSequence);
    return {
      id: `app-${state.app.slug}`,
      slug: state.app.slug,
      name: state.app.name,
      isConfigurable: true,
      currentSequence: latest(state).sequence,
      downstream: {
        name: 'this-cluster',
        currentVersion: deployed ? { sequence: deployed.sequence, parentSequence: deployed.sequence, status: deployed.status, source: deployed.source } : null,
        pendingVersions: state.versions
          .filter((v) => v.sequence > state.deployedSequence)
          .sort((a, b) => b.sequence - a.sequence)
          .map((v) => ({ sequence: v.sequence, parentSequence: v.sequence, status: v.status, source: v.source })),
      },
    };
  }

  type Reply = { status: number; body?: unknown; text?: string; contentType?: string; headers?: Record<string, string> };
  const json = (status: number, body: unknown): Reply => ({ status, body });

  function authenticate(req: http.IncomingMessage): Reply | null {
    let header = req.headers.authorization;
    if (header === undefined || header === '') {
      const cookie = /(?:^|;\s*)signed-token=("?)([^";]*)\1/.exec(req.headers.cookie ?? '');
      header = cookie?.[2];
    }
    if (header === undefined || header === '') {
      return json(401, { error: loginStyle === 'cookie' ? 'missing authorization token' : 'authorization header empty', success: false });
    }
    const parts = header.split(' ');
    const sessionId = parts.length === 2 && parts[0] === 'Bearer' ? verifyJwt(parts[1] ?? '') : null;
    if (sessionId === null) return json(401, { error: 'failed to parse authorization header', success: false });
    const session = sessions.get(sessionId);
    if (!session) return json(401, { error: 'no session in auth header', success: false });
    const at = now();
    if (at > session.expiresAt) {
      sessions.delete(sessionId);
      return json(401, { error: 'session expired', success: false });
    }
    if (session.generation !== passwordGeneration) return json(401, { error: 'password changed, please login again', success: false });
    if (session.expiresAt - at < SLIDE_BELOW_MS) session.expiresAt = at + SESSION_MS;
    return null;
  }

  function login(req: http.IncomingMessage, body: string): Reply {
    let parsed: { password?: unknown };
    try {
      parsed = JSON.parse(body) as { password?: unknown };
      if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
    } catch {
      return json(400, {});
    }
    if (options.passwordLoginDisabled) return json(403, { error: 'password authentication disabled', success: false });
    if (numAttempts > 10) return json(401, { error: LOCKED_MESSAGE });
    if (parsed.password !== password) {
      numAttempts += 1;
      return json(401, { error: 'Invalid password. Please try again.' });
    }
    numAttempts = 0;
    const at = now();
    const session: Session = { id: ksuid(), generation: passwordGeneration, expiresAt: at + SESSION_MS };
    sessions.set(session.id, session);
    const token = `Bearer ${signJwt(session.id)}`;
    if (loginStyle === 'body-token') return json(200, { token });
    const secure = (req.headers.origin ?? '').startsWith('https:') ? '; Secure' : '';
    return { status: 200, body: {}, headers: { 'Set-Cookie': `signed-token="${token}"; Path=/; Expires=${new Date(at + SESSION_MS).toUTCString()}; HttpOnly${secure}` } };
  }

  function logout(req: http.IncomingMessage): Reply {
    const cookie = /(?:^|;\s*)signed-token="?Bearer ([^";]*)"?/.exec(req.headers.cookie ?? '');
    if (cookie) {
      const id = verifyJwt(cookie[1] ?? '');
      if (id) sessions.delete(id);
      return { status: 204, headers: { 'Set-Cookie': 'signed-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly' } };
    }
    return { status: 204 };
  }

  function route(req: http.IncomingMessage, pathname: string, body: string): Reply {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return { status: 200, text: '' };
    if (pathname === '/api/v1/login') return login(req, body);
    if (pathname === '/api/v1/login/info') return json(200, { method: 'shared-password' });
    if (pathname === '/api/v1/logout') return logout(req);
    if (!pathname.startsWith('/api/')) return { status: 404, text: '' };

    const known =
      pathname === '/api/v1/ping' ||
      pathname === '/api/v1/apps' ||
      /^\/api\/v1\/app\/[^/]+(\/(versions|next-app-version|liveconfig|config|config\/[^/]+|sequence\/[^/]+\/deploy))?$/.test(pathname);
    if (!known) return { status: 404, text: '' };
    const denied = authenticate(req);
    if (denied) return denied;

    if (pathname === '/api/v1/ping' && method === 'GET') return json(200, { ping: 'pong', snapshotInProgressApps: null });
    if (pathname === '/api/v1/apps' && method === 'GET') return json(200, { apps: [...apps.values()].map(appJson) });

    const match = /^\/api\/v1\/app\/([^/]+)(?:\/(.*))?$/.exec(pathname);
    const slug = decodeURIComponent(match?.[1] ?? '');
    const rest = match?.[2] ?? '';
    const state = apps.get(slug);

    if (rest === '' && method === 'GET') return state ? json(200, appJson(state)) : json(500, { success: false, error: 'failed to get app from app slug' });

    if (rest === 'versions' && method === 'GET') {
      if (!state) return json(500, { success: false, error: 'failed to get app from app slug' });
      const history = [...state.versions]
        .sort((a, b) => b.sequence - a.sequence)
        .map((v) => ({ sequence: v.sequence, parentSequence: v.sequence, status: v.status, source: v.source, createdOn: v.createdOn }));
      return json(200, { versionHistory: history, totalCount: history.length, numOfSkippedVersions: 0, numOfRemainingVersions: 0 });
    }

    const configMatch = /^config\/([^/]+)$/.exec(rest);
    if (configMatch && method === 'GET') {
      const raw = configMatch[1] ?? '';
      if (!/^-?\d+$/.test(raw)) return json(500, { success: false, error: 'failed to parse app sequence' });
      if (!state) return json(500, { success: false, error: 'failed to get app from app slug' });
      const version = state.versions.find((v) => v.sequence === Number(raw));
      if (!version) return json(500, { success: false, error: 'failed to get config for version' });
      if (version.status === 'pending_download') return json(400, { success: false, error: 'version is pending download' });
      return json(200, { success: true, downstreamVersion: null, configGroups: renderGroups(state, version.values) });
    }

    if (rest === 'liveconfig' && method === 'POST') {
      if (!state) return json(500, { success: false, error: 'failed to get app from app slug' });
      let request: { sequence?: unknown; configGroups?: unknown };
      try {
        request = JSON.parse(body) as typeof request;
      } catch {
        return json(400, { success: false, error: 'failed to decode request body' });
      }
      const base = state.versions.find((v) => v.sequence === request.sequence) ?? latest(state);
      const values = merge(state, base.values, request.configGroups);
      const { validationErrors } = validate(state, values);
      return json(200, { success: true, configGroups: renderGroups(state, values), ...(validationErrors.length > 0 ? { validationErrors } : {}) });
    }

    if (rest === 'config' && method === 'PUT') {
      if (!state) return json(500, { success: false, error: 'failed to get app from app slug' });
      let request: { sequence?: unknown; configGroups?: unknown; createNewVersion?: unknown };
      try {
        request = JSON.parse(body) as typeof request;
      } catch {
        return json(500, { success: false, error: 'failed to decode request body' });
      }
      // createNewVersion is ignored: an installed app always gets a new version.
      const base = state.versions.find((v) => v.sequence === request.sequence) ?? latest(state);
      const values = merge(state, base.values, request.configGroups);
      const { validationErrors, required } = validate(state, values);
      if (validationErrors.length > 0) return json(400, { success: false, error: 'invalid config values', validationErrors });
      if (required.length > 0) {
        return json(400, {
          success: false,
          error: `The following fields are required: ${required.map((i) => i.title ?? i.name).join(', ')}`,
          requiredItems: required.map((i) => i.name),
        });
      }
      newVersion(state, values);
      return json(200, { success: true });
    }

    const deployMatch = /^sequence\/([^/]+)\/deploy$/.exec(rest);
    if (deployMatch && method === 'POST') {
      if (!state) return json(500, { success: false, status: '', error: 'failed to get app from app slug' });
      try {
        JSON.parse(body);
      } catch {
        return json(400, { success: false, status: '', error: 'failed to decode request body' });
      }
      const sequence = Number(deployMatch[1]);
      const version = state.versions.find((v) => v.sequence === sequence);
      if (!version) return json(500, { success: false, status: '', error: 'failed to queue version for deployment' });
      if (version.status === 'pending_config' || version.status === 'pending_download') {
        return json(400, { success: false, status: '', error: `not deploying version ${sequence} because it's ${version.status}` });
      }
      if (version.status === 'deployed' && state.deployedSequence === sequence) return json(200, { success: true, status: '' });
      version.status = 'deploying';
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (version.status !== 'deploying') return;
        if ((options.deployOutcome ?? 'deployed') === 'deployed') {
          version.status = 'deployed';
          state.deployedSequence = sequence;
        } else {
          version.status = 'failed';
        }
      }, options.deployDelayMs ?? 300);
      timers.add(timer);
      return json(200, { success: true, status: '' });
    }

    if (rest === 'next-app-version' && method === 'GET') {
      if (!state) return json(500, { success: false, error: 'failed to get app from app slug' });
      const next = latest(state);
      return json(200, { versionLabel: '', sequence: next.sequence, status: next.status });
    }
    return { status: 404, text: '' };
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://double');
        const body = Buffer.concat(chunks).toString('utf8');
        const method = req.method ?? 'GET';
        requests.push({ method, path: url.pathname, query: url.search, authorization: req.headers.authorization, cookie: req.headers.cookie, body });

        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('X-Frame-Options', 'DENY');
        res.setHeader('X-XSS-Protection', '0');
        res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
        if (req.headers.origin) {
          res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
          res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS, DELETE, PUT');
          res.setHeader('Access-Control-Allow-Headers', 'content-type, origin, accept, authorization');
        }

        const fault = faults.find((f) => f.left > 0 && (f.method === undefined || f.method === method) && (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)));
        if (fault) {
          fault.left -= 1;
          if (fault.delayMs) await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, fault.delayMs);
            timers.add(timer);
          });
          if (res.destroyed) return;
          if (fault.destroy) {
            req.socket.destroy();
            return;
          }
          if (fault.status !== undefined) {
            res.writeHead(fault.status, { 'Content-Type': fault.contentType ?? 'application/json' });
            res.end(fault.body ?? '');
            return;
          }
        }

        const reply = route(req, url.pathname, body);
        for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
        if (reply.status === 204) {
          res.writeHead(204);
          res.end();
        } else if (reply.body !== undefined) {
          res.writeHead(reply.status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(reply.body));
        } else {
          res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/plain' });
          res.end(reply.text ?? '');
        }
      })();
    });
  };

  const server = certificate ? https.createServer({ key: certificate.key, cert: certificate.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stateOf = (slug: string): AppState => {
    const state = apps.get(slug);
    if (!state) throw new Error(`no app ${slug} in the double`);
    return state;
  };
  const versionOf = (slug: string, sequence?: number): Version => {
    const state = stateOf(slug);
    const version = sequence === undefined ? latest(state) : state.versions.find((v) => v.sequence === sequence);
    if (!version) throw new Error(`no version ${String(sequence)}`);
    return version;
  };

  return {
    url: `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`,
    get fingerprint() {
      return certificate?.fingerprint;
    },
    get certificate() {
      return certificate;
    },
    replaceCertificate: (next) => {
      if (!(server instanceof https.Server)) throw new Error('the double serves plain http');
      certificate = next;
      server.setSecureContext({ key: next.key, cert: next.cert });
      server.closeAllConnections?.();
    },
    requests,
    get numAttempts() {
      return numAttempts;
    },
    inject: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    decryptedValues: (slug, sequence) => {
      const state = stateOf(slug);
      const out: Record<string, string> = {};
      const types = new Map(state.app.groups.flatMap((g) => g.items.map((i) => [i.name, i.type] as const)));
      for (const [name, value] of versionOf(slug, sequence).values) out[name] = types.get(name) === 'password' && value !== '' ? (decrypt(state.key, value) ?? '<undecryptable>') : value;
      return out;
    },
    storedValues: (slug, sequence) => Object.fromEntries(versionOf(slug, sequence).values),
    versions: (slug) => stateOf(slug).versions.map((v) => ({ sequence: v.sequence, status: v.status, source: v.source })),
    deployedSequence: (slug) => stateOf(slug).deployedSequence,
    setVersionStatus: (slug, sequence, status) => {
      versionOf(slug, sequence).status = status;
    },
    resetPassword: (next) => {
      password = next;
      numAttempts = 0;
      passwordGeneration += 1;
    },
    editConfig: (slug, values) => {
      const state = stateOf(slug);
      const base = latest(state);
      newVersion(state, merge(state, base.values, [{ items: Object.entries(values).map(([name, value]) => ({ name, value })) }]));
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

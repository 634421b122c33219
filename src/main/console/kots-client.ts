import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import { printable } from '../../shared/printable';
import {
  appsResponseSchema,
  configResponseSchema,
  kotsAppSchema,
  validationErrorsSchema,
  versionsResponseSchema,
  type KotsApp,
  type KotsGroup,
  type KotsValidationErrors,
  type VersionEntry,
  VERSION_PAGE_SIZE,
} from './kots-types';
import type { ConsoleApi, LiveConfig } from './console-api';
import { TlsRejection, type FetchLike } from './transport';

/** A certificate was refused; the fingerprint lets the admin compare it with the console's and pin it. */
export class ConsoleTlsError extends AppError {
  readonly fingerprint: string | undefined;
  readonly kind: TlsRejection['kind'];

  constructor(rejection: TlsRejection, origin: string) {
    const fp = rejection.fingerprint ?? 'unknown';
    if (rejection.kind === 'changed') {
      super(
        'CERT_CHANGED',
        `The certificate of ${origin} changed: it is not the one pinned for this profile (now SHA-256 ${fp}). Nothing was sent.`,
        'If the console’s certificate was renewed on purpose, compare the new fingerprint with the console’s and pin it again with --trust-fingerprint; otherwise, someone may be intercepting the connection.',
      );
    } else {
      super(
        'CONSOLE_TLS',
        `The certificate of ${origin} is not trusted (${rejection.reason}). Its SHA-256 fingerprint is ${fp}. Nothing was sent.`,
        'Compare this fingerprint with the console’s certificate (kURL: the TLS page on port 8800), then pin it with --trust-fingerprint, or give the issuing CA with --ca-file.',
      );
    }
    this.fingerprint = rejection.fingerprint;
    this.kind = rejection.kind;
  }
}

/** The console refused the values (400): which items were required or failed validation. */
export class ConsoleRejectedError extends AppError {
  readonly requiredItems: string[];
  readonly validationErrors: KotsValidationErrors;

  constructor(message: string, requiredItems: string[], validationErrors: KotsValidationErrors) {
    super('CONSOLE_REJECTED', message, 'Correct the values named above (or map the items again) and push again; nothing was saved.');
    this.requiredItems = requiredItems;
    this.validationErrors = validationErrors;
  }
}

export interface KotsClientOptions {
  /** Origin of the admin console, e.g. https://console.example.com:8800 (no path). */
  baseUrl: string;
  fetch: FetchLike;
  /** Per request, including reading the answer (default 30 s). */
  timeoutMs?: number;
  /** The save and the deploy, which kotsadm may hold up to 15 minutes (default {@link LONG_WRITE_TIMEOUT_MS}). */
  writeTimeoutMs?: number;
  /** Extra attempts for GETs that failed to connect, timed out or met a 502/503/504. Writes are never retried. */
  getRetries?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once per HTTP request sent (method and path, never headers or bodies). */
  onRequest?: (method: string, path: string) => void;
}

type Method = 'GET' | 'POST' | 'PUT';

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** kotsadm renders and diffs inside a save, and holds a deploy up to 15 min for strict preflights (DeployVersion). */
export const LONG_WRITE_TIMEOUT_MS = 16 * 60_000;

/** The console's own words, safe to show: printable, bounded. */
export function consoleWords(text: unknown): string {
  return printable(String(text ?? '').trim(), { max: 300 });
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** How kotsadm says it signs admins in (`GET /api/v1/login/info`): `shared-password` or `identity-service`. */
export type LoginMethod = string;

/**
 * The kotsadm HTTP API, as shared reference/kots-admin-api.md describes it. One instance per console session:
 * `login` once (never retried) for `Authorization: Bearer <jwt>`, or `useAuthorization` with the kotsadm authstring
 * (`Kots <token>`, what `kubectl kots` sends), then every session route carries that header.
 */
export class KotsClient implements ConsoleApi {
  readonly #base: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #writeTimeoutMs: number;
  readonly #getRetries: number;
  readonly #backoffMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #onRequest: ((method: string, path: string) => void) | undefined;
  #authorization: string | undefined;
  requestCount = 0;

  constructor(options: KotsClientOptions) {
    this.#base = new URL(options.baseUrl).origin;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? LONG_WRITE_TIMEOUT_MS;
    this.#getRetries = options.getRetries ?? 2;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#onRequest = options.onRequest;
  }

  get origin(): string {
    return this.#base;
  }

  get loggedIn(): boolean {
    return this.#authorization !== undefined;
  }

  /** POST /api/v1/login. Exactly one attempt: a wrong password counts towards the console's lockout. */
  async login(password: string): Promise<void> {
    const answer = await this.#send('POST', '/api/v1/login', JSON.stringify({ password }), false);
    const error = consoleWords((answer.body as { error?: unknown } | null)?.error);
    if (answer.status === 401) {
      if (/locked/i.test(error)) {
        throw new AppError(
          'CONSOLE_LOCKED',
          `The admin console is locked: “${error}”`,
          'Too many wrong passwords were tried. Reset the password on the cluster (`kubectl kots reset-password -n NAMESPACE`, with the console’s namespace; on Embedded Cluster, `sudo ./<binary> admin-console reset-password` on a node, with the installer’s name), then push again with the new one.',
        );
      }
      throw new AppError(
        'CONSOLE_AUTH',
        `The admin console refused the password (“${error || 'unauthorized'}”).`,
        'Check the admin console password and try again. After more than 10 wrong passwords the console locks itself.',
      );
    }
    if (answer.status === 403) {
      throw new AppError('PASSWORD_LOGIN_DISABLED', `The admin console does not accept password logins: “${error}”`, 'Reach it with its authstring or through kubectl, or export a bundle.');
    }
    if (answer.status !== 200) throw this.#unexpected('POST', '/api/v1/login', answer);
    const token = this.#tokenFrom(answer);
    if (!token) {
      throw new AppError('CONSOLE_BAD_ANSWER', 'The admin console accepted the password but sent no session token (no signed-token cookie, no token in the body).', 'Check that the URL points at the KOTS admin console itself, not a proxy that strips cookies.');
    }
    this.#authorization = token;
  }

  /** `Authorization` value from either login style: the `signed-token` cookie (≥ v1.98.3) or the body token (≤ v1.98.2). */
  #tokenFrom(answer: Answer): string | undefined {
    const cookies = typeof answer.headers.getSetCookie === 'function' ? answer.headers.getSetCookie() : [answer.headers.get('set-cookie') ?? ''];
    for (const cookie of cookies) {
      const match = /^\s*signed-token=("?)([^";]*)\1/.exec(cookie);
      if (match?.[2]) return normalizeBearer(match[2]);
    }
    const bodyToken = (answer.body as { token?: unknown } | null)?.token;
    if (typeof bodyToken === 'string' && bodyToken.trim() !== '') return normalizeBearer(bodyToken);
    return undefined;
  }

  /**
   * Every later request sends this `Authorization` value as it is: the kotsadm authstring (`Kots <token>`), which
   * kotsadm compares whole with its `kotsadm-authstring` secret on every session route.
   */
  useAuthorization(value: string): void {
    this.#authorization = value;
  }

  /**
   * GET /api/v1/login/info: needs no session and carries no secret. Says how the console signs admins in, and shows
   * which certificate it presents before any secret is sent.
   */
  async loginInfo(): Promise<LoginMethod> {
    const answer = await this.#send('GET', '/api/v1/login/info', undefined, false);
    if (answer.status !== 200) throw this.#unexpected('GET', '/api/v1/login/info', answer);
    const method = (answer.body as { method?: unknown } | null)?.method;
    return typeof method === 'string' ? consoleWords(method) : 'shared-password';
  }

  /** GET /api/v1/ping, a session route: proves the `Authorization` value is accepted. */
  async ping(): Promise<void> {
    const answer = await this.#send('GET', '/api/v1/ping', undefined, true);
    if (answer.status !== 200) throw this.#unexpected('GET', '/api/v1/ping', answer);
  }

  async listApps(): Promise<KotsApp[]> {
    return (await this.#json('GET', '/api/v1/apps', appsResponseSchema)).apps;
  }

  async getApp(slug: string): Promise<KotsApp> {
    return this.#json('GET', `/api/v1/app/${encodeURIComponent(slug)}`, kotsAppSchema);
  }

  async getConfig(slug: string, sequence: number): Promise<KotsGroup[]> {
    return (await this.#json('GET', `/api/v1/app/${encodeURIComponent(slug)}/config/${sequence}`, configResponseSchema)).configGroups;
  }

  /** One page of the version history, newest first (semver-sorted on some licenses, so not always by sequence). */
  async listVersions(slug: string, page = 0): Promise<VersionEntry[]> {
    return (await this.#json('GET', `/api/v1/app/${encodeURIComponent(slug)}/versions?currentPage=${page}&pageSize=${VERSION_PAGE_SIZE}`, versionsResponseSchema)).versionHistory;
  }

  /**
   * POST liveconfig: re-renders the config with edited values (e.g. the checkbox on) without saving anything, and
   * validates the whole rendered config (kotsadm LiveAppConfig), which a save does only for the items it is sent.
   */
  async liveConfig(slug: string, sequence: number, configGroups: unknown[]): Promise<LiveConfig> {
    const path = `/api/v1/app/${encodeURIComponent(slug)}/liveconfig`;
    const answer = await this.#send('POST', path, JSON.stringify({ sequence, configGroups }), true);
    if (answer.status !== 200) throw this.#unexpected('POST', path, answer);
    const parsed = configResponseSchema.safeParse(answer.body);
    if (!parsed.success) throw new AppError('CONSOLE_BAD_ANSWER', `The admin console's answer to POST ${path} has an unexpected shape.`, 'Check that the URL is the KOTS admin console.');
    const validation = validationErrorsSchema.safeParse((answer.body as { validationErrors?: unknown }).validationErrors ?? []);
    return { configGroups: parsed.data.configGroups, validationErrors: validation.success ? validation.data : [] };
  }

  /** PUT the config. Only the groups/items given are sent; the console merges them. Never retried. */
  async putConfig(slug: string, sequence: number, configGroups: unknown[]): Promise<void> {
    const path = `/api/v1/app/${encodeURIComponent(slug)}/config`;
    const answer = await this.#send('PUT', path, JSON.stringify({ configGroups, sequence, createNewVersion: true }), true, this.#writeTimeoutMs);
    if (answer.status === 200 && (answer.body as { success?: unknown } | null)?.success === true) return;
    if (answer.status === 400) {
      const body = (answer.body ?? {}) as { error?: unknown; requiredItems?: unknown; validationErrors?: unknown };
      const required = Array.isArray(body.requiredItems) ? body.requiredItems.filter((n): n is string => typeof n === 'string') : [];
      const validation = validationErrorsSchema.safeParse(body.validationErrors ?? []);
      throw new ConsoleRejectedError(`The admin console rejected the values: “${consoleWords(body.error) || 'invalid config values'}”`, required, validation.success ? validation.data : []);
    }
    if (answer.status === 403) {
      // Embedded Cluster refuses to edit a version that is no longer the current one (isVersionConfigEditable).
      const error = consoleWords((answer.body as { error?: unknown } | null)?.error);
      const message = `The admin console moved on since the changes were shown: it refused to edit version ${sequence}${error ? ` (“${error}”)` : ''}. Nothing was saved.`;
      throw new AppError('CONSOLE_CHANGED', message, 'Show the changes again (a new plan reads the version the console holds now), then confirm them.');
    }
    throw this.#unexpected('PUT', path, answer);
  }

  /** POST the deploy, always with the JSON body the console requires. Never retried. */
  async deploy(slug: string, sequence: number): Promise<void> {
    const path = `/api/v1/app/${encodeURIComponent(slug)}/sequence/${sequence}/deploy`;
    const answer = await this.#send('POST', path, JSON.stringify({ isSkipPreflights: false, continueWithFailedPreflights: false, isCli: false }), true, this.#writeTimeoutMs);
    if (answer.status === 200 && (answer.body as { success?: unknown } | null)?.success !== false) return;
    const error = consoleWords((answer.body as { error?: unknown } | null)?.error);
    if (answer.status === 400 || answer.status === 500) {
      throw new AppError('DEPLOY_FAILED', `The admin console did not start the deploy of version ${sequence}: “${error || `HTTP ${answer.status}`}”`, 'Open Version history in the admin console to see why (preflight checks, a pending configuration), fix it, and deploy from there.');
    }
    throw this.#unexpected('POST', path, answer);
  }

  async #json<S extends z.ZodType>(method: Method, path: string, schema: S): Promise<z.output<S>> {
    const answer = await this.#send(method, path, undefined, true);
    if (answer.status !== 200) throw this.#unexpected(method, path, answer);
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) {
      throw new AppError('CONSOLE_BAD_ANSWER', `The admin console's answer to ${method} ${stripQuery(path)} has an unexpected shape.`, 'Check that the URL is the KOTS admin console; this KOTS version may not be supported yet.');
    }
    return parsed.data;
  }

  #unexpected(method: Method, path: string, answer: Answer): AppError {
    const where = `${method} ${stripQuery(path)}`;
    const error = consoleWords((answer.body as { error?: unknown } | null)?.error);
    if (answer.status === 401) {
      this.#authorization = undefined;
      return new AppError(
        'CONSOLE_AUTH',
        `The admin console ended the session during ${where}: “${error || 'unauthorized'}”`,
        'Run the push again to log in anew; the report says which steps were done before this.',
      );
    }
    if (answer.status === 404) {
      return new AppError('CONSOLE_BAD_ANSWER', `The admin console does not know ${where} (HTTP 404).`, 'Check that the URL is the KOTS admin console (usually port 8800) and the app slug is right.');
    }
    if (answer.status >= 500) {
      // kotsadm's empty 500s (GetApp, ListApps, login/info); an unknown slug is a cause only on the app's routes.
      const appRoute = /^\/api\/v1\/app\//.test(path);
      return new AppError(
        'CONSOLE_ERROR',
        error ? `The admin console failed on ${where} (HTTP ${answer.status}): “${error}”` : `The admin console failed on ${where} (HTTP ${answer.status}) and gave no reason.`,
        `${appRoute ? 'Check the app slug, then the' : 'Check the'} console’s own log (\`kubectl logs deploy/kotsadm -n NAMESPACE\`); nothing further was attempted after this step.`,
      );
    }
    return new AppError('CONSOLE_BAD_ANSWER', `The admin console answered ${where} with HTTP ${answer.status}${error ? `: “${error}”` : ''}.`, 'Check that the URL is the KOTS admin console and that its version is supported.');
  }

  /** One request, with retries only for GETs; parses JSON and turns HTML pages and junk into typed errors. */
  async #send(method: Method, path: string, body: string | undefined, authorized: boolean, timeoutMs = this.#timeoutMs): Promise<Answer> {
    const attempts = method === 'GET' ? this.#getRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.#once(method, path, body, authorized, timeoutMs);
        if (method === 'GET' && RETRYABLE_STATUS.has(answer.status) && attempt < attempts) {
          await this.#sleep(this.#backoffMs * 2 ** (attempt - 1));
          continue;
        }
        return answer;
      } catch (error) {
        const retryable = error instanceof AppError && (error.code === 'CONSOLE_UNREACHABLE' || error.code === 'CONSOLE_TIMEOUT');
        if (!retryable || attempt >= attempts) throw error;
        await this.#sleep(this.#backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  async #once(method: Method, path: string, body: string | undefined, authorized: boolean, timeoutMs: number): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authorized) {
      if (!this.#authorization) throw new AppError('CONSOLE_AUTH', 'Not logged in to the admin console.', 'Log in first.');
      headers['authorization'] = this.#authorization;
    }
    const where = `${method} ${stripQuery(path)}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    this.requestCount += 1;
    this.#onRequest?.(method, stripQuery(path));
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.#fetch(`${this.#base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: controller.signal });
        text = await response.text();
      } catch (error) {
        if (controller.signal.aborted) {
          throw new AppError('CONSOLE_TIMEOUT', `The admin console did not answer ${where} within ${Math.round(timeoutMs / 1000)} s.`, 'Check that the console is up and reachable (VPN, port-forward), then run again.');
        }
        throw this.#networkError(error, where);
      }
      const contentType = response.headers.get('content-type') ?? '';
      const trimmed = text.trimStart();
      if (/text\/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(trimmed)) {
        throw new AppError(
          'CONSOLE_BAD_ANSWER',
          `The address answered ${where} with a web page (HTTP ${response.status}) instead of the admin console API.`,
          'Check the URL: it should be the KOTS admin console (https://<host>:8800 or a port-forward), not DeepSource itself or a login proxy.',
        );
      }
      let parsed: unknown = null;
      if (trimmed !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          if (response.status >= 200 && response.status < 300) {
            throw new AppError('CONSOLE_BAD_ANSWER', `The admin console answered ${where} with something that is not JSON.`, 'Check that the URL is the KOTS admin console and no proxy rewrites its answers.');
          }
          parsed = { error: text };
        }
      }
      return { status: response.status, body: parsed, headers: response.headers };
    } finally {
      clearTimeout(timer);
    }
  }

  #networkError(error: unknown, where: string): AppError {
    // A route's own connection explains itself (a kubectl port-forward that ended): passed on as it is.
    const explained = findCause(error, (e): e is AppError => e instanceof AppError);
    if (explained) return explained;
    const rejection = findCause(error, (e): e is TlsRejection => e instanceof TlsRejection);
    if (rejection) return new ConsoleTlsError(rejection, this.#base);
    const code = findCause(error, (e): e is Error & { code: string } => typeof (e as { code?: unknown }).code === 'string')?.code ?? '';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/i.test(code)) {
      return new AppError('CONSOLE_TLS', `The certificate of ${this.#base} is not trusted (${code}). Nothing was sent.`, 'Compare the fingerprint with the console’s certificate and trust it (command line: --trust-fingerprint), or give the issuing CA (--ca-file).');
    }
    return new AppError(
      'CONSOLE_UNREACHABLE',
      `Could not reach the admin console at ${this.#base} for ${where}${code ? ` (${code})` : ''}.`,
      'Check the URL and port, that the console is running, and for a port-forward that `kubectl kots admin-console` is still open.',
    );
  }
}

function stripQuery(path: string): string {
  return path.split('?')[0] ?? path;
}

/** Both login styles carry `Bearer <jwt>`; a bare JWT (seen from some proxies) gets the scheme added. */
function normalizeBearer(token: string): string {
  const trimmed = token.trim();
  return /^Bearer /.test(trimmed) ? trimmed : `Bearer ${trimmed}`;
}

function findCause<T>(error: unknown, test: (e: unknown) => e is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (test(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

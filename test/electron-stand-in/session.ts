// `session`: partitions backed by Playwright browser contexts (in memory, like a partition without `persist:`),
// with Electron's permission handlers, certificate verify proc, cookies and `ses.fetch`.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { BrowserContext } from 'playwright-core';
import type { StandInRuntime } from './runtime';
import { TlsGate, type VerifyProc } from './tls-gate';

type PermissionRequestHandler = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<Electron.Session['setPermissionCheckHandler']>[0];
type DevicePermissionHandler = Parameters<Electron.Session['setDevicePermissionHandler']>[0];

/** Session cookies as Electron's `ses.cookies` shows them (values kept as sent, quotes included). */
export class StandInCookies {
  readonly #session: StandInSession;
  readonly jar: Electron.Cookie[] = [];

  constructor(session: StandInSession) {
    this.#session = session;
  }

  async get(filter: Electron.CookiesGetFilter): Promise<Electron.Cookie[]> {
    const fromPages = (await this.#session.contextIfAny())?.cookies() ?? [];
    const all: Electron.Cookie[] = [
      ...this.jar,
      ...(await fromPages).map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path, secure: c.secure, httpOnly: c.httpOnly, session: c.expires < 0, sameSite: 'lax' as const })),
    ];
    const host = filter.url ? new URL(filter.url).hostname : undefined;
    return all.filter((cookie) => (filter.name === undefined || cookie.name === filter.name) && (host === undefined || cookie.domain === host || cookie.domain?.replace(/^\./, '') === host));
  }

  /** Chromium's cookie line parser, enough for `name=value; Path=…` lines. */
  store(url: string, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const attribute = (key: string) => attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const cookie: Electron.Cookie = {
      name,
      value,
      domain: new URL(url).hostname,
      path: attribute('path') ?? '/',
      secure: attributes.some((a) => a.trim().toLowerCase() === 'secure'),
      httpOnly: attributes.some((a) => a.trim().toLowerCase() === 'httponly'),
      session: attribute('expires') === undefined && attribute('max-age') === undefined,
      sameSite: 'unspecified',
    };
    const existing = this.jar.findIndex((c) => c.name === name && c.domain === cookie.domain && c.path === cookie.path);
    if (existing >= 0) this.jar.splice(existing, 1, cookie);
    else this.jar.push(cookie);
  }
}

export class StandInSession extends EventEmitter {
  readonly partition: string;
  readonly persistent: boolean;
  readonly gate = new TlsGate();
  readonly cookies: StandInCookies;
  readonly #runtime: StandInRuntime;
  #context: Promise<BrowserContext> | undefined;
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  devicePermissionHandler: DevicePermissionHandler = null;
  spellCheckerEnabled = true;
  /** Set by clearStorageData / clearCache / clearAuthCache, for tests that check a flow's data went. */
  cleared = { storage: 0, cache: 0, auth: 0 };
  /** setProxy's one HTTP proxy for every scheme (`http://host:port`), when set. */
  proxy: string | undefined;

  constructor(runtime: StandInRuntime, partition: string) {
    super();
    this.#runtime = runtime;
    this.partition = partition;
    this.persistent = partition.startsWith('persist:');
    this.cookies = new StandInCookies(this);
  }

  /** The browser context behind this session, made on first use. Chromium's own TLS checks are replaced by the gate. */
  context(): Promise<BrowserContext> {
    this.#context ??= this.#runtime.browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, serviceWorkers: 'block', viewport: null, ...(this.proxy ? { proxy: { server: this.proxy } } : {}) });
    return this.#context;
  }

  /**
   * `ses.setProxy`: this session's connections go through an HTTP proxy (CONNECT for https), the certificate gate's
   * too. Modelled: fixed servers with one proxy for every scheme (`[http://]host:port`), set before the session's
   * first page; anything else throws rather than act differently from Electron.
   */
  async setProxy(config: Electron.ProxyConfig): Promise<void> {
    if (config.mode !== undefined && config.mode !== 'fixed_servers') throw new Error(`stand-in: proxy mode ${config.mode} is not modelled`);
    const match = /^(?:http:\/\/)?(127\.0\.0\.1|localhost|[\w.-]+):(\d{1,5})$/.exec((config.proxyRules ?? '').trim());
    if (!match) throw new Error(`stand-in: only one http proxy for every scheme is modelled, not "${config.proxyRules ?? ''}"`);
    if (this.#context) throw new Error('stand-in: setProxy after the session was first used is not modelled');
    this.proxy = `http://${match[1]}:${match[2]}`;
    this.gate.via = this.proxy;
  }

  contextIfAny(): Promise<BrowserContext> | undefined {
    return this.#context;
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: DevicePermissionHandler): void {
    this.devicePermissionHandler = handler;
  }
  setSpellCheckerEnabled(enable: boolean): void {
    this.spellCheckerEnabled = enable;
  }
  setCertificateVerifyProc(proc: VerifyProc | null): void {
    this.gate.setProc(proc);
  }

  async clearStorageData(): Promise<void> {
    this.cleared.storage++;
    this.cookies.jar.length = 0;
    await (await this.contextIfAny())?.clearCookies();
  }
  async clearCache(): Promise<void> {
    this.cleared.cache++;
  }
  async clearAuthCache(): Promise<void> {
    this.cleared.auth++;
  }

  /**
   * `ses.fetch`: Chromium's network stack for this session, here node:http(s) behind the session's certificate gate.
   * Set-Cookie stays with the session (stored in its cookies, not shown on the response), as Chromium keeps it.
   */
  async fetch(input: string | Request, init: RequestInit = {}): Promise<Response> {
    let url = typeof input === 'string' ? input : input.url;
    const method = (init.method ?? (typeof input === 'string' ? 'GET' : input.method)).toUpperCase();
    const headers = new Headers(init.headers ?? (typeof input === 'string' ? undefined : input.headers));
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    for (let hop = 0; hop < 20; hop++) {
      const answer = await this.#request(url, method, headers, body, init.signal ?? undefined);
      const location = answer.headers.get('location');
      if (answer.status >= 300 && answer.status < 400 && location) {
        if (init.redirect === 'error') throw new TypeError('net::ERR_FAILED (redirect mode is "error")');
        if (init.redirect === 'manual') return answer;
        url = new URL(location, url).toString();
        continue;
      }
      return answer;
    }
    throw new TypeError('net::ERR_TOO_MANY_REDIRECTS');
  }

  async #request(url: string, method: string, headers: Headers, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<Response> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(`net::ERR_UNKNOWN_URL_SCHEME (${parsed.protocol})`);
    if (this.proxy) throw new Error('stand-in: ses.fetch through a proxy is not modelled');
    const verdict = await this.gate.check(url);
    if (!verdict.ok) throw new TypeError(verdict.error ?? 'net::ERR_CERT_INVALID');
    const transport = parsed.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(
        parsed,
        { method, headers: headerRecord(headers), rejectUnauthorized: false, signal, agent: false },
        (incoming) => {
          // The connection must present the certificate the gate judged.
          const peer = 'getPeerCertificate' in incoming.socket ? (incoming.socket as import('node:tls').TLSSocket).getPeerCertificate() : undefined;
          if (verdict.fingerprint256 && peer && peer.fingerprint256 !== verdict.fingerprint256) {
            incoming.destroy();
            reject(new TypeError('net::ERR_CERT_INVALID (certificate changed between checks)'));
            return;
          }
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              if (value === undefined) continue;
              if (name === 'set-cookie') {
                for (const line of [value].flat()) this.cookies.store(url, line);
                continue;
              }
              for (const one of [value].flat()) responseHeaders.append(name, one);
            }
            const status = incoming.statusCode ?? 502;
            const noBody = status === 204 || status === 304 || method === 'HEAD';
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }));
          });
        },
      );
      request.on('error', (error) => reject(Object.assign(new TypeError('net::ERR_CONNECTION_FAILED'), { cause: error })));
      if (body) request.write(body);
      request.end();
    });
  }
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => (record[name] = value));
  return record;
}

/** The `session` module: partitions are made once and kept, like Electron's. */
export class SessionModule {
  readonly #runtime: StandInRuntime;
  readonly #partitions = new Map<string, StandInSession>();
  readonly #onCreated: (session: StandInSession) => void;

  constructor(runtime: StandInRuntime, onCreated: (session: StandInSession) => void) {
    this.#runtime = runtime;
    this.#onCreated = onCreated;
  }

  fromPartition = (partition: string, _options?: Electron.FromPartitionOptions): StandInSession => {
    this.#runtime.requireReady('session.fromPartition');
    let session = this.#partitions.get(partition);
    if (!session) {
      session = new StandInSession(this.#runtime, partition);
      this.#partitions.set(partition, session);
      this.#onCreated(session);
    }
    return session;
  };

  get defaultSession(): StandInSession {
    this.#runtime.requireReady('session.defaultSession');
    return this.fromPartition('');
  }

  all(): StandInSession[] {
    return [...this.#partitions.values()];
  }
}

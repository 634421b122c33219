// `protocol`: privileged schemes and protocol.handle, plus the bridge that lets real Chromium load a custom scheme.
//
// Debian's Chromium knows no `app:` scheme, so a window that loads app://HOST/PATH is really loaded from
// https://HOST.SCHEME.electron-stand-in.invalid/PATH, and every request to that host is answered by the handler
// the shell gave protocol.handle (as Electron does for the default session). Everything the shell can observe
// (webContents.getURL(), WebFrameMain.url/origin, the handler's Request.url) is translated back, so the shell only
// ever sees app:// values — and the origin is Chromium's `app://HOST` only if the scheme was registered as standard.
import type { StandInRuntime } from './runtime';

const BRIDGE_SUFFIX = '.electron-stand-in.invalid';

export type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** https://HOST.SCHEME.electron-stand-in.invalid/… for SCHEME://HOST/…; null for ordinary URLs. */
export function toChromiumUrl(url: string, handledSchemes: ReadonlySet<string>): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!match) return url;
  const [, scheme = '', host = '', rest = ''] = match;
  if (!handledSchemes.has(scheme.toLowerCase())) return url;
  return `https://${host.toLowerCase()}.${scheme.toLowerCase()}${BRIDGE_SUFFIX}${rest || '/'}`;
}

/** The reverse of toChromiumUrl: what Electron would report for a bridged URL. */
export function fromChromiumUrl(url: string): string {
  const match = /^https:\/\/([^/?#]+)\.([a-z][a-z0-9+.-]*)\.electron-stand-in\.invalid(?::\d+)?(.*)$/i.exec(url);
  if (!match) return url;
  const [, host = '', scheme = '', rest = ''] = match;
  return `${scheme}://${host}${rest}`;
}

export function isBridgeUrl(url: string): boolean {
  return fromChromiumUrl(url) !== url;
}

export class StandInProtocol {
  readonly #runtime: StandInRuntime;
  readonly handlers = new Map<string, ProtocolHandler>();

  constructor(runtime: StandInRuntime) {
    this.#runtime = runtime;
  }

  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    this.#runtime.requireNotReady('protocol.registerSchemesAsPrivileged');
    for (const { scheme, privileges } of customSchemes) this.#runtime.privilegedSchemes.set(scheme, privileges ?? {});
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    this.#runtime.requireReady('protocol.handle');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /** Chromium's origin for a URL of a handled scheme: `scheme://host` only for a standard scheme, else opaque. */
  originOf(url: string): string {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(url);
    if (!match) return 'null';
    const scheme = (match[1] ?? '').toLowerCase();
    return this.#runtime.privilegedSchemes.get(scheme)?.standard ? `${scheme}://${(match[2] ?? '').toLowerCase()}` : 'null';
  }

  /** Answers one bridged request with the registered handler, as Electron's protocol layer would. */
  async answer(electronUrl: string, init: { method: string; headers: Record<string, string>; body?: Buffer | undefined }): Promise<Response> {
    const scheme = electronUrl.slice(0, electronUrl.indexOf(':')).toLowerCase();
    const handler = this.handlers.get(scheme);
    if (!handler) return new Response(null, { status: 404, statusText: 'ERR_UNKNOWN_URL_SCHEME' });
    const hasBody = init.body !== undefined && init.method !== 'GET' && init.method !== 'HEAD';
    const request = new Request(electronUrl, { method: init.method, headers: init.headers, ...(hasBody ? { body: new Uint8Array(init.body!) } : {}) });
    try {
      return await handler(request);
    } catch {
      // Electron turns a throwing handler into a failed load (net::ERR_FAILED).
      return Response.error();
    }
  }
}

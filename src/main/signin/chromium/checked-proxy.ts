import http from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { decideCertificate, spkiSha256, type CertificateTrust, type CertificateVerdict } from '../../tls/certificate-trust';
import { socketCertificateFacts } from '../../tls/socket-facts';
import { makeThrowawayCertificate } from '../../tls/throwaway-certificate';

/**
 * The sign-in check's own proxy, for the CLI's Chromium (issue 22: a Node probe beside a Chromium that ignored
 * certificate errors let a proxy show Chromium one server and the probe another). Chromium reaches every https
 * origin only through it: for each tunnel it opens the TLS connection to the server itself, judges the certificate
 * of that very connection by the one rule (`decideCertificate`), and only then carries Chromium's bytes over it, decrypted from Chromium's leg and
 * encrypted again on the server's. So the certificate judged is always the one of the connection that carried the
 * page; there is no second connection and nothing cached by host. Chromium's leg shows the interception
 * certificate, which Chromium is launched to accept by its key alone (`--ignore-certificate-errors-spki-list`);
 * its private key lives only in this process. Plain http goes through only to loopback.
 */

/** Chromium's side of every tunnel: a key made per browser, trusted by Chromium by its SPKI hash alone. */
export interface InterceptionIdentity {
  key: string;
  cert: string;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's switch takes it. */
  spkiSha256: string;
}

export async function makeInterceptionIdentity(): Promise<InterceptionIdentity> {
  const made = await makeThrowawayCertificate('ADS Setup Assistant sign-in check');
  return { key: made.key, cert: made.cert, spkiSha256: spkiSha256(made.cert) };
}

/** The Chromium switch that makes it accept the interception certificate (and nothing else it would not accept). */
export function interceptionArgs(identity: InterceptionIdentity): string[] {
  return [`--ignore-certificate-errors-spki-list=${identity.spkiSha256}`];
}

/** Opens the TCP+TLS connection to a server (a test maps host names onto loopback servers here, as a resolver would). */
export type UpstreamConnect = (host: string, port: number, options: tls.ConnectionOptions) => tls.TLSSocket;

const defaultConnect: UpstreamConnect = (host, port, options) => tls.connect({ ...options, host, port });

export interface CheckedProxyOptions {
  identity: InterceptionIdentity;
  /** Hosts never connected to, whatever the port (Azure's sign-in): refused before any connection. */
  refuses: (host: string, port: number) => boolean;
  /** How the servers' certificates are trusted, judged by `decideCertificate`. */
  trust: CertificateTrust;
  connect?: UpstreamConnect;
  timeoutMs?: number;
}

export interface TlsRefusal {
  host: string;
  fingerprint: string;
  verdict: Exclude<CertificateVerdict, 'accept'>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** `host:port` of a CONNECT line, or null when it is not one. */
function target(authority: string | undefined): { host: string; port: number } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:/\s]+):(\d{1,5})$/i.exec(authority ?? '');
  if (!match) return null;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1]!.replace(/^\[(.*)\]$/, '$1').toLowerCase(), port } : null;
}

export class CheckedProxy {
  readonly #server: http.Server;
  readonly #options: CheckedProxyOptions;
  readonly #refusals = new Map<string, TlsRefusal>();
  readonly #sockets = new Set<Socket>();

  private constructor(server: http.Server, options: CheckedProxyOptions) {
    this.#server = server;
    this.#options = options;
  }

  static async start(options: CheckedProxyOptions): Promise<CheckedProxy> {
    const server = http.createServer();
    const proxy = new CheckedProxy(server, options);
    server.on('connect', (request: http.IncomingMessage, socket: Socket, head: Buffer) => proxy.#tunnel(request, socket, head));
    server.on('request', (request, response) => proxy.#plain(request, response));
    server.on('connection', (socket: Socket) => {
      proxy.#sockets.add(socket);
      socket.once('close', () => proxy.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Why the tunnel to host:port was refused for its certificate, if it was. */
  refusal(host: string, port: number): TlsRefusal | undefined {
    return this.#refusals.get(`${host.toLowerCase()}:${port}`);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #tunnel(request: http.IncomingMessage, client: Socket, head: Buffer): void {
    const to = target(request.url);
    const refuse = (status: string): void => void client.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\n\r\n`);
    client.on('error', () => client.destroy());
    if (!to) return refuse('400 Bad Request');
    if (this.#options.refuses(to.host, to.port)) return refuse('403 Forbidden');
    const upstream = (this.#options.connect ?? defaultConnect)(to.host, to.port, {
      ...(isIP(to.host) ? {} : { servername: to.host }),
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false,
    });
    upstream.setTimeout(this.#options.timeoutMs ?? 15_000, () => upstream.destroy(new Error('no answer in time')));
    upstream.once('error', () => {
      upstream.destroy();
      if (!client.destroyed) refuse('502 Bad Gateway');
    });
    client.once('close', () => upstream.destroy());
    upstream.once('secureConnect', () => {
      upstream.setTimeout(0);
      const facts = socketCertificateFacts(upstream, to.host);
      if (!facts) return void (upstream.destroy(), refuse('502 Bad Gateway'));
      const decision = decideCertificate(facts, this.#options.trust);
      if (decision.verdict !== 'accept') {
        this.#refusals.set(`${to.host}:${to.port}`, { host: to.host, fingerprint: facts.fingerprint256, verdict: decision.verdict });
        upstream.destroy();
        return refuse('502 Bad Gateway');
      }
      // Judged: only now does anything of Chromium's reach this server, over this very connection.
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) client.unshift(head);
      const inner = new tls.TLSSocket(client, { isServer: true, key: this.#options.identity.key, cert: this.#options.identity.cert, ALPNProtocols: ['http/1.1'] });
      inner.on('error', () => (inner.destroy(), upstream.destroy()));
      upstream.on('error', () => inner.destroy());
      inner.pipe(upstream).pipe(inner);
    });
  }

  /** Plain http, as Chromium sends it to a proxy (absolute form): only to loopback, where no certificate is judged. */
  #plain(request: http.IncomingMessage, response: http.ServerResponse): void {
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      return void response.writeHead(400).end();
    }
    const port = Number(url.port || 80);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || this.#options.refuses(url.hostname, port)) return void response.writeHead(403).end();
    const forwarded = http.request({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, method: request.method, path: `${url.pathname}${url.search}`, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => (response.headersSent ? response.destroy() : response.writeHead(502).end()));
    request.pipe(forwarded);
  }
}

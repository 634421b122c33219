import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { TlsRejection, type ConsoleTransport, type FetchInit, type TlsPolicy } from './transport';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * An https.Agent whose connections are verified before the HTTP layer gets them: nothing (not even the request
 * line or the Authorization header) is written until the certificate passed.
 * - pinned: the leaf's SHA-256 must equal the pin (the admin confirmed it), else "certificate changed";
 * - otherwise: the chain must verify against the built-in roots plus the optional CA file, and the host name must
 *   match, else "untrusted" with the fingerprint so the admin can compare and pin it.
 * Chain checking is done here rather than by `rejectUnauthorized` only so that the fingerprint of a refused
 * certificate is known; the decision is the same strict one, and it applies to this agent's sockets only.
 */
class VerifyingAgent extends https.Agent {
  readonly #policy: TlsPolicy;

  constructor(policy: TlsPolicy) {
    super({ keepAlive: true, maxSockets: 4, maxCachedSessions: 0 });
    this.#policy = policy;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const done = callback ?? (() => undefined);
    const socket = tls.connect({
      host,
      port: Number(options.port ?? 443),
      ...(isIP(host) ? {} : { servername: host }),
      ...(this.#policy.caPem ? { ca: [...tls.rootCertificates, this.#policy.caPem] } : {}),
      // Verified below, before the socket is handed to HTTP; see the class comment.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const onError = (error: Error) => done(error, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      const certificate = socket.getPeerCertificate();
      const fingerprint = certificate && 'fingerprint256' in certificate ? certificate.fingerprint256 : undefined;
      const refuse = (rejection: TlsRejection) => {
        socket.destroy();
        done(rejection, socket);
      };
      const pin = this.#policy.pinnedFingerprint;
      if (pin !== undefined) {
        if (fingerprint !== pin) return refuse(new TlsRejection('changed', fingerprint, 'the certificate is not the one that was pinned'));
        return done(null, socket);
      }
      if (!socket.authorized) return refuse(new TlsRejection('untrusted', fingerprint, String(socket.authorizationError ?? 'not trusted')));
      const identity = tls.checkServerIdentity(host, certificate);
      if (identity) return refuse(new TlsRejection('hostname', fingerprint, identity.message));
      return done(null, socket);
    });
    return undefined;
  }
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** Node's fetch-shaped transport for the CLI and the tests: node:http(s), bounded bodies, abortable. */
export function nodeConsoleTransport(policy: TlsPolicy = {}): ConsoleTransport {
  const httpsAgent = new VerifyingAgent(policy);
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const fetch = (url: string, init: FetchInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      if (init.signal.aborted) return reject(init.signal.reason);
      const request = (isHttps ? https : http).request(target, {
        method: init.method,
        headers: { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) },
        agent: isHttps ? httpsAgent : httpAgent,
      });
      const onAbort = () => request.destroy(init.signal.reason instanceof Error ? init.signal.reason : new Error('aborted'));
      init.signal.addEventListener('abort', onAbort, { once: true });
      const finish = () => init.signal.removeEventListener('abort', onAbort);
      request.once('error', (error) => {
        finish();
        reject(error);
      });
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            request.destroy(new Error('the answer is larger than 8 MiB'));
            return;
          }
          chunks.push(chunk);
        });
        response.once('error', (error) => {
          finish();
          reject(error);
        });
        // A body cut off (aborted on timeout, connection dropped) must not leave the promise pending.
        response.once('close', () => {
          if (response.complete) return;
          finish();
          reject(new Error('the connection closed before the answer was complete'));
        });
        response.once('end', () => {
          finish();
          const status = response.statusCode ?? 0;
          const body = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: toHeaders(response.headers) }));
        });
      });
      request.end(init.body);
    });
  return {
    fetch,
    close: () => {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}

/** Reads the console's certificate fingerprint without sending anything (for showing it before a pin). */
export function probeFingerprint(url: string, timeoutMs = 10_000): Promise<string> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket: Socket = tls.connect({ host, port: Number(target.port || 443), ...(isIP(host) ? {} : { servername: host }), rejectUnauthorized: false });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const fingerprint = (socket as tls.TLSSocket).getPeerCertificate().fingerprint256;
      socket.destroy();
      resolve(fingerprint);
    });
  });
}

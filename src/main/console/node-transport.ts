import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { decideCertificate, type CertificateTrust } from '../tls/certificate-trust';
import { socketCertificateFacts } from '../tls/socket-facts';
import { TlsRejection, type ConsoleTransport, type FetchInit } from './transport';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * An https.Agent whose connections are judged before the HTTP layer gets them: nothing (not even the request line or
 * the Authorization header) is written until the certificate passed. The agent only gathers the connection's facts
 * (Node's own verification runs, but does not refuse, so that a refused certificate's fingerprint is known);
 * `decideCertificate` decides, for this agent's sockets only.
 */
class VerifyingAgent extends https.Agent {
  readonly #trust: CertificateTrust;

  constructor(trust: CertificateTrust) {
    super({ keepAlive: true, maxSockets: 4, maxCachedSessions: 0 });
    this.#trust = trust;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const done = callback ?? (() => undefined);
    const socket = tls.connect({
      host,
      port: Number(options.port ?? 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Judged below, before the socket is handed to HTTP; see the class comment.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const onError = (error: Error) => done(error, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      const facts = socketCertificateFacts(socket, host);
      const decision = facts ? decideCertificate(facts, this.#trust) : { verdict: 'untrusted' as const, reason: 'the server showed no certificate' };
      if (decision.verdict === 'accept') return done(null, socket);
      socket.destroy();
      done(new TlsRejection(decision.verdict, facts?.fingerprint256, decision.reason), socket);
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
export function nodeConsoleTransport(trust: CertificateTrust = {}): ConsoleTransport {
  const httpsAgent = new VerifyingAgent(trust);
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

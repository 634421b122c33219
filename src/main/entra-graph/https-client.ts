import https from 'node:https';
import tls from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { AppError } from '../../shared/errors';

/**
 * The one way the Entra capability talks to Microsoft: HTTPS with Node's certificate verification (the system's
 * roots plus NODE_EXTRA_CA_CERTS, which is where a private endpoint's CA goes), bounded answers and a deadline.
 * MSAL Node uses it too (its `networkClient`), so sign-in, Graph and the secret proof share one trust rule.
 */

const MAX_ANSWER_BYTES = 2 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpsRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface HttpsAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

export interface HttpsClient {
  send: (request: HttpsRequest) => Promise<HttpsAnswer>;
}

/** Why a request got no answer: said with the host, never with the request's body. */
export function unreachable(url: string, cause: unknown): AppError {
  const host = new URL(url).host;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new AppError('ENTRA_UNREACHABLE', `The certificate of ${host} is not trusted (${code}).`, 'For a private endpoint, put its CA certificate in a PEM file and start the app with NODE_EXTRA_CA_CERTS pointing at it.');
  }
  if (code === 'TIMEOUT') return new AppError('ENTRA_UNREACHABLE', `${host} did not answer in time.`, 'Check the network connection (a proxy or firewall may hold the request), then try again.');
  return new AppError('ENTRA_UNREACHABLE', `${host} could not be reached${code ? ` (${code})` : ''}.`, 'Check the network connection and that this computer may reach Microsoft’s sign-in and Graph hosts, then try again.');
}

/**
 * node:https with verification always on. `extraCaPem` adds one CA to the built-in roots: the demo's own, which it
 * made at start (a real run takes extra CAs from NODE_EXTRA_CA_CERTS only).
 */
export function nodeHttpsClient(options: { extraCaPem?: string } = {}): HttpsClient {
  const agent = new https.Agent({ keepAlive: false, ...(options.extraCaPem ? { ca: [...tls.rootCertificates, options.extraCaPem] } : {}) });
  return {
    send: (request) =>
      new Promise<HttpsAnswer>((resolve, reject) => {
        const url = new URL(request.url);
        if (url.protocol !== 'https:') return reject(new AppError('INVALID_INPUT', `Refused to send a request over plain http: ${url.origin}.`, 'Microsoft’s sign-in and Graph are reached over https only.'));
        const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
        const outgoing = https.request(
          url,
          {
            method: request.method,
            agent,
            rejectUnauthorized: true,
            headers: { ...(request.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) },
          },
          (incoming) => {
            const chunks: Buffer[] = [];
            let size = 0;
            incoming.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_ANSWER_BYTES) {
                incoming.destroy();
                reject(new AppError('ENTRA_UNREACHABLE', `${url.host} answered with more than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB.`, 'Check that the address is Microsoft’s (or your private endpoint’s).'));
                return;
              }
              chunks.push(chunk);
            });
            incoming.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
              resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
            });
            incoming.on('error', (error) => reject(unreachable(request.url, error)));
          },
        );
        outgoing.setTimeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => outgoing.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
        outgoing.on('error', (error) => reject(error instanceof AppError ? error : unreachable(request.url, error)));
        outgoing.end(body);
      }),
  };
}

/** MSAL Node's network module over the same client (MSAL reads JSON bodies and the status). */
export function msalNetwork(client: HttpsClient): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> => {
    const answer = await client.send({ method, url, headers: options?.headers ?? {}, ...(method === 'POST' ? { body: options?.body ?? '' } : {}), ...(timeout ? { timeoutMs: timeout } : {}) });
    let body: T;
    try {
      body = JSON.parse(answer.text) as T;
    } catch {
      throw new AppError('ENTRA_UNREACHABLE', `${new URL(url).host} did not answer as Microsoft’s sign-in does (HTTP ${answer.status}, not JSON).`, 'Check the sign-in address (a proxy may have answered instead).');
    }
    return { status: answer.status, headers: answer.headers, body };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody as readBodyUpTo } from '../http-body';

const MAX_BODY = 64 * 1024;

/** The request's body as text (at most 64 KiB). */
export const readBody = (request: IncomingMessage): Promise<string> => readBodyUpTo(request, MAX_BODY);

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
}

export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'cache-control': 'no-store' }).end();
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' }).end(html);
}

/** The token endpoint's error body (Microsoft identity platform v2): AADSTS code in the description and the list. */
export function sendTokenError(response: ServerResponse, status: number, error: string, code: number, description: string): void {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  sendJson(response, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}. */
export function sendGraphError(response: ServerResponse, request: IncomingMessage, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  const clientRequestId = typeof request.headers['client-request-id'] === 'string' ? request.headers['client-request-id'] : requestId;
  sendJson(response, status, { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId } } }, { 'request-id': requestId });
}

export interface Listening {
  origin: string;
  close: () => Promise<void>;
}

/** An HTTPS server on 127.0.0.1 only, on a port the OS picks. */
export function listenHttps(tls: { key: string; cert: string }, handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<Listening> {
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: 'server_error' });
      else response.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `https://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

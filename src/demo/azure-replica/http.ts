import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-body';

/** What the replica's servers share: answers with Azure's security headers, small JSON bodies, same-origin POSTs. */

const MAX_BODY = 16 * 1024;
const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export function send(response: ServerResponse, status: number, type: 'html' | 'json', body: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type === 'html' ? 'text/html; charset=utf-8' : 'application/json', ...extra }).end(body);
}

export async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) throw new Error('not json');
  return JSON.parse(await readBody(request, MAX_BODY)) as unknown;
}

export function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A POST must come from a page of the replica itself (no other site can create apps or secrets in it). */
export function sameOrigin(request: IncomingMessage, own: string): boolean {
  return request.headers.origin === own;
}

export function randomText(length: number, alphabet: string): string {
  // 64 divides 256 evenly for base64url; other alphabets here are short and the tiny bias does not matter for a demo.
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A date as the portal's en-US pages show it (month/day/year), `offsetDays` from today (UTC). */
export function today(offsetDays = 0): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

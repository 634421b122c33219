import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { ksuid, signSessionToken, verifySessionToken } from './sealing';
import type { KotsDoubleOptions } from './types';

export type Reply = { status: number; body?: unknown; text?: string; contentType?: string; headers?: Record<string, string> };
export const json = (status: number, body: unknown): Reply => ({ status, body });

interface Session {
  id: string;
  generation: number;
  expiresAt: number;
}

const HOUR = 60 * 60 * 1000;
const SESSION_MS = 12 * HOUR;
const SLIDE_BELOW_MS = 11 * HOUR;
const LOCKED_MESSAGE = 'Admin Console has been locked.  Please reset password using the "kubectl kots reset-password -n <ns>" command.';

/**
 * kotsadm's sessions: the shared-password login (both login styles, the header-before-cookie rule and its exact 401
 * messages, lockout once failures exceed 10, HS256 session tokens with a 12 h sliding expiry, "password changed" after
 * a reset), the CLI's `Kots <authstring>` header compared whole with the `kotsadm-authstring` secret (pkg/session:
 * a short session of its own, whatever the identity setting), and the identity service with password login off.
 */
export class ConsoleSessions {
  readonly #options: KotsDoubleOptions;
  readonly #now: () => number;
  readonly #key = randomBytes(32);
  readonly #sessions = new Map<string, Session>();
  #password: string;
  #generation = 0;
  numAttempts = 0;
  readonly authstring: string;

  constructor(options: KotsDoubleOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
    this.#password = options.password;
    this.authstring = options.authstring ?? `Kots ${randomBytes(24).toString('base64url').slice(0, 32)}`;
  }

  /** GET /api/v1/login/info (no session): how admins sign in. */
  loginInfo(): Reply {
    return json(200, { method: this.#options.identityService ? 'identity-service' : 'shared-password' });
  }

  get #style(): 'cookie' | 'body-token' {
    return this.#options.loginStyle ?? 'cookie';
  }

  /** Null when the request carries a live session (its expiry slides); otherwise the 401 kotsadm answers. */
  authenticate(req: http.IncomingMessage): Reply | null {
    let header = req.headers.authorization;
    if (header === undefined || header === '') {
      const cookie = /(?:^|;\s*)signed-token=("?)([^";]*)\1/.exec(req.headers.cookie ?? '');
      header = cookie?.[2];
    }
    if (header === undefined || header === '') {
      return json(401, { error: this.#style === 'cookie' ? 'missing authorization token' : 'authorization header empty', success: false });
    }
    const parts = header.split(' ');
    // `Kots <token>` (kubectl kots): the whole header must equal the secret; any other value fails to parse.
    if (parts.length === 2 && parts[0] === 'Kots') return header === this.authstring ? null : json(401, { error: 'failed to parse authorization header', success: false });
    const sessionId = parts.length === 2 && parts[0] === 'Bearer' ? verifySessionToken(this.#key, parts[1] ?? '') : null;
    if (sessionId === null) return json(401, { error: 'failed to parse authorization header', success: false });
    const session = this.#sessions.get(sessionId);
    if (!session) return json(401, { error: 'no session in auth header', success: false });
    const at = this.#now();
    if (at > session.expiresAt) {
      this.#sessions.delete(sessionId);
      return json(401, { error: 'session expired', success: false });
    }
    if (session.generation !== this.#generation) return json(401, { error: 'password changed, please login again', success: false });
    if (session.expiresAt - at < SLIDE_BELOW_MS) session.expiresAt = at + SESSION_MS;
    return null;
  }

  login(req: http.IncomingMessage, body: string): Reply {
    // Checked before the body is read, and never counted towards the lockout (pkg/handlers/login.go).
    if (this.#options.identityService) return json(403, { error: 'password authentication disabled', success: false });
    let parsed: { password?: unknown };
    try {
      parsed = JSON.parse(body) as { password?: unknown };
      if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
    } catch {
      return json(400, {});
    }
    if (this.numAttempts > 10) return json(401, { error: LOCKED_MESSAGE });
    if (parsed.password !== this.#password) {
      this.numAttempts += 1;
      return json(401, { error: 'Invalid password. Please try again.' });
    }
    this.numAttempts = 0;
    const at = this.#now();
    const session: Session = { id: ksuid(), generation: this.#generation, expiresAt: at + SESSION_MS };
    this.#sessions.set(session.id, session);
    const token = `Bearer ${signSessionToken(this.#key, session.id)}`;
    if (this.#style === 'body-token') return json(200, { token });
    const secure = (req.headers.origin ?? '').startsWith('https:') ? '; Secure' : '';
    return { status: 200, body: {}, headers: { 'Set-Cookie': `signed-token="${token}"; Path=/; Expires=${new Date(at + SESSION_MS).toUTCString()}; HttpOnly${secure}` } };
  }

  logout(req: http.IncomingMessage): Reply {
    const cookie = /(?:^|;\s*)signed-token="?Bearer ([^";]*)"?/.exec(req.headers.cookie ?? '');
    if (cookie) {
      const id = verifySessionToken(this.#key, cookie[1] ?? '');
      if (id) this.#sessions.delete(id);
      return { status: 204, headers: { 'Set-Cookie': 'signed-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly' } };
    }
    return { status: 204 };
  }

  /** `kubectl kots reset-password`: a new password, the count reset, older sessions refused. */
  resetPassword(next: string): void {
    this.#password = next;
    this.numAttempts = 0;
    this.#generation += 1;
  }
}

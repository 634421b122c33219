import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Tokens of the double: JWTs as Entra issues them (header.payload.signature, base64url), signed with a key only the
 * double holds (HS256 here; Entra signs RS256, which no client of Graph checks itself: Graph does).
 */
export class TokenMint {
  readonly #key = randomBytes(32);

  sign(claims: Record<string, unknown>): string {
    const head = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'double' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', this.#key).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }

  /** The claims of a token this mint signed, or null for anything else (altered, foreign, malformed). */
  verify(token: string): Record<string, unknown> | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const expected = createHmac('sha256', this.#key).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
}

/** An id_token as MSAL reads it: MSAL decodes the claims and checks none of the signature. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const head = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'double' })).toString('base64url');
  return `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

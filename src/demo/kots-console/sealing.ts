import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How kotsadm seals what it keeps: AES-GCM password values, HS256 session tokens, KSUID session ids. */

/**
 * `fixedNonce`: KOTS before v1.129.2 sealed every value with the one nonce kept beside its key (pkg/crypto/aes.go,
 * fixed in b882d3ad0), so the same plaintext always gave the same ciphertext. Without it, a fresh nonce per value.
 */
export function encryptValue(key: Buffer, plaintext: string, fixedNonce?: Buffer): string {
  const nonce = fixedNonce ?? randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** The plaintext, or null for a value that is not this key's ciphertext. */
export function decryptValue(key: Buffer, value: string): string | null {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
    const raw = Buffer.from(value, 'base64');
    if (raw.length < 12 + 16) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function signSessionToken(key: Buffer, sessionId: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sessionId }));
  return `${head}.${payload}.${b64url(createHmac('sha256', key).update(`${head}.${payload}`).digest())}`;
}

/** The session id of a token this key signed with HS256, or null. */
export function verifySessionToken(key: Buffer, token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head = '', payload = '', signature = ''] = parts;
  const expected = createHmac('sha256', key).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sessionId?: unknown };
    return typeof claims.sessionId === 'string' ? claims.sessionId : null;
  } catch {
    return null;
  }
}

export function ksuid(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(27), (byte) => alphabet[byte % alphabet.length]).join('');
}

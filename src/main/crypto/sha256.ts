import { createHash } from 'node:crypto';

/** SHA-256 as lower-case hex (a string is hashed as its UTF-8 bytes). SHA-2 is in BoringSSL, so Electron has it. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

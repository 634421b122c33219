import { sha256Hex } from '../crypto/sha256';
import type { MaskedPassword, MaskedSecret } from '../../shared/masked';

/** Below this length even first/last 4 would reveal too much of the secret, so only dots are shown. */
const MIN_LENGTH_FOR_PREVIEW = 20;

function dots(value: string): string {
  return '•'.repeat(Math.min(value.length, 8));
}

/** A machine-made, high-entropy secret: preview and SHA-256 (admins compare those). */
export function maskSecret(value: string): MaskedSecret {
  const sha256 = sha256Hex(value);
  const masked = value.length >= MIN_LENGTH_FOR_PREVIEW ? `${value.slice(0, 4)}…${value.slice(-4)}` : dots(value);
  return { length: value.length, masked, sha256 };
}

/** A human-chosen password: dots only, never a digest (an unsalted hash of a chosen password can be guessed). */
export function maskPassword(value: string): MaskedPassword {
  return { length: value.length, masked: dots(value) };
}

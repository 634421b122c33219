import { createHash } from 'node:crypto';
import type { MaskedSecret } from '../../shared/masked';

/** Below this length even first/last 4 would reveal too much of the secret, so only dots are shown. */
const MIN_LENGTH_FOR_PREVIEW = 20;

export function maskSecret(value: string): MaskedSecret {
  const sha256 = createHash('sha256').update(value, 'utf8').digest('hex');
  const masked = value.length >= MIN_LENGTH_FOR_PREVIEW ? `${value.slice(0, 4)}…${value.slice(-4)}` : '•'.repeat(Math.min(value.length, 8));
  return { length: value.length, masked, sha256 };
}

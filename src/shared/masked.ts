import { z } from 'zod';

/**
 * The only form of a machine-made secret (client secret, webhook secret) that ever leaves the main process: its
 * length, a masked preview (first and last 4 characters, only when the secret is long enough that this reveals
 * little) and a SHA-256 to compare two captures. High-entropy values make the digest safe to show.
 */
export const maskedSecretSchema = z.strictObject({
  length: z.number().int().nonnegative(),
  masked: z.string().max(16),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type MaskedSecret = z.infer<typeof maskedSecretSchema>;

/** A human-chosen secret (the console password): no digest and no preview, which a guess could be checked against. */
export const maskedPasswordSchema = z.strictObject({
  length: z.number().int().nonnegative(),
  masked: z.string().regex(/^•{0,8}$/),
});
export type MaskedPassword = z.infer<typeof maskedPasswordSchema>;

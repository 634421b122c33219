import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskedSecretSchema } from '../../shared/masked';
import { maskSecret } from './mask';

describe('maskSecret', () => {
  it('shows first and last 4 of a long secret, its length and hash, and nothing in between', () => {
    const secret = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Im9PdmN6NU1';
    const masked = maskSecret(secret);
    expect(masked).toEqual({ length: secret.length, masked: 'eyJ0…6NU1', sha256: createHash('sha256').update(secret).digest('hex') });
    expect(masked.masked).not.toContain(secret.slice(4, -4));
    expect(maskedSecretSchema.parse(masked)).toEqual(masked);
  });

  it('shows only dots for a short secret', () => {
    expect(maskSecret('abc~def').masked).toBe('•••••••');
    expect(maskSecret('a-short-but-not-tiny').masked).toBe('a-sh…tiny');
    expect(maskSecret('0123456789012345678').masked).toBe('••••••••');
  });
});

import { EXPIRY_WARNING_DAYS, type Profile, type SecretKind, type SecretStatus } from '../../shared/profile';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a secret stops working, derived rather than stored: the admin's date wins; otherwise a client secret lasts
 * its provider's default lifetime from capture (`lifetimeDays`: Azure DevOps OAuth's 60 days); with none, the
 * expiry is unknown.
 */
export function expiryOf(profile: Profile, kind: SecretKind, lifetimeDays: number | null): Date | undefined {
  if (kind !== 'client-secret') return undefined;
  const explicit = profile.azure.clientSecretExpiresOn;
  if (explicit) return new Date(`${explicit}T23:59:59Z`);
  const captured = profile.secrets['client-secret']?.capturedAt;
  if (captured && lifetimeDays !== null) return new Date(Date.parse(captured) + lifetimeDays * DAY_MS);
  return undefined;
}

/** Days left, a started day counting as one ("expires in 60 days" right after capture); negative once expired. */
export function daysUntil(when: Date, now: Date): number {
  const days = (when.getTime() - now.getTime()) / DAY_MS;
  return days > 0 ? Math.ceil(days) : Math.floor(days);
}

export function expiryFields(profile: Profile, kind: SecretKind, now: Date, lifetimeDays: number | null): Pick<SecretStatus, 'expiresAt' | 'expiresInDays' | 'warning'> {
  const expires = expiryOf(profile, kind, lifetimeDays);
  if (!expires) return {};
  const expiresInDays = daysUntil(expires, now);
  const expired = expires.getTime() <= now.getTime();
  const warning = expired ? 'expired' : expiresInDays <= EXPIRY_WARNING_DAYS ? 'expiring-soon' : undefined;
  return { expiresAt: expires.toISOString(), expiresInDays, ...(warning ? { warning } : {}) };
}

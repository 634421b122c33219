import {
  ADO_DEFAULT_SECRET_LIFETIME_DAYS,
  EXPIRY_WARNING_DAYS,
  type Profile,
  type SecretKind,
  type SecretStatus,
} from '../../shared/profile';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a secret stops working, derived rather than stored: the admin's date wins; otherwise a legacy Azure DevOps
 * client secret lasts 60 days from capture; anything else has no known expiry.
 */
export function expiryOf(profile: Profile, kind: SecretKind): Date | undefined {
  if (kind !== 'client-secret') return undefined;
  const explicit = profile.azure.clientSecretExpiresOn;
  if (explicit) return new Date(`${explicit}T23:59:59Z`);
  const captured = profile.secrets['client-secret']?.capturedAt;
  if (captured && profile.provider === 'ado-oauth') return new Date(Date.parse(captured) + ADO_DEFAULT_SECRET_LIFETIME_DAYS * DAY_MS);
  return undefined;
}

/** Days left, a started day counting as one ("expires in 60 days" right after capture); negative once expired. */
export function daysUntil(when: Date, now: Date): number {
  const days = (when.getTime() - now.getTime()) / DAY_MS;
  return days > 0 ? Math.ceil(days) : Math.floor(days);
}

export function expiryFields(profile: Profile, kind: SecretKind, now: Date): Pick<SecretStatus, 'expiresAt' | 'expiresInDays' | 'warning'> {
  const expires = expiryOf(profile, kind);
  if (!expires) return {};
  const expiresInDays = daysUntil(expires, now);
  const expired = expires.getTime() <= now.getTime();
  const warning = expired ? 'expired' : expiresInDays <= EXPIRY_WARNING_DAYS ? 'expiring-soon' : undefined;
  return { expiresAt: expires.toISOString(), expiresInDays, ...(warning ? { warning } : {}) };
}

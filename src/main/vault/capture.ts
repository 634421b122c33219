import type { SignInAudience } from '../../shared/registration';

/**
 * What a finished registration flow hands to the vault once its values passed their checks: one app's values and
 * its client secret (raw: main process only). The registration service makes it, the vault stores it.
 */
export interface Capture {
  appId: string;
  tenantId?: string;
  authorizeUrl: string;
  clientSecret: string;
  /** YYYY-MM-DD, when the admin chose an expiry (Entra) or entered one. */
  clientSecretExpiresOn?: string;
  /** The authority the values came from (Entra follows the portal's cloud). */
  authorityHost?: string;
  /** Entra: the app's account type as read back from its pages in Azure (Graph's name). */
  signInAudience?: SignInAudience;
}

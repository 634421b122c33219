import type { SignInAudience } from '../../shared/registration';
import type { EntraCloud } from '../../shared/entra-clouds';

/**
 * What a finished registration flow hands to the vault once its values passed their checks: one app's values and
 * its client secret (raw: main process only). The registration service (or the Graph route) makes it, the vault
 * stores it.
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
  /** Made through Microsoft Graph: what Graph says of the app and of the secret (whose text is clientSecret). */
  graph?: GraphFacts;
}

export interface GraphFacts {
  objectId: string;
  keyId: string;
  hint: string;
  /** Where the app was made, for the proof and a later rotation. */
  entra: { cloud: EntraCloud; loginUrl: string; graphUrl: string; clientId: string };
}

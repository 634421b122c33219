import type { AudienceDecision } from './providers/types';

/**
 * The account type a new Entra app is registered with when DeepSource's login was not looked at (or could not be):
 * multitenant, which works whether DeepSource sends users to a tenant ID, /organizations or /common.
 */
export const UNPROBED_AUDIENCE: AudienceDecision = {
  audience: 'AzureADMultipleOrgs',
  tenantPath: null,
  why: 'DeepSource’s sign-in was not looked at, so the app is registered for accounts in any organizational directory (multitenant): that works whether DeepSource sends users to a tenant ID, /organizations or /common.',
};

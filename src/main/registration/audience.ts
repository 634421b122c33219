import type { SignInObserved } from '../../shared/signin';
import type { AudienceDecision } from './providers/types';

/**
 * The account type a new Entra app is registered with, decided from where DeepSource's own login sends users (the
 * probe): a tenant's own address takes a single-tenant app; /organizations and /common need a multitenant one
 * (a single-tenant app fails there with AADSTS50194). When DeepSource's login was not looked at, or could not be, the
 * app is registered multitenant, which works with a tenant ID, /organizations and /common alike.
 */
export const UNPROBED_AUDIENCE: AudienceDecision = {
  audience: 'AzureADMultipleOrgs',
  tenantPath: null,
  why: 'DeepSource’s sign-in was not looked at, so the app is registered for accounts in any organizational directory (multitenant): that works whether DeepSource sends users to a tenant ID, /organizations or /common.',
};

const MULTITENANT = 'so the app is registered for accounts in any organizational directory (multitenant)';

/** The decision from what the probe saw (null: it saw nothing, for `reason`). */
export function decideAudience(observed: SignInObserved | null, reason: string): AudienceDecision {
  if (!observed) return { ...UNPROBED_AUDIENCE, why: `DeepSource’s sign-in could not be looked at (${reason}), ${MULTITENANT}: that works whether DeepSource sends users to a tenant ID, /organizations or /common.` };
  if (observed.kind !== 'entra') {
    return {
      audience: 'AzureADMultipleOrgs',
      tenantPath: null,
      why: `DeepSource’s login sends users to Azure DevOps OAuth (${observed.authorityHost}), not to Microsoft Entra ID: this DeepSource does not use an Entra app yet. If it is to, ${MULTITENANT}.`,
    };
  }
  const tenant = (observed.tenant ?? '').toLowerCase();
  if (tenant === 'organizations' || tenant === 'common') {
    return { audience: 'AzureADMultipleOrgs', tenantPath: tenant, why: `DeepSource’s login sends users to Microsoft Entra ID at /${tenant}, ${MULTITENANT}: a single-tenant app fails there with AADSTS50194.` };
  }
  if (tenant === '' || tenant === 'consumers') return { ...UNPROBED_AUDIENCE, why: `DeepSource’s login sends users to Microsoft Entra ID at /${tenant || '(no tenant)'}, which is no organization’s, ${MULTITENANT}.` };
  return { audience: 'AzureADMyOrg', tenantPath: 'tenant', why: `DeepSource’s login sends users to the tenant ${observed.tenant}’s own sign-in address, so the app is registered for this organization only (single tenant), which works there.` };
}

/** The callback form DeepSource sends (its redirect_uri), when it is this installation's callback with or without the slash. */
export function callbackFormOf(observed: SignInObserved | null, hostname: string): boolean | null {
  if (!observed?.redirectUri) return null;
  const base = `https://${hostname}/accounts/ads/login/callback/bifrost`;
  if (observed.redirectUri === base) return false;
  if (observed.redirectUri === `${base}/`) return true;
  return null;
}

import { signInAudienceSchema } from '../../shared/audience';
import { accountTypeCheck } from '../registration/providers/entra/read-back-checks';
import type { AudienceDecision, CheckResult } from '../registration/providers/types';
import { AZURE_DEVOPS_APP_ID } from '../registration/providers/entra/signin';
import type { Application } from './graph-client';
import { DEEPSOURCE_SCOPES, type AzureDevOpsResource } from './registrar';

/**
 * The registration as Graph reads it back, checked against the installation: the one redirect URI DeepSource sends
 * (exactly, trailing slash included), the three Azure DevOps scopes, consent where it was granted, its service
 * principal, and the stored secret's keyId among its passwords and not expired.
 */
export interface RegistrationFacts {
  application: Application;
  callback: string;
  azureDevOps: AzureDevOpsResource;
  servicePrincipal: boolean;
  /** The tenant-wide grant's scopes, when consent was granted (or asked for); undefined when not part of the run. */
  consentScopes?: readonly string[];
  /** The keyId of the secret in the keychain, when known. */
  secretKeyId?: string;
  /** Where DeepSource sends users, as the probe decided: the app's signInAudience must work there. */
  audience?: AudienceDecision;
  now: Date;
}

export function registrationChecks(facts: RegistrationFacts): CheckResult[] {
  const { application, callback, azureDevOps } = facts;
  const uris = application.web?.redirectUris ?? [];
  const requested = new Set(application.requiredResourceAccess.filter((r) => r.resourceAppId === AZURE_DEVOPS_APP_ID).flatMap((r) => r.resourceAccess.filter((a) => a.type === 'Scope').map((a) => a.id)));
  const absent = DEEPSOURCE_SCOPES.filter((value) => !requested.has(azureDevOps.scopeIds.get(value) ?? '-'));
  const checks: CheckResult[] = [
    uris.includes(callback)
      ? { id: 'graph-redirect-uri', ok: true, message: `The registration’s redirect URIs, read back from Microsoft Graph, include ${callback} exactly.` }
      : { id: 'graph-redirect-uri', ok: false, message: `The registration’s redirect URIs (${uris.join(', ') || 'none'}) do not include ${callback} exactly; sign-in would fail with AADSTS50011.`, fix: 'Finish the registration again (it adds the callback), or add it under Authentication → Web in the Azure portal.' },
    absent.length === 0
      ? { id: 'graph-scopes', ok: true, message: `It asks Azure DevOps for ${DEEPSOURCE_SCOPES.join(', ')} (delegated).` }
      : { id: 'graph-scopes', ok: false, message: `It does not ask Azure DevOps for ${absent.join(', ')}; DeepSource’s sign-in would fail with AADSTS650057.`, fix: 'Finish the registration again (it adds the permissions), or add them under API permissions → Azure DevOps in the Azure portal.' },
    facts.servicePrincipal
      ? { id: 'graph-service-principal', ok: true, message: 'It has its service principal (Enterprise application) in the tenant.' }
      : { id: 'graph-service-principal', ok: false, message: 'It has no service principal (Enterprise application) in the tenant; Entra issues it no token (AADSTS7000229).', fix: 'Finish the registration again: it creates the service principal.' },
  ];
  const audience = signInAudienceSchema.safeParse(application.signInAudience);
  if (facts.audience && audience.success) checks.push({ ...accountTypeCheck(audience.data, { audience: facts.audience, expectedCallback: undefined, required: false }, 'Microsoft Graph'), id: 'graph-account-type' });
  if (facts.consentScopes !== undefined) {
    const granted = new Set(facts.consentScopes);
    const missing = DEEPSOURCE_SCOPES.filter((value) => !granted.has(value));
    checks.push(
      missing.length === 0
        ? { id: 'graph-consent', ok: true, message: 'Tenant-wide consent is granted for the three Azure DevOps permissions: users are not asked.' }
        : { id: 'graph-consent', ok: false, message: `Tenant-wide consent lacks ${missing.join(', ')}: users may meet “Need admin approval”.`, fix: 'Grant admin consent under API permissions in the Azure portal, or finish the registration again with consent.' },
    );
  }
  if (facts.secretKeyId !== undefined) {
    const credential = application.passwordCredentials.find((c) => c.keyId === facts.secretKeyId);
    const ends = credential?.endDateTime ? Date.parse(credential.endDateTime) : NaN;
    checks.push(
      !credential
        ? { id: 'graph-secret', ok: false, message: `The stored client secret (key ${facts.secretKeyId}) is no longer among the registration’s secrets: it was removed in Azure.`, fix: 'Make a new client secret (Rotate client secret), then deliver it.' }
        : Number.isFinite(ends) && ends <= facts.now.getTime()
          ? { id: 'graph-secret', ok: false, message: `The stored client secret (key ${facts.secretKeyId}) expired on ${credential.endDateTime!.slice(0, 10)}.`, fix: 'Make a new client secret (Rotate client secret), then deliver it.' }
          : { id: 'graph-secret', ok: true, message: `The stored client secret (key ${facts.secretKeyId}, hint ${credential.hint ?? '?'}…) is on the registration${Number.isFinite(ends) ? ` until ${credential.endDateTime!.slice(0, 10)}` : ''}.` },
    );
  }
  return checks;
}

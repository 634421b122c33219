import type { AzureRegistration } from '../../shared/entra-graph';
import { AZURE_DEVOPS_APP_ID } from '../registration/providers/entra/signin';
import type { AudienceDecision, CheckResult } from '../registration/providers/types';
import { registrationChecks } from './checks';
import type { GraphClient } from './graph-client';
import { describeRegistration, type AzureDevOpsResource } from './registrar';

export interface ReadBackRequest {
  appId: string;
  /** Known from the run or the profile: read by id; otherwise found by appId. */
  objectId?: string;
  callback: string;
  secretKeyId?: string;
  /** Consent is checked when it was granted, or asked for in this run. */
  consentWanted?: boolean;
  /** A new app: the account type it was registered with because of where DeepSource sends users (checked against Graph's). */
  audience?: AudienceDecision;
  now: Date;
}

/**
 * The registration read back from Graph, as it is now, and checked (reads only: nothing is created or changed here,
 * not even a missing Azure DevOps service principal).
 */
export async function readBack(graph: GraphClient, request: ReadBackRequest): Promise<{ registration: AzureRegistration | null; checks: CheckResult[] }> {
  const application = request.objectId ? await graph.application(request.objectId) : await graph.applicationByAppId(request.appId);
  if (!application) {
    return { registration: null, checks: [{ id: 'graph-app', ok: false, message: `There is no app ${request.appId} in the tenant you signed in to.`, fix: 'Sign in to the tenant the app lives in, or create the app again.' }] };
  }
  const ado = await graph.servicePrincipalOf(AZURE_DEVOPS_APP_ID);
  if (!ado) {
    return { registration: null, checks: [{ id: 'graph-scopes', ok: false, message: 'Azure DevOps has no service principal in this tenant, so the app’s Azure DevOps permissions mean nothing here.', fix: 'Create the app in Azure again (it adds Azure DevOps to the tenant), or sign in to dev.azure.com once with an account of this tenant.' }] };
  }
  const azureDevOps: AzureDevOpsResource = { servicePrincipalId: ado.id, scopeIds: new Map(ado.oauth2PermissionScopes.map((s) => [s.value, s.id])) };
  const servicePrincipal = await graph.servicePrincipalOf(application.appId);
  const grants = servicePrincipal ? await graph.grantsOf(servicePrincipal.id) : [];
  const tenantWide = grants.find((g) => g.consentType === 'AllPrincipals' && g.resourceId === ado.id);
  const checks = registrationChecks({
    application,
    callback: request.callback,
    azureDevOps,
    servicePrincipal: servicePrincipal !== null,
    ...(tenantWide || request.consentWanted ? { consentScopes: (tenantWide?.scope ?? '').split(' ').filter(Boolean) } : {}),
    ...(request.secretKeyId ? { secretKeyId: request.secretKeyId } : {}),
    ...(request.audience ? { audience: request.audience } : {}),
    now: request.now,
  });
  return { registration: describeRegistration({ application, servicePrincipal: servicePrincipal !== null, grants, azureDevOps, wantConsent: request.consentWanted ?? false }), checks };
}

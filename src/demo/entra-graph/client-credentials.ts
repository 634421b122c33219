import { AZURE_DEVOPS_APP_ID, sha256, type Directory } from './directory';

/** An app made outside the double (the demo's portal replica): its tenant, id and the secret texts it handed out. */
export interface ExternalApp {
  tenantId: string;
  appId: string;
  secretValues: readonly string[];
  /** What its registration says, for users' sign-in to it (a web app): as the portal replica holds it now. */
  settings?: {
    displayName: string;
    signInAudience: string;
    redirectUris: readonly string[];
    /** Azure DevOps delegated scopes the registration lists (values). */
    azureDevOpsScopes: readonly string[];
    /** Admin consent granted for all of them. */
    adminConsented: boolean;
  };
}

type Outcome = { resource: string; tenantId: string } | { error: string; status: number; code: number; description: string };

/**
 * The client-credentials grant, as Entra's token endpoint answers it: the tenant (AADSTS90002), the app in it
 * (700016), its secret (7000215 wrong or not yet replicated, 7000222 expired), its service principal (7000229),
 * the resource (500011), and a token for `<resource>/.default`.
 */
export function handleClientCredentials(input: { directory: Directory; form: URLSearchParams; tenantSegment: string; externalApps: readonly ExternalApp[] }): Outcome {
  const { directory, form, tenantSegment } = input;
  const clientId = (form.get('client_id') ?? '').toLowerCase();
  const secret = form.get('client_secret') ?? '';
  const scope = form.get('scope') ?? '';
  const tenant = directory.tenant(tenantSegment);
  if (!tenant) {
    return { error: 'invalid_request', status: 400, code: 90002, description: `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.` };
  }
  if (!scope.endsWith('/.default') || scope.includes(' ')) {
    return { error: 'invalid_scope', status: 400, code: 1002012, description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).` };
  }
  const application = tenant.applications.find((a) => a.appId === clientId);
  const external = input.externalApps.find((a) => a.tenantId.toLowerCase() === tenant.id && a.appId.toLowerCase() === clientId);
  if (!application && !external) {
    return { error: 'unauthorized_client', status: 400, code: 700016, description: `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.` };
  }
  const state = application ? directory.checkSecret(application, secret) : external!.secretValues.some((value) => sha256(value) === sha256(secret)) ? 'valid' : 'wrong';
  if (state === 'wrong' || state === 'replicating') {
    return { error: 'invalid_client', status: 401, code: 7000215, description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.` };
  }
  if (state === 'expired') {
    return { error: 'invalid_client', status: 401, code: 7000222, description: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.` };
  }
  if (application && !tenant.servicePrincipals.some((sp) => sp.appId === clientId)) {
    return { error: 'invalid_client', status: 400, code: 7000229, description: `The client application ${clientId} is missing service principal in the tenant ${tenant.id}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119` };
  }
  const resource = scope.slice(0, -'/.default'.length);
  const resourceAppId = resource === AZURE_DEVOPS_APP_ID || resource === 'https://app.vssps.visualstudio.com' ? AZURE_DEVOPS_APP_ID : resource;
  if (!tenant.servicePrincipals.some((sp) => sp.appId === resourceAppId)) {
    return { error: 'invalid_resource', status: 400, code: 500011, description: `The resource principal named ${resource} was not found in the tenant named ${tenant.domain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.` };
  }
  return { resource, tenantId: tenant.id };
}

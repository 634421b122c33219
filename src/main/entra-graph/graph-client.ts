import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { HttpsClient } from './https-client';

/**
 * Microsoft Graph v1.0, the calls this app makes and nothing else (microsoft-graph-docs-contrib api-reference/v1.0):
 * service principals by appId, applications (create, find, read, update, delete, addPassword, removePassword) and
 * oAuth2PermissionGrants. Answers are parsed with zod; refusals become GraphError with Graph's own code.
 */

const permissionScopeSchema = z.object({ id: z.string(), value: z.string(), isEnabled: z.boolean().optional() });
export const servicePrincipalSchema = z.object({ id: z.string(), appId: z.string(), displayName: z.string().nullish(), oauth2PermissionScopes: z.array(permissionScopeSchema).default([]) });
export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

const passwordCredentialSchema = z.object({ keyId: z.string(), hint: z.string().nullish(), displayName: z.string().nullish(), endDateTime: z.string().nullish(), startDateTime: z.string().nullish() });
export const applicationSchema = z.object({
  id: z.string(),
  appId: z.string(),
  displayName: z.string().nullish(),
  signInAudience: z.string().nullish(),
  web: z.object({ redirectUris: z.array(z.string()).default([]) }).nullish(),
  requiredResourceAccess: z.array(z.object({ resourceAppId: z.string(), resourceAccess: z.array(z.object({ id: z.string(), type: z.string() })) })).default([]),
  passwordCredentials: z.array(passwordCredentialSchema).default([]),
});
export type Application = z.infer<typeof applicationSchema>;

/** addPassword's answer: the only time Graph ever returns the secret's text. */
const newPasswordSchema = passwordCredentialSchema.extend({ secretText: z.string().min(1), endDateTime: z.string() });
export type NewPassword = z.infer<typeof newPasswordSchema>;

export const grantSchema = z.object({ id: z.string(), clientId: z.string(), consentType: z.string(), resourceId: z.string(), scope: z.string().nullish() });
export type PermissionGrant = z.infer<typeof grantSchema>;

const graphErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string().default(''), innerError: z.object({ 'request-id': z.string().optional() }).passthrough().optional() }) });

/** Graph said no: its HTTP status, its code (Authorization_RequestDenied, Request_BadRequest, …) and message. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly graphMessage: string,
    readonly requestId: string | undefined,
    readonly call: string,
  ) {
    super(`${call}: ${status} ${code}: ${graphMessage}`);
    this.name = 'GraphError';
  }
}

export interface GraphClientOptions {
  http: HttpsClient;
  /** https://graph.microsoft.com, or the endpoint requests go to instead. */
  graphUrl: string;
  /** A delegated Graph token (asked for each call, so a refreshed one is used). */
  token: () => Promise<string>;
}

/** OData string literal inside $filter: quotes doubled. */
const odata = (value: string) => `'${value.replace(/'/g, "''")}'`;

export class GraphClient {
  readonly #options: GraphClientOptions;
  /** Every call made, `METHOD /path → status`, in order (ids in paths; never a body). */
  readonly calls: string[] = [];

  constructor(options: GraphClientOptions) {
    this.#options = options;
  }

  async #call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    const shown = `${method} ${path.split('?')[0]}`;
    const answer = await this.#options.http.send({
      method,
      url: `${this.#options.graphUrl}/v1.0${path}`,
      headers: { authorization: `Bearer ${await this.#options.token()}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    this.calls.push(`${shown} → ${answer.status}`);
    if (answer.status >= 400) {
      let parsed: z.infer<typeof graphErrorBody> | undefined;
      try {
        parsed = graphErrorBody.parse(JSON.parse(answer.text));
      } catch {
        parsed = undefined;
      }
      throw new GraphError(answer.status, parsed?.error.code ?? `HTTP ${answer.status}`, parsed?.error.message ?? 'no error body', answer.headers['request-id'] ?? parsed?.error.innerError?.['request-id'], shown);
    }
    if (schema === null) return undefined as T;
    try {
      return schema.parse(JSON.parse(answer.text));
    } catch {
      throw new AppError('ENTRA_UNREACHABLE', `Microsoft Graph answered ${shown} with something this app does not understand.`, 'Check the Graph address (a proxy may have answered instead), then try again.');
    }
  }

  /** A tenant's service principal of an app (Azure DevOps, or the new app's own), or null when it has none (404). */
  async servicePrincipalOf(appId: string): Promise<ServicePrincipal | null> {
    try {
      return await this.#call('GET', `/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id,appId,displayName,oauth2PermissionScopes`, servicePrincipalSchema);
    } catch (error) {
      if (error instanceof GraphError && error.status === 404) return null;
      throw error;
    }
  }

  createServicePrincipal(appId: string): Promise<ServicePrincipal> {
    return this.#call('POST', '/servicePrincipals', servicePrincipalSchema, { appId });
  }

  deleteServicePrincipal(id: string): Promise<void> {
    return this.#call('DELETE', `/servicePrincipals/${encodeURIComponent(id)}`, null);
  }

  async applicationsNamed(displayName: string): Promise<Application[]> {
    const filter = encodeURIComponent(`displayName eq ${odata(displayName)}`);
    return (await this.#call('GET', `/applications?$filter=${filter}`, z.object({ value: z.array(applicationSchema) }))).value;
  }

  async application(objectId: string): Promise<Application | null> {
    try {
      return await this.#call('GET', `/applications/${encodeURIComponent(objectId)}`, applicationSchema);
    } catch (error) {
      if (error instanceof GraphError && error.status === 404) return null;
      throw error;
    }
  }

  async applicationByAppId(appId: string): Promise<Application | null> {
    const filter = encodeURIComponent(`appId eq ${odata(appId)}`);
    return (await this.#call('GET', `/applications?$filter=${filter}`, z.object({ value: z.array(applicationSchema) }))).value[0] ?? null;
  }

  createApplication(body: Record<string, unknown>): Promise<Application> {
    return this.#call('POST', '/applications', applicationSchema, body);
  }

  updateApplication(objectId: string, patch: Record<string, unknown>): Promise<void> {
    return this.#call('PATCH', `/applications/${encodeURIComponent(objectId)}`, null, patch);
  }

  deleteApplication(objectId: string): Promise<void> {
    return this.#call('DELETE', `/applications/${encodeURIComponent(objectId)}`, null);
  }

  addPassword(objectId: string, credential: { displayName: string; endDateTime: string }): Promise<NewPassword> {
    return this.#call('POST', `/applications/${encodeURIComponent(objectId)}/addPassword`, newPasswordSchema, { passwordCredential: credential });
  }

  removePassword(objectId: string, keyId: string): Promise<void> {
    return this.#call('POST', `/applications/${encodeURIComponent(objectId)}/removePassword`, null, { keyId });
  }

  async grantsOf(clientServicePrincipalId: string): Promise<PermissionGrant[]> {
    const filter = encodeURIComponent(`clientId eq ${odata(clientServicePrincipalId)}`);
    return (await this.#call('GET', `/oauth2PermissionGrants?$filter=${filter}`, z.object({ value: z.array(grantSchema) }))).value;
  }

  createTenantWideGrant(grant: { clientId: string; resourceId: string; scope: string }): Promise<PermissionGrant> {
    return this.#call('POST', '/oauth2PermissionGrants', grantSchema, { ...grant, consentType: 'AllPrincipals' });
  }
}

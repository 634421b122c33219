import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AZURE_DEVOPS_APP_ID, type Application, type Directory, type ServicePrincipal, type Tenant, type User } from './directory';
import { readBody, sendEmpty, sendGraphError, sendJson } from './http';
import { validateApplicationBody, type GraphRefusal } from './graph-validation';
import type { TokenMint } from './tokens';

/**
 * Microsoft Graph v1.0 as the double serves it: applications (create, list by filter, get, update, delete,
 * addPassword, removePassword), service principals (get by appId, create, delete) and oAuth2PermissionGrants
 * (create, list). Delegated tokens from the double's sign-in only; Graph's own error body on every refusal.
 */

const INSUFFICIENT = 'Insufficient privileges to complete the operation.';

export interface GraphCall {
  method: string;
  path: string;
  status: number;
}

/** A failure the next matching call answers with, once (a test's way to break a run half-way). */
export interface InjectedFailure {
  method: string;
  path: RegExp;
  status: number;
  code: string;
  message: string;
}

export interface GraphServer {
  handle: (request: IncomingMessage, response: ServerResponse, origin: string) => Promise<void>;
  calls: GraphCall[];
  failNext: (failure: InjectedFailure) => void;
}

interface Caller {
  tenant: Tenant;
  user: User;
  scopes: Set<string>;
}

function select<T extends object>(object: T, url: URL): Partial<T> {
  const fields = url.searchParams.get('$select');
  if (!fields) return object;
  return Object.fromEntries(fields.split(',').map((f) => f.trim()).filter((f) => f in object).map((f) => [f, (object as Record<string, unknown>)[f]])) as Partial<T>;
}

/** An application as Graph answers it: password credentials without their text (secretText is null after addPassword). */
function applicationView(app: Application): Record<string, unknown> {
  return {
    ...app,
    passwordCredentials: app.passwordCredentials.map(({ keyId, displayName, hint, startDateTime, endDateTime }) => ({ customKeyIdentifier: null, displayName, endDateTime, hint, keyId, secretText: null, startDateTime })),
  };
}

/** `$filter=displayName eq 'X'` or `appId eq 'X'` (OData string, '' for a quote). */
function filterOf(url: URL): { field: string; value: string } | null | 'unsupported' {
  const raw = url.searchParams.get('$filter');
  if (raw === null) return null;
  const match = /^\s*(displayName|appId|clientId)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(raw);
  return match ? { field: match[1]!, value: match[2]!.replace(/''/g, "'") } : 'unsupported';
}

export function createGraphServer(options: { directory: Directory; mint: TokenMint; graphAudience: string }): GraphServer {
  const { directory, mint, graphAudience } = options;
  const calls: GraphCall[] = [];
  const failures: InjectedFailure[] = [];

  function authenticate(request: IncomingMessage, response: ServerResponse): Caller | null {
    const header = request.headers.authorization ?? '';
    const claims = header.startsWith('Bearer ') ? mint.verify(header.slice(7)) : null;
    const refuse = (message: string) => {
      sendGraphError(response, request, 401, 'InvalidAuthenticationToken', message);
      return null;
    };
    if (!claims) return refuse(header ? 'Access token validation failure. Invalid audience.' : 'Access token is empty.');
    if (claims['aud'] !== graphAudience) return refuse('Access token validation failure. Invalid audience.');
    if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 <= directory.now()) return refuse('Lifetime validation failed, the token is expired.');
    const tenant = directory.tenant(String(claims['tid']));
    const user = tenant?.users.find((u) => u.id === claims['oid']);
    if (!tenant || !user) return refuse('Access token validation failure.');
    return { tenant, user, scopes: new Set(String(claims['scp'] ?? '').split(' ').filter(Boolean)) };
  }

  const mayWriteApplications = (caller: Caller) => caller.scopes.has('Application.ReadWrite.All');

  async function route(request: IncomingMessage, response: ServerResponse, url: URL, caller: Caller): Promise<number> {
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const { tenant } = caller;
    const deny = (status: number, code: string, message: string) => {
      sendGraphError(response, request, status, code, message);
      return status;
    };
    const json = (status: number, body: unknown) => {
      sendJson(response, status, body);
      return status;
    };
    const refusal = (r: GraphRefusal) => deny(r.status, r.code, r.message);
    const body = async (): Promise<Record<string, unknown> | null> => {
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return null;
      try {
        const parsed = JSON.parse(await readBody(request)) as unknown;
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    };
    const notFound = (id: string) => deny(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    const badBody = () => deny(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');

    const spByAppId = /^\/servicePrincipals\(appId='([^']+)'\)$/.exec(path);
    if (spByAppId && method === 'GET') {
      const sp = tenant.servicePrincipals.find((s) => s.appId === decodeURIComponent(spByAppId[1]!).toLowerCase());
      return sp ? json(200, select(sp, url)) : notFound(decodeURIComponent(spByAppId[1]!));
    }
    if (path === '/servicePrincipals' && method === 'POST') {
      if (!mayWriteApplications(caller)) return deny(403, 'Authorization_RequestDenied', INSUFFICIENT);
      const input = await body();
      const appId = typeof input?.['appId'] === 'string' ? input['appId'].toLowerCase() : '';
      if (!input) return badBody();
      if (tenant.servicePrincipals.some((s) => s.appId === appId)) return deny(409, 'Request_MultipleObjectsWithSameKeyValue', 'The service principal cannot be created, updated, or restored because the service principal name is already in use.');
      if (directory.isMicrosoftApp(appId)) {
        if (appId === AZURE_DEVOPS_APP_ID && tenant.azureDevOps === 'uncreatable') return deny(400, 'Request_BadRequest', `The appId '${appId}' of the service principal does not reference a valid application object.`);
        return json(201, directory.ensureMicrosoftServicePrincipal(tenant, appId));
      }
      const app = tenant.applications.find((a) => a.appId === appId);
      if (!app) return deny(400, 'Request_BadRequest', `The appId '${appId}' of the service principal does not reference a valid application object.`);
      const sp: ServicePrincipal = { id: randomUUID(), appId, displayName: app.displayName, appOwnerOrganizationId: tenant.id, servicePrincipalType: 'Application', accountEnabled: true, oauth2PermissionScopes: [] };
      tenant.servicePrincipals.push(sp);
      return json(201, sp);
    }
    const spById = /^\/servicePrincipals\/([0-9a-f-]{36})$/.exec(path);
    if (spById && method === 'DELETE') {
      if (!mayWriteApplications(caller)) return deny(403, 'Authorization_RequestDenied', INSUFFICIENT);
      const index = tenant.servicePrincipals.findIndex((s) => s.id === spById[1]);
      if (index < 0) return notFound(spById[1]!);
      tenant.servicePrincipals.splice(index, 1);
      tenant.grants = tenant.grants.filter((g) => g.clientId !== spById[1]);
      sendEmpty(response, 204);
      return 204;
    }
    if (path === '/applications' && method === 'GET') {
      const filter = filterOf(url);
      if (filter === 'unsupported') return deny(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property of resource Application.');
      const list = tenant.applications.filter((a) => !filter || (filter.field === 'displayName' ? a.displayName === filter.value : a.appId === filter.value.toLowerCase()));
      return json(200, { value: list.map((a) => select(applicationView(a), url)) });
    }
    if (path === '/applications' && method === 'POST') {
      if (!mayWriteApplications(caller) || (!tenant.usersCanRegisterApps && !directory.isAdmin(caller.user))) return deny(403, 'Authorization_RequestDenied', INSUFFICIENT);
      const input = await body();
      if (!input) return badBody();
      const invalid = validateApplicationBody(input, (resourceAppId) => directory.scopesOf(resourceAppId));
      if (invalid) return refusal(invalid);
      const web = (input['web'] ?? {}) as { redirectUris?: string[]; homePageUrl?: string };
      const app: Application = {
        id: randomUUID(),
        appId: randomUUID(),
        displayName: input['displayName'] as string,
        signInAudience: (input['signInAudience'] as string | undefined) ?? 'AzureADandPersonalMicrosoftAccount',
        createdDateTime: new Date(directory.now()).toISOString(),
        publisherDomain: tenant.domain,
        web: { redirectUris: [...(web.redirectUris ?? [])], homePageUrl: web.homePageUrl ?? null, logoutUrl: null, implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false } },
        publicClient: { redirectUris: [] },
        isFallbackPublicClient: null,
        requiredResourceAccess: structuredClone((input['requiredResourceAccess'] ?? []) as Application['requiredResourceAccess']),
        passwordCredentials: [],
      };
      tenant.applications.push(app);
      response.setHeader('location', `${url.origin}/v1.0/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`);
      return json(201, { '@odata.context': `${url.origin}/v1.0/$metadata#applications/$entity`, ...applicationView(app) });
    }
    const appPath = /^\/applications\/([0-9a-f-]{36})(\/addPassword|\/removePassword)?$/.exec(path);
    if (appPath) {
      const app = tenant.applications.find((a) => a.id === appPath[1]);
      if (method !== 'GET' && !mayWriteApplications(caller)) return deny(403, 'Authorization_RequestDenied', INSUFFICIENT);
      if (!app) return notFound(appPath[1]!);
      const action = appPath[2];
      if (!action && method === 'GET') return json(200, select(applicationView(app), url));
      if (!action && method === 'DELETE') {
        tenant.applications.splice(tenant.applications.indexOf(app), 1);
        sendEmpty(response, 204);
        return 204;
      }
      if (!action && method === 'PATCH') {
        const input = await body();
        if (!input) return badBody();
        const invalid = validateApplicationBody({ displayName: app.displayName, ...input }, (resourceAppId) => directory.scopesOf(resourceAppId));
        if (invalid) return refusal(invalid);
        if (input['requiredResourceAccess']) app.requiredResourceAccess = structuredClone(input['requiredResourceAccess'] as Application['requiredResourceAccess']);
        if (input['web']) app.web = { ...app.web, ...(input['web'] as Partial<Application['web']>) };
        if (typeof input['displayName'] === 'string') app.displayName = input['displayName'];
        sendEmpty(response, 204);
        return 204;
      }
      if (action === '/addPassword' && method === 'POST') {
        if (tenant.refuseAddPassword) return deny(tenant.refuseAddPassword.status, tenant.refuseAddPassword.code, tenant.refuseAddPassword.message);
        const input = (await body()) ?? {};
        const credential = (input['passwordCredential'] ?? {}) as { displayName?: string; endDateTime?: string };
        const start = directory.now();
        const end = credential.endDateTime ? Date.parse(credential.endDateTime) : start + 2 * 365 * 86_400_000;
        if (!Number.isFinite(end) || end <= start) return deny(400, 'Request_BadRequest', "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
        if (end - start > tenant.maxPasswordLifetimeDays * 86_400_000 + 60_000) return deny(400, 'CredentialInvalidLifetimeAsPerAppPolicy', 'Credential lifetime exceeds the max value allowed as per assigned policy.');
        const { secretText, credential: stored } = directory.addPassword(app, credential.displayName ?? null, new Date(end).toISOString());
        return json(200, { customKeyIdentifier: null, displayName: stored.displayName, endDateTime: stored.endDateTime, hint: stored.hint, keyId: stored.keyId, secretText, startDateTime: stored.startDateTime });
      }
      if (action === '/removePassword' && method === 'POST') {
        const input = await body();
        const keyId = typeof input?.['keyId'] === 'string' ? input['keyId'] : '';
        const index = app.passwordCredentials.findIndex((c) => c.keyId === keyId);
        if (index < 0) return deny(400, 'Request_BadRequest', `No password credential found with keyId '${keyId}'.`);
        app.passwordCredentials.splice(index, 1);
        sendEmpty(response, 204);
        return 204;
      }
    }
    if (path === '/oauth2PermissionGrants' && method === 'GET') {
      const filter = filterOf(url);
      if (filter === 'unsupported' || (filter && filter.field !== 'clientId')) return deny(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property of resource OAuth2PermissionGrant.');
      return json(200, { value: tenant.grants.filter((g) => !filter || g.clientId === filter.value) });
    }
    if (path === '/oauth2PermissionGrants' && method === 'POST') {
      if (!caller.scopes.has('DelegatedPermissionGrant.ReadWrite.All') || !directory.isAdmin(caller.user)) return deny(403, 'Authorization_RequestDenied', INSUFFICIENT);
      const input = await body();
      if (!input) return badBody();
      const client = tenant.servicePrincipals.find((s) => s.id === input['clientId']);
      const resource = tenant.servicePrincipals.find((s) => s.id === input['resourceId']);
      if (!client || !resource) return notFound(String(client ? input['resourceId'] : input['clientId']));
      const scopeValues = String(input['scope'] ?? '').split(' ').filter(Boolean);
      const unknown = scopeValues.find((value) => !resource.oauth2PermissionScopes.some((s) => s.value === value));
      if (unknown || input['consentType'] !== 'AllPrincipals' || scopeValues.length === 0) return deny(400, 'Request_BadRequest', `Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.`);
      if (tenant.grants.some((g) => g.clientId === client.id && g.resourceId === resource.id && g.consentType === 'AllPrincipals')) return deny(409, 'Request_MultipleObjectsWithSameKeyValue', 'Permission entry already exists.');
      const grant = { id: randomUUID(), clientId: client.id, consentType: 'AllPrincipals' as const, principalId: null, resourceId: resource.id, scope: scopeValues.join(' ') };
      tenant.grants.push(grant);
      return json(201, grant);
    }
    return deny(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
  }

  return {
    calls,
    failNext: (failure) => failures.push(failure),
    handle: async (request, response, origin) => {
      const url = new URL(request.url ?? '/', origin);
      const method = request.method ?? 'GET';
      const path = url.pathname.replace(/^\/v1\.0/, '');
      const caller = authenticate(request, response);
      if (!caller) {
        calls.push({ method, path, status: 401 });
        return;
      }
      const failure = failures.findIndex((f) => f.method === method && f.path.test(path));
      if (failure >= 0) {
        const [injected] = failures.splice(failure, 1);
        sendGraphError(response, request, injected!.status, injected!.code, injected!.message);
        calls.push({ method, path, status: injected!.status });
        return;
      }
      const status = await route(request, response, url, caller);
      calls.push({ method, path, status });
    },
  };
}

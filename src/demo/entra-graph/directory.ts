import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * The Entra directory behind the Graph + sign-in double: tenants, their users, app registrations, service
 * principals and delegated grants, as Microsoft Graph v1.0 documents them (application, servicePrincipal,
 * passwordCredential, oAuth2PermissionGrant). Used by the sign-in server and the Graph server alike.
 */

/** Microsoft's own multi-tenant apps the double knows, by the appId every tenant sees. */
export const GRAPH_CLI_TOOLS_APP_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
export const AZURE_DEVOPS_APP_ID = '499b84ac-1321-427f-aa17-267ca6975798';
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export type DirectoryRole = 'Global Administrator' | 'Application Administrator' | 'Cloud Application Administrator';

export interface PermissionScope {
  id: string;
  value: string;
  type: 'User' | 'Admin';
  isEnabled: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appOwnerOrganizationId: string;
  servicePrincipalType: 'Application';
  accountEnabled: boolean;
  oauth2PermissionScopes: PermissionScope[];
}

export interface StoredPassword {
  keyId: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  /** SHA-256 of the secret text: the directory never keeps the text (Graph returns it once, from addPassword). */
  secretSha256: string;
  /** The double's clock when it was added: a new secret is refused until it has replicated. */
  addedAtMs: number;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  createdDateTime: string;
  publisherDomain: string;
  web: { redirectUris: string[]; homePageUrl: string | null; logoutUrl: string | null; implicitGrantSettings: { enableIdTokenIssuance: boolean; enableAccessTokenIssuance: boolean } };
  publicClient: { redirectUris: string[] };
  isFallbackPublicClient: boolean | null;
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: 'Scope' | 'Role' }[] }[];
  passwordCredentials: StoredPassword[];
}

export interface PermissionGrant {
  id: string;
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  principalId: string | null;
  resourceId: string;
  scope: string;
}

export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  password: string;
  roles: DirectoryRole[];
}

/** How a tenant is set up; every field has the default of a tenant an admin meets most often. */
export interface TenantOptions {
  id?: string;
  domain?: string;
  users?: { userPrincipalName: string; password: string; displayName?: string; roles?: DirectoryRole[] }[];
  /** Entra's "Users can register applications" (default yes); without it only the admin roles create apps. */
  usersCanRegisterApps?: boolean;
  /** Entra's user consent setting (default: users may consent to apps); without it only admins consent. */
  usersCanConsent?: boolean;
  /** Azure DevOps in this tenant: its service principal, none (created on request), or none that Graph may create. */
  azureDevOps?: 'present' | 'absent' | 'uncreatable';
  /** A Conditional Access policy that refuses tokens for Microsoft Graph (AADSTS53003). */
  blockGraphByConditionalAccess?: boolean;
  /** Consent already given tenant-wide to a client, by its appId: the Graph scopes (values) it holds. */
  consented?: Record<string, string[]>;
  /** The tenant's app management policy: the longest password lifetime addPassword accepts. */
  maxPasswordLifetimeDays?: number;
  /** addPassword refused outright: the Graph error answered. */
  refuseAddPassword?: { status: number; code: string; message: string };
  /** An app management policy that forbids client secrets (passwordCredentials) on apps. */
  clientSecretsForbidden?: boolean;
}

export interface Tenant {
  id: string;
  domain: string;
  users: User[];
  usersCanRegisterApps: boolean;
  usersCanConsent: boolean;
  azureDevOps: 'present' | 'absent' | 'uncreatable';
  blockGraphByConditionalAccess: boolean;
  maxPasswordLifetimeDays: number;
  refuseAddPassword?: TenantOptions['refuseAddPassword'];
  clientSecretsForbidden: boolean;
  applications: Application[];
  servicePrincipals: ServicePrincipal[];
  grants: PermissionGrant[];
}

function scope(value: string, type: 'User' | 'Admin', what: string): PermissionScope {
  return { id: randomUUID(), value, type, isEnabled: true, adminConsentDisplayName: what, adminConsentDescription: what, userConsentDisplayName: type === 'User' ? what : null, userConsentDescription: type === 'User' ? what : null };
}

/**
 * The scopes of Microsoft's apps. Their ids are made per double: a client that found them anywhere but in the
 * tenant's own service principal would fail here.
 */
function microsoftApps(): Record<string, { displayName: string; scopes: PermissionScope[] }> {
  return {
    [AZURE_DEVOPS_APP_ID]: {
      displayName: 'Azure DevOps',
      scopes: [
        scope('user_impersonation', 'User', 'Have full access to Visual Studio Team Services REST APIs'),
        scope('vso.code_write', 'User', 'Code (read and write)'),
        scope('vso.code_status', 'User', 'Code (status)'),
        scope('vso.project', 'User', 'Project and team (read)'),
      ],
    },
    [MICROSOFT_GRAPH_APP_ID]: {
      displayName: 'Microsoft Graph',
      scopes: [
        scope('User.Read', 'User', 'Sign in and read user profile'),
        scope('Application.ReadWrite.All', 'Admin', 'Read and write all applications'),
        scope('DelegatedPermissionGrant.ReadWrite.All', 'Admin', 'Manage all delegated permission grants'),
      ],
    },
    [GRAPH_CLI_TOOLS_APP_ID]: { displayName: 'Microsoft Graph Command Line Tools', scopes: [] },
  };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Secret text as Entra makes it: 40 characters, the third to fifth `8Q~`-like, from a URL-safe alphabet. */
function secretText(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~';
  const body = Array.from(randomBytes(37), (byte) => alphabet[byte % 64]).join('');
  return `${body.slice(0, 3)}8Q~${body.slice(3)}`;
}

export class Directory {
  readonly tenants: Tenant[] = [];
  readonly #microsoft = microsoftApps();
  /** The double's clock (injected by tests: replication waits on it, not on real time). */
  readonly now: () => number;
  /** How long a new password is refused after addPassword (Entra replicates new secrets with a delay). */
  replicationMs: number;
  /**
   * How many Graph requests naming a new app, service principal or grant miss it (Entra replicates new objects with
   * a delay, and the next request may reach a replica that has not got it yet); default 0.
   */
  newObjectLag: number;
  /** Objects some requests still miss: id → how many more. */
  readonly #unreplicated = new Map<string, number>();

  constructor(options: { now?: () => number; replicationMs?: number; newObjectLag?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.replicationMs = options.replicationMs ?? 0;
    this.newObjectLag = options.newObjectLag ?? 0;
  }

  /** A new object: the next `newObjectLag` requests naming it miss it. */
  created(id: string): void {
    this.lag(id, this.newObjectLag);
  }

  /** The next `requests` requests naming this object miss it (a lagging replica; also a test's way to make one). */
  lag(id: string, requests: number): void {
    if (requests > 0) this.#unreplicated.set(id, requests);
    else this.#unreplicated.delete(id);
  }

  /** Does this request see the object? A request that misses it counts down its lag. */
  sees(id: string): boolean {
    const left = this.#unreplicated.get(id) ?? 0;
    if (left <= 0) return true;
    this.lag(id, left - 1);
    return false;
  }

  addTenant(options: TenantOptions = {}): Tenant {
    const id = options.id ?? randomUUID();
    const domain = options.domain ?? 'contoso.onmicrosoft.com';
    const tenant: Tenant = {
      id,
      domain,
      users: (options.users ?? [{ userPrincipalName: `admin@${domain}`, password: 'Admin-pass-1', roles: ['Application Administrator'] }]).map((user) => ({
        id: randomUUID(),
        userPrincipalName: user.userPrincipalName,
        displayName: user.displayName ?? user.userPrincipalName.split('@')[0]!,
        password: user.password,
        roles: user.roles ?? [],
      })),
      usersCanRegisterApps: options.usersCanRegisterApps ?? true,
      usersCanConsent: options.usersCanConsent ?? true,
      azureDevOps: options.azureDevOps ?? 'present',
      blockGraphByConditionalAccess: options.blockGraphByConditionalAccess ?? false,
      maxPasswordLifetimeDays: options.maxPasswordLifetimeDays ?? 730,
      ...(options.refuseAddPassword ? { refuseAddPassword: options.refuseAddPassword } : {}),
      clientSecretsForbidden: options.clientSecretsForbidden ?? false,
      applications: [],
      servicePrincipals: [],
      grants: [],
    };
    this.tenants.push(tenant);
    this.ensureMicrosoftServicePrincipal(tenant, MICROSOFT_GRAPH_APP_ID);
    if (tenant.azureDevOps === 'present') this.ensureMicrosoftServicePrincipal(tenant, AZURE_DEVOPS_APP_ID);
    for (const [clientId, values] of Object.entries(options.consented ?? {})) this.consent(tenant, clientId, null, values);
    return tenant;
  }

  tenant(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.tenants.find((tenant) => tenant.id === key || tenant.domain === key);
  }

  /** A Microsoft app's service principal in a tenant, created (as sign-in or Graph would) when missing. */
  ensureMicrosoftServicePrincipal(tenant: Tenant, appId: string): ServicePrincipal {
    const existing = tenant.servicePrincipals.find((sp) => sp.appId === appId);
    if (existing) return existing;
    const app = this.#microsoft[appId];
    if (!app) throw new Error(`not a Microsoft app of this double: ${appId}`);
    const sp: ServicePrincipal = {
      id: randomUUID(),
      appId,
      displayName: app.displayName,
      appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
      servicePrincipalType: 'Application',
      accountEnabled: true,
      oauth2PermissionScopes: app.scopes.map((s) => ({ ...s })),
    };
    tenant.servicePrincipals.push(sp);
    return sp;
  }

  isMicrosoftApp(appId: string): boolean {
    return appId in this.#microsoft;
  }

  microsoftAppName(appId: string): string | undefined {
    return this.#microsoft[appId]?.displayName;
  }

  /** The scopes a resource app exposes (a Microsoft app's, or a tenant app's own: none here). */
  scopesOf(appId: string): PermissionScope[] {
    return this.#microsoft[appId]?.scopes ?? [];
  }

  /** Records consent for `clientId` to Microsoft Graph scopes: tenant-wide (principalId null) or for one user. */
  consent(tenant: Tenant, clientId: string, principalId: string | null, values: string[]): void {
    const client = this.isMicrosoftApp(clientId) ? this.ensureMicrosoftServicePrincipal(tenant, clientId) : tenant.servicePrincipals.find((sp) => sp.appId === clientId);
    if (!client) return;
    const resource = this.ensureMicrosoftServicePrincipal(tenant, MICROSOFT_GRAPH_APP_ID);
    const consentType = principalId === null ? 'AllPrincipals' : 'Principal';
    const grant = tenant.grants.find((g) => g.clientId === client.id && g.resourceId === resource.id && g.consentType === consentType && g.principalId === principalId);
    if (grant) grant.scope = [...new Set([...grant.scope.split(' ').filter(Boolean), ...values])].join(' ');
    else tenant.grants.push({ id: randomBytes(24).toString('base64url'), clientId: client.id, consentType, principalId, resourceId: resource.id, scope: values.join(' ') });
  }

  /** The Graph scopes (values) a user may use through `clientId` without being asked. */
  consentedGraphScopes(tenant: Tenant, clientId: string, userId: string): Set<string> {
    const client = tenant.servicePrincipals.find((sp) => sp.appId === clientId);
    const resource = tenant.servicePrincipals.find((sp) => sp.appId === MICROSOFT_GRAPH_APP_ID);
    const granted = new Set<string>();
    if (!client || !resource) return granted;
    for (const grant of tenant.grants) {
      if (grant.clientId !== client.id || grant.resourceId !== resource.id) continue;
      if (grant.consentType === 'AllPrincipals' || grant.principalId === userId) for (const value of grant.scope.split(' ')) if (value) granted.add(value);
    }
    return granted;
  }

  isAdmin(user: User): boolean {
    return user.roles.length > 0;
  }

  /** addPassword: the text is answered once and never kept. */
  addPassword(application: Application, displayName: string | null, endDateTime: string): { secretText: string; credential: StoredPassword } {
    const text = secretText();
    const credential: StoredPassword = {
      keyId: randomUUID(),
      displayName,
      hint: text.slice(0, 3),
      startDateTime: new Date(this.now()).toISOString(),
      endDateTime,
      secretSha256: sha256(text),
      addedAtMs: this.now(),
    };
    application.passwordCredentials.push(credential);
    return { secretText: text, credential };
  }

  /** Where a client secret stands for a token request, as Entra's token endpoint decides it. */
  checkSecret(application: Application, secret: string): 'valid' | 'expired' | 'replicating' | 'wrong' {
    const hash = sha256(secret);
    const credential = application.passwordCredentials.find((c) => c.secretSha256 === hash);
    if (!credential) return 'wrong';
    if (Date.parse(credential.endDateTime) <= this.now()) return 'expired';
    if (this.now() - credential.addedAtMs < this.replicationMs) return 'replicating';
    return 'valid';
  }
}

import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AZURE_DEVOPS_APP_ID, sha256, type Directory, type Tenant, type User } from './directory';
import type { ExternalApp } from './client-credentials';
import { sendHtml, sendJson, sendTokenError } from './http';
import { accountPage, consentPage, errorPage, needAdminApprovalPage, passwordPage, staySignedInPage } from './sign-in-pages';
import type { TokenMint } from './tokens';
import { unsignedJwt } from './tokens';

/**
 * The double's sign-in for a web app (a confidential client such as DeepSource): the authorize request checked as
 * Entra checks it (the app in the directory, AADSTS700016; its redirect URI exactly, 50011), the user's sign-in, then
 * the app's audience against the tenant path (a single-tenant app through /organizations or /common, 50194), its
 * Azure DevOps permissions (none listed: 650057) and consent (asked; declined 65004; a user who may not consent and no
 * admin consent: 65001), and a code sent back to the redirect URI; the token endpoint redeems it once, with the app's
 * client secret (7000215 wrong, 7000222 expired) and the same redirect URI.
 */

/** A web app as the authorize and token endpoints need it, wherever it was registered (Graph, the portal replica). */
interface WebApp {
  appId: string;
  displayName: string;
  tenant: Tenant;
  signInAudience: string;
  redirectUris: readonly string[];
  /** Azure DevOps delegated scopes the registration lists (values). */
  azureDevOpsScopes: readonly string[];
  /** Tenant-wide consent covers them. */
  adminConsented: boolean;
  checkSecret: (secret: string) => 'valid' | 'wrong' | 'expired' | 'replicating';
}

interface WebTransaction {
  app: WebApp;
  tenantSegment: string;
  redirectUri: string;
  state: string | null;
  nonce: string | null;
  scopes: string[];
  user?: User;
}

interface WebCode {
  app: WebApp;
  user: User;
  redirectUri: string;
  scopes: string[];
  nonce: string | null;
  issuedAtMs: number;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const SHARED = new Set(['organizations', 'common']);
const AZURE_DEVOPS_URI = 'https://app.vssps.visualstudio.com';

export interface WebSignInOptions {
  directory: Directory;
  mint: TokenMint;
  externalApps: () => readonly ExternalApp[];
}

export function createWebSignIn(options: WebSignInOptions) {
  const { directory, mint } = options;
  const transactions = new Map<string, WebTransaction>();
  const codes = new Map<string, WebCode>();
  /** Per-user consent given on the consent page: tenant|app|user. */
  const consented = new Set<string>();

  function graphApp(clientId: string): WebApp | null {
    for (const tenant of directory.tenants) {
      const application = tenant.applications.find((a) => a.appId === clientId);
      if (!application || application.web.redirectUris.length === 0) continue;
      const devops = tenant.servicePrincipals.find((sp) => sp.appId === AZURE_DEVOPS_APP_ID);
      const ids = new Set(application.requiredResourceAccess.filter((r) => r.resourceAppId === AZURE_DEVOPS_APP_ID).flatMap((r) => r.resourceAccess.map((a) => a.id)));
      const scopes = devops ? devops.oauth2PermissionScopes.filter((s) => ids.has(s.id)).map((s) => s.value) : [];
      const client = tenant.servicePrincipals.find((sp) => sp.appId === clientId);
      const granted = new Set(tenant.grants.filter((g) => g.consentType === 'AllPrincipals' && g.clientId === client?.id && g.resourceId === devops?.id).flatMap((g) => g.scope.split(' ')));
      return {
        appId: clientId,
        displayName: application.displayName,
        tenant,
        signInAudience: application.signInAudience,
        redirectUris: application.web.redirectUris,
        azureDevOpsScopes: scopes,
        adminConsented: scopes.length > 0 && scopes.every((s) => granted.has(s)),
        checkSecret: (secret) => directory.checkSecret(application, secret),
      };
    }
    return null;
  }

  function portalApp(clientId: string): WebApp | null {
    const external = options.externalApps().find((a) => a.appId.toLowerCase() === clientId && a.settings);
    const tenant = external ? directory.tenant(external.tenantId) : undefined;
    if (!external?.settings || !tenant) return null;
    const { settings } = external;
    return {
      appId: clientId,
      displayName: settings.displayName,
      tenant,
      signInAudience: settings.signInAudience,
      redirectUris: settings.redirectUris,
      azureDevOpsScopes: settings.azureDevOpsScopes,
      adminConsented: settings.adminConsented,
      checkSecret: (secret) => (external.secretValues.some((value) => sha256(value) === sha256(secret)) ? 'valid' : 'wrong'),
    };
  }

  const webApp = (clientId: string) => graphApp(clientId.toLowerCase()) ?? portalApp(clientId.toLowerCase());

  /** Back to the app's redirect URI (response_mode query), with the transaction's state. */
  function answer(response: ServerResponse, txn: Pick<WebTransaction, 'redirectUri' | 'state'>, fields: Record<string, string>): void {
    const url = new URL(txn.redirectUri);
    for (const [key, value] of Object.entries({ ...fields, ...(txn.state !== null ? { state: txn.state } : {}) })) url.searchParams.set(key, value);
    response.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' }).end();
  }

  const answerError = (response: ServerResponse, txn: WebTransaction, error: string, code: number, description: string) =>
    answer(response, txn, { error, error_description: `AADSTS${code}: ${description}`, error_codes: String(code) });

  /** GET …/authorize for a web app; false when the client is no web app the double knows (the caller says 700016). */
  function authorize(response: ServerResponse, url: URL, tenantSegment: string): boolean {
    const q = url.searchParams;
    const app = webApp(q.get('client_id') ?? '');
    if (!app) return false;
    if (!SHARED.has(tenantSegment) && directory.tenant(tenantSegment) !== app.tenant) {
      sendHtml(response, 400, errorPage(700016, `Application with identifier '${app.appId}' was not found in the directory '${tenantSegment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`));
      return true;
    }
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app.redirectUris.includes(redirectUri)) {
      sendHtml(response, 400, errorPage(50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`));
      return true;
    }
    const txn: WebTransaction = { app, tenantSegment, redirectUri, state: q.get('state'), nonce: q.get('nonce'), scopes: (q.get('scope') ?? '').split(' ').filter(Boolean) };
    if (q.get('response_type') !== 'code') {
      answerError(response, txn, 'unsupported_response_type', 70005, "The provided value for the input parameter 'response_type' is not allowed for this request.");
      return true;
    }
    const id = `w${randomBytes(24).toString('base64url')}`;
    transactions.set(id, txn);
    // Relative: the form posts to the address the browser shows (the real sign-in host through the demo's network).
    sendHtml(response, 200, accountPage(`/${tenantSegment}/login`, id));
    return true;
  }

  const asksAzureDevOps = (scopes: readonly string[]) => scopes.some((s) => s.startsWith(`${AZURE_DEVOPS_APP_ID}/`) || s.startsWith(`${AZURE_DEVOPS_URI}/`));

  /** After the password and "Stay signed in?": the audience, the permissions, consent, then the code. */
  function afterSignIn(response: ServerResponse, action: string, id: string, txn: WebTransaction): void {
    const { app, user } = txn as Required<WebTransaction>;
    if (SHARED.has(txn.tenantSegment) && app.signInAudience === 'AzureADMyOrg') {
      transactions.delete(id);
      return sendHtml(response, 400, errorPage(50194, `Application '${app.appId}'(${app.displayName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`));
    }
    if (asksAzureDevOps(txn.scopes) && app.azureDevOpsScopes.length === 0) {
      transactions.delete(id);
      return sendHtml(response, 400, errorPage(650057, `Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: ${app.appId}(${app.displayName}). Resource value from request: ${AZURE_DEVOPS_APP_ID}. Resource app ID: ${AZURE_DEVOPS_APP_ID}. List of valid resources from app registration: 00000003-0000-0000-c000-000000000000.`));
    }
    if (app.adminConsented || consented.has(`${app.tenant.id}|${app.appId}|${user.id}`)) return issueCode(response, id, txn);
    if (!app.tenant.usersCanConsent && !directory.isAdmin(user)) return sendHtml(response, 200, needAdminApprovalPage(action, id, app.displayName));
    const names = [...app.azureDevOpsScopes.map((s) => `Azure DevOps: ${s}`)];
    sendHtml(response, 200, consentPage(action, id, { account: user.userPrincipalName, clientName: app.displayName, permissions: names, canConsentForOrganization: directory.isAdmin(user) }));
  }

  function issueCode(response: ServerResponse, id: string, txn: WebTransaction): void {
    transactions.delete(id);
    const code = `1.${randomBytes(48).toString('base64url')}`;
    codes.set(code, { app: txn.app, user: txn.user!, redirectUri: txn.redirectUri, scopes: txn.scopes, nonce: txn.nonce, issuedAtMs: directory.now() });
    answer(response, txn, { code, session_state: randomBytes(16).toString('hex') });
  }

  /** POST …/login of a web app's transaction (the account, password, "Stay signed in?" and consent steps). */
  function loginStep(response: ServerResponse, form: URLSearchParams, tenantSegment: string): void {
    const id = form.get('txn') ?? '';
    const txn = transactions.get(id)!;
    const action = `/${tenantSegment}/login`;
    const step = form.get('step');
    if (step === 'account') {
      const upn = (form.get('loginfmt') ?? '').trim().toLowerCase();
      const user = txn.app.tenant.users.find((u) => u.userPrincipalName.toLowerCase() === upn);
      if (!user) return sendHtml(response, 200, accountPage(action, id, 'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.'));
      txn.user = user;
      return sendHtml(response, 200, passwordPage(action, id, user.userPrincipalName));
    }
    const user = txn.user;
    if (!user) return sendHtml(response, 200, accountPage(action, id));
    if (step === 'password') {
      if (form.get('passwd') !== user.password) return sendHtml(response, 200, passwordPage(action, id, user.userPrincipalName, 'Your account or password is incorrect.'));
      return sendHtml(response, 200, staySignedInPage(action, id, user.userPrincipalName));
    }
    if (step === 'kmsi') return afterSignIn(response, action, id, txn);
    if (step === 'consent') {
      if (form.get('answer') !== 'accept') {
        transactions.delete(id);
        return answerError(response, txn, 'access_denied', 65004, 'User declined to consent to access the app.');
      }
      consented.add(`${txn.app.tenant.id}|${txn.app.appId}|${user.id}`);
      return issueCode(response, id, txn);
    }
    if (step === 'no-consent') {
      transactions.delete(id);
      return answerError(response, txn, 'consent_required', 65001, `The user or administrator has not consented to use the application with ID '${txn.app.appId}' named '${txn.app.displayName}'. Send an interactive authorization request for this user and resource.`);
    }
    sendHtml(response, 400, errorPage(90014, 'A required field is missing from the request.'));
  }

  /** The token endpoint's authorization_code grant for a web app's code; false when the code is not one of them. */
  function redeem(response: ServerResponse, form: URLSearchParams, origin: string): boolean {
    const held = codes.get(form.get('code') ?? '');
    if (!held) return false;
    codes.delete(form.get('code') ?? '');
    const { app, user } = held;
    const fail = (status: number, error: string, code: number, description: string): true => {
      sendTokenError(response, status, error, code, description);
      return true;
    };
    if ((form.get('client_id') ?? '').toLowerCase() !== app.appId) return fail(400, 'invalid_grant', 70002, 'The client used to redeem the code is not the client the code was issued to.');
    const secret = app.checkSecret(form.get('client_secret') ?? '');
    if (secret === 'wrong' || secret === 'replicating') return fail(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`);
    if (secret === 'expired') return fail(401, 'invalid_client', 7000222, `The provided client secret keys for app '${app.appId}' are expired.`);
    if (directory.now() - held.issuedAtMs > CODE_LIFETIME_MS) return fail(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    if ((form.get('redirect_uri') ?? '') !== held.redirectUri) return fail(400, 'invalid_grant', 500112, 'The reply address does not match the reply address provided when requesting Authorization code.');
    const now = Math.floor(directory.now() / 1000);
    const claims = { iat: now, nbf: now, exp: now + 3600, tid: app.tenant.id, oid: user.id };
    sendJson(response, 200, {
      token_type: 'Bearer',
      scope: held.scopes.filter((s) => s !== 'offline_access').join(' '),
      expires_in: 3599,
      access_token: mint.sign({ ...claims, aud: AZURE_DEVOPS_APP_ID, iss: `https://sts.windows.net/${app.tenant.id}/`, appid: app.appId, upn: user.userPrincipalName, scp: app.azureDevOpsScopes.join(' '), ver: '1.0' }),
      refresh_token: randomBytes(48).toString('base64url'),
      id_token: unsignedJwt({ ...claims, aud: app.appId, iss: `${origin}/${app.tenant.id}/v2.0`, name: user.displayName, preferred_username: user.userPrincipalName, sub: user.id, ver: '2.0', ...(held.nonce ? { nonce: held.nonce } : {}) }),
    });
    return true;
  }

  return {
    authorize,
    owns: (txn: string) => transactions.has(txn),
    loginStep,
    redeem,
  };
}

export type WebSignIn = ReturnType<typeof createWebSignIn>;

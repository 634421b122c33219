import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GRAPH_CLI_TOOLS_APP_ID, type Directory, type Tenant, type User } from './directory';
import { readBody, sendHtml, sendJson, sendTokenError } from './http';
import { accountPage, consentPage, errorPage, formPostPage, needAdminApprovalPage, passwordPage, staySignedInPage } from './sign-in-pages';
import { TokenMint, unsignedJwt } from './tokens';
import { createWebSignIn } from './web-sign-in';
import { handleClientCredentials, type ExternalApp } from './client-credentials';

/**
 * The Microsoft identity platform (v2.0) of the double: OpenID discovery, the authorize pages (account, password,
 * "Stay signed in?", consent or "Need admin approval"), the form_post answer, and the token endpoint (authorization
 * code with PKCE, refresh token, client credentials). Codes are single-use and live 10 minutes, as Entra's do.
 */

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

interface Transaction {
  tenantSegment: string;
  clientId: string;
  clientName: string;
  redirectUri: string;
  responseMode: string;
  state: string | null;
  nonce: string | null;
  challenge: { value: string; method: string } | null;
  /** Graph scope values asked for (resource prefix removed), and the OIDC ones. */
  graphScopes: string[];
  oidcScopes: string[];
  user?: User;
  tenant?: Tenant;
}

interface IssuedCode extends Pick<Transaction, 'clientId' | 'redirectUri' | 'challenge' | 'graphScopes' | 'oidcScopes' | 'nonce'> {
  user: User;
  tenant: Tenant;
  issuedAtMs: number;
}

export interface SignInServerOptions {
  directory: Directory;
  mint: TokenMint;
  /** The Graph audience this cloud's tokens are for, e.g. https://graph.microsoft.com. */
  graphAudience: string;
  /** Apps made outside the double (the demo's portal replica) whose client secrets the token endpoint accepts. */
  externalApps?: () => readonly ExternalApp[];
}

export interface SignInServer {
  handle: (request: IncomingMessage, response: ServerResponse, origin: string) => Promise<void>;
  /** Every request the token endpoint answered, in order (grant type and outcome), for tests. */
  tokenRequests: { grantType: string; status: number; clientId: string }[];
}

const isLoopback = (uri: string) => /^http:\/\/localhost(:\d+)?\/?$/.test(uri) || /^http:\/\/127\.0\.0\.1(:\d+)?\/?$/.test(uri);

export function createSignInServer(options: SignInServerOptions): SignInServer {
  const { directory, mint, graphAudience } = options;
  const transactions = new Map<string, Transaction>();
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, { user: User; tenant: Tenant; clientId: string }>();
  const tokenRequests: SignInServer['tokenRequests'] = [];
  const web = createWebSignIn({ directory, mint, externalApps: options.externalApps ?? (() => []) });

  /** A public client that may sign users in with a loopback redirect: Microsoft's Graph tools, or a tenant's own public app. */
  function publicClient(clientId: string): { name: string } | null {
    if (clientId === GRAPH_CLI_TOOLS_APP_ID) return { name: 'Microsoft Graph Command Line Tools' };
    for (const tenant of directory.tenants) {
      const app = tenant.applications.find((a) => a.appId === clientId);
      if (app && (app.isFallbackPublicClient || app.publicClient.redirectUris.some(isLoopback))) return { name: app.displayName };
    }
    return null;
  }

  function tenantFor(segment: string, user: User | undefined): Tenant | undefined {
    if (segment === 'organizations' || segment === 'common') return user ? directory.tenants.find((t) => t.users.includes(user)) : undefined;
    return directory.tenant(segment);
  }

  function answer(response: ServerResponse, transaction: Transaction, fields: Record<string, string>): void {
    const withState = { ...fields, ...(transaction.state !== null ? { state: transaction.state } : {}) };
    if (transaction.responseMode === 'form_post') return sendHtml(response, 200, formPostPage(transaction.redirectUri, withState));
    const url = new URL(transaction.redirectUri);
    for (const [key, value] of Object.entries(withState)) url.searchParams.set(key, value);
    response.writeHead(302, { location: url.toString() }).end();
  }

  function answerError(response: ServerResponse, transaction: Transaction, error: string, code: number, description: string): void {
    answer(response, transaction, { error, error_description: `AADSTS${code}: ${description}`, error_codes: String(code) });
  }

  function issueCode(response: ServerResponse, transaction: Transaction): void {
    const code = `1.${randomBytes(48).toString('base64url')}`;
    codes.set(code, { ...transaction, user: transaction.user!, tenant: transaction.tenant!, issuedAtMs: directory.now() });
    const clientInfo = Buffer.from(JSON.stringify({ uid: transaction.user!.id, utid: transaction.tenant!.id })).toString('base64url');
    answer(response, transaction, { code, client_info: clientInfo, session_state: randomBytes(16).toString('hex') });
  }

  /** After the password (and "Stay signed in?"): consent when the user has not given it, else the code. */
  function afterSignIn(response: ServerResponse, action: string, txn: string, transaction: Transaction): void {
    const { user, tenant } = transaction as Required<Transaction>;
    const granted = directory.consentedGraphScopes(tenant, transaction.clientId, user.id);
    const missing = transaction.graphScopes.filter((value) => !granted.has(value));
    if (missing.length === 0) return issueCode(response, transaction);
    const adminOnly = missing.some((value) => directory.scopesOf('00000003-0000-0000-c000-000000000000').find((s) => s.value === value)?.type === 'Admin');
    if (adminOnly && !directory.isAdmin(user)) return sendHtml(response, 200, needAdminApprovalPage(action, txn, transaction.clientName));
    const names = missing.map((value) => directory.scopesOf('00000003-0000-0000-c000-000000000000').find((s) => s.value === value)?.adminConsentDisplayName ?? value);
    sendHtml(response, 200, consentPage(action, txn, { account: user.userPrincipalName, clientName: transaction.clientName, permissions: names, canConsentForOrganization: directory.isAdmin(user) }));
  }

  async function authorize(request: IncomingMessage, response: ServerResponse, url: URL, tenantSegment: string, origin: string): Promise<void> {
    const q = url.searchParams;
    const clientId = q.get('client_id') ?? '';
    const client = publicClient(clientId);
    if (!client && web.authorize(response, url, tenantSegment)) return;
    if (!client) return sendHtml(response, 400, errorPage(700016, `Application with identifier '${clientId}' was not found in the directory '${tenantSegment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`));
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!isLoopback(redirectUri)) return sendHtml(response, 400, errorPage(50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`));
    const requested = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const transaction: Transaction = {
      tenantSegment,
      clientId,
      clientName: client.name,
      redirectUri,
      responseMode: q.get('response_mode') ?? 'query',
      state: q.get('state'),
      nonce: q.get('nonce'),
      challenge: q.get('code_challenge') ? { value: q.get('code_challenge')!, method: q.get('code_challenge_method') ?? 'plain' } : null,
      graphScopes: [],
      oidcScopes: requested.filter((s) => OIDC_SCOPES.has(s)),
    };
    if (q.get('response_type') !== 'code') return answerError(response, transaction, 'unsupported_response_type', 70005, "The provided value for the input parameter 'response_type' is not allowed for this request.");
    if (transaction.challenge && !['S256', 'plain'].includes(transaction.challenge.method)) return answerError(response, transaction, 'invalid_request', 501471, 'Invalid code challenge method.');
    for (const value of requested.filter((s) => !OIDC_SCOPES.has(s))) {
      const slash = value.lastIndexOf('/');
      const resource = slash > 0 ? value.slice(0, slash) : graphAudience;
      if (resource !== graphAudience) return answerError(response, transaction, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenantSegment}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
      transaction.graphScopes.push(value.slice(slash + 1));
    }
    if (tenantSegment !== 'organizations' && tenantSegment !== 'common' && !directory.tenant(tenantSegment)) {
      return sendHtml(response, 400, errorPage(90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`));
    }
    const txn = randomBytes(24).toString('base64url');
    transactions.set(txn, transaction);
    sendHtml(response, 200, accountPage(`${origin}/${tenantSegment}/login`, txn));
    void request;
  }

  async function loginStep(request: IncomingMessage, response: ServerResponse, tenantSegment: string, origin: string): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const txn = form.get('txn') ?? '';
    if (web.owns(txn)) return web.loginStep(response, form, tenantSegment);
    const transaction = transactions.get(txn);
    const action = `${origin}/${tenantSegment}/login`;
    if (!transaction) return sendHtml(response, 400, errorPage(90014, 'The sign-in session has expired or was already used. Go back to the app and sign in again.'));
    const step = form.get('step');
    if (step === 'account') {
      const upn = (form.get('loginfmt') ?? '').trim().toLowerCase();
      const user = directory.tenants.flatMap((t) => t.users).find((u) => u.userPrincipalName.toLowerCase() === upn);
      const tenant = user ? tenantFor(transaction.tenantSegment, user) : undefined;
      if (!user || !tenant || !tenant.users.includes(user)) return sendHtml(response, 200, accountPage(action, txn, 'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.'));
      transaction.user = user;
      transaction.tenant = tenant;
      return sendHtml(response, 200, passwordPage(action, txn, user.userPrincipalName));
    }
    const user = transaction.user;
    if (!user || !transaction.tenant) return sendHtml(response, 200, accountPage(action, txn));
    if (step === 'password') {
      if (form.get('passwd') !== user.password) return sendHtml(response, 200, passwordPage(action, txn, user.userPrincipalName, 'Your account or password is incorrect.'));
      return sendHtml(response, 200, staySignedInPage(action, txn, user.userPrincipalName));
    }
    if (step === 'kmsi') return afterSignIn(response, action, txn, transaction);
    if (step === 'consent') {
      transactions.delete(txn);
      if (form.get('answer') !== 'accept') return answerError(response, transaction, 'access_denied', 65004, 'User declined to consent to access the app.');
      const forOrganization = form.get('organization') === 'yes' && directory.isAdmin(user);
      directory.consent(transaction.tenant, transaction.clientId, forOrganization ? null : user.id, transaction.graphScopes);
      return issueCode(response, transaction);
    }
    if (step === 'no-consent') {
      transactions.delete(txn);
      return answerError(response, transaction, 'consent_required', 65001, `The user or administrator has not consented to use the application with ID '${transaction.clientId}' named '${transaction.clientName}'. Send an interactive authorization request for this user and resource.`);
    }
    sendHtml(response, 400, errorPage(90014, 'A required field is missing from the request.'));
  }

  function issueTokens(tenant: Tenant, user: User, clientId: string, graphScopes: string[], oidcScopes: string[], nonce: string | null, origin: string) {
    const nowSeconds = Math.floor(directory.now() / 1000);
    const access = mint.sign({ aud: graphAudience, iss: `https://sts.windows.net/${tenant.id}/`, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 3600, appid: clientId, oid: user.id, tid: tenant.id, upn: user.userPrincipalName, scp: graphScopes.join(' '), ver: '1.0' });
    const refresh = randomBytes(48).toString('base64url');
    refreshTokens.set(refresh, { user, tenant, clientId });
    const idToken = unsignedJwt({ aud: clientId, iss: `${origin}/${tenant.id}/v2.0`, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 3600, name: user.displayName, oid: user.id, sub: user.id, tid: tenant.id, preferred_username: user.userPrincipalName, ver: '2.0', ...(nonce ? { nonce } : {}) });
    return {
      token_type: 'Bearer',
      scope: [...graphScopes.map((s) => `${graphAudience}/${s}`), ...oidcScopes.filter((s) => s !== 'offline_access')].join(' '),
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: access,
      refresh_token: refresh,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url'),
    };
  }

  async function token(request: IncomingMessage, response: ServerResponse, tenantSegment: string, origin: string): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const record = (status: number) => tokenRequests.push({ grantType, status, clientId });
    const fail = (status: number, error: string, code: number, description: string) => {
      record(status);
      sendTokenError(response, status, error, code, description);
    };
    if (grantType === 'client_credentials') {
      const outcome = handleClientCredentials({ directory, form, tenantSegment, externalApps: options.externalApps?.() ?? [] });
      if ('error' in outcome) return fail(outcome.status, outcome.error, outcome.code, outcome.description);
      record(200);
      const nowSeconds = Math.floor(directory.now() / 1000);
      const access = mint.sign({ aud: outcome.resource, iss: `https://sts.windows.net/${outcome.tenantId}/`, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 3600, appid: clientId, tid: outcome.tenantId, idtyp: 'app', ver: '1.0' });
      return sendJson(response, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: access });
    }
    if (grantType === 'authorization_code' && web.redeem(response, form, origin)) {
      record(response.statusCode);
      return;
    }
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      // Single use: the code is gone from the first redemption on, whatever its outcome.
      codes.delete(form.get('code') ?? '');
      if (!code) return fail(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
      if (directory.now() - code.issuedAtMs > CODE_LIFETIME_MS) return fail(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
      if (code.clientId !== clientId) return fail(400, 'invalid_grant', 70002, 'The client used to redeem the code is not the client the code was issued to.');
      if ((form.get('redirect_uri') ?? '') !== code.redirectUri) return fail(400, 'invalid_grant', 50148, 'The redirect_uri in the token request does not match the one used in the authorization request.');
      if (code.challenge) {
        const verifier = form.get('code_verifier') ?? '';
        const derived = code.challenge.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
        if (!verifier || derived !== code.challenge.value) return fail(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      }
      if (code.tenant.blockGraphByConditionalAccess) return fail(400, 'invalid_grant', 53003, 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.');
      record(200);
      return sendJson(response, 200, issueTokens(code.tenant, code.user, clientId, code.graphScopes, code.oidcScopes, code.nonce, origin));
    }
    if (grantType === 'refresh_token') {
      const held = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!held || held.clientId !== clientId) return fail(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      const requested = (form.get('scope') ?? '').split(' ').filter((s) => s && !OIDC_SCOPES.has(s)).map((s) => s.slice(s.lastIndexOf('/') + 1));
      const granted = directory.consentedGraphScopes(held.tenant, clientId, held.user.id);
      const missing = requested.filter((s) => !granted.has(s));
      if (missing.length > 0) return fail(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`);
      if (held.tenant.blockGraphByConditionalAccess) return fail(400, 'invalid_grant', 53003, 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.');
      record(200);
      return sendJson(response, 200, issueTokens(held.tenant, held.user, clientId, requested, ['openid', 'profile'], null, origin));
    }
    fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }

  return {
    tokenRequests,
    handle: async (request, response, origin) => {
      const url = new URL(request.url ?? '/', origin);
      const match = /^\/([^/]+)\/(.+)$/.exec(url.pathname);
      if (!match) return sendJson(response, 404, { error: 'not_found' });
      const [, tenantSegment = '', rest] = match;
      if (rest === 'v2.0/.well-known/openid-configuration' && request.method === 'GET') {
        const base = `${origin}/${tenantSegment}`;
        const issuerTenant = tenantSegment === 'organizations' || tenantSegment === 'common' ? '{tenantid}' : (directory.tenant(tenantSegment)?.id ?? tenantSegment);
        if (issuerTenant === tenantSegment && !directory.tenant(tenantSegment)) return sendTokenError(response, 400, 'invalid_tenant', 90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
        return sendJson(response, 200, {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${origin}/${issuerTenant}/v2.0`,
          request_uri_parameter_supported: false,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'tid', 'oid', 'preferred_username'],
          tenant_region_scope: null,
        });
      }
      if (rest === 'oauth2/v2.0/authorize' && request.method === 'GET') return authorize(request, response, url, tenantSegment, origin);
      if (rest === 'login' && request.method === 'POST') return loginStep(request, response, tenantSegment, origin);
      if (rest === 'oauth2/v2.0/token' && request.method === 'POST') return token(request, response, tenantSegment, origin);
      sendJson(response, 404, { error: 'not_found' });
    },
  };
}

// The Entra + Graph double against Microsoft's documented behaviour, over its real HTTPS (no browser, no MSAL):
// single-use authorization codes, PKCE S256, form_post, the token endpoint's AADSTS JSON, Graph's error body,
// secretText answered once, scope ids only in the tenant's service principal.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEntra } from '../../../test/entra/double';
import type { EntraGraphDouble } from '.';

let double: EntraGraphDouble;
const CLIENT = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
const REDIRECT = 'http://localhost:5123';
const GRAPH_SCOPE = 'https://graph.microsoft.com/Application.ReadWrite.All';

beforeAll(async () => {
  double = await startTestEntra({ tenants: [{ domain: 'contoso.onmicrosoft.com', users: [{ userPrincipalName: 'admin@contoso.onmicrosoft.com', password: 'pw', roles: ['Application Administrator'] }] }] });
});
afterAll(async () => double?.close());

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const form = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

/** The sign-in as the pages ask for it, answered over HTTP; returns the form_post page's fields. */
async function authorize(verifier: string): Promise<Record<string, string>> {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = `${double.loginUrl}/organizations/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: CLIENT, response_type: 'code', response_mode: 'form_post', redirect_uri: REDIRECT, scope: `${GRAPH_SCOPE} openid offline_access`, state: 's1', code_challenge: challenge, code_challenge_method: 'S256' })}`;
  const first = await (await fetch(url)).text();
  const txn = hidden(first, 'txn');
  const login = `${double.loginUrl}/organizations/login`;
  await fetch(login, form({ txn, step: 'account', loginfmt: 'admin@contoso.onmicrosoft.com' }));
  await fetch(login, form({ txn, step: 'password', passwd: 'pw' }));
  const afterKmsi = await (await fetch(login, form({ txn, step: 'kmsi', kmsi: 'no' }))).text();
  // Consent is asked the first time only (it is then recorded for this user and client).
  const posted = afterKmsi.includes('Permissions requested') ? await (await fetch(login, form({ txn, step: 'consent', answer: 'accept' }))).text() : afterKmsi;
  expect(posted).toContain(`<form method="POST" name="hiddenform" action="${REDIRECT}">`);
  return { code: hidden(posted, 'code'), state: hidden(posted, 'state'), client_info: hidden(posted, 'client_info') };
}

const redeem = (code: string, verifier: string) =>
  fetch(`${double.loginUrl}/organizations/oauth2/v2.0/token`, form({ grant_type: 'authorization_code', client_id: CLIENT, code, redirect_uri: REDIRECT, code_verifier: verifier, scope: GRAPH_SCOPE }));

describe('the Entra sign-in double', () => {
  it('answers by form_post with the state; a code is redeemed once, with its PKCE verifier only', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const answer = await authorize(verifier);
    expect(answer.state).toBe('s1');
    expect(JSON.parse(Buffer.from(answer.client_info!, 'base64url').toString())).toMatchObject({ utid: double.tenant.id });
    const wrong = await redeem(answer.code!, randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_codes: [501481], error_description: expect.stringMatching(/^AADSTS501481: The Code_Verifier does not match/) });
    // The failed redemption used the code up, as Entra's single-use codes are.
    const again = await redeem(answer.code!, verifier);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });

    const fresh = await authorize(verifier);
    const token = await redeem(fresh.code!, verifier);
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ token_type: 'Bearer', scope: expect.stringContaining(GRAPH_SCOPE), access_token: expect.any(String), id_token: expect.any(String), client_info: expect.any(String) });
    expect(await (await redeem(fresh.code!, verifier)).json()).toMatchObject({ error_codes: [54005] });
  });
});

/** A Graph token for the demo admin, through the double's own authorize and token endpoints. */
async function adminToken(): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  return ((await (await redeem((await authorize(verifier)).code!, verifier)).json()) as { access_token: string }).access_token;
}

/** A Graph v1.0 request with that token, as JSON when it has a body. */
function callGraph(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${double.graphUrl}/v1.0${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
}

describe('the Graph double', () => {
  let token = '';
  const graph = (method: string, path: string, body?: unknown) => callGraph(token, method, path, body);

  beforeAll(async () => {
    token = await adminToken();
  });

  it('answers refusals with Graph’s error body; no token is 401 InvalidAuthenticationToken', async () => {
    const anonymous = await fetch(`${double.graphUrl}/v1.0/applications`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.', innerError: { date: expect.any(String), 'request-id': expect.any(String), 'client-request-id': expect.any(String) } } });
    const missing = await graph('GET', "/servicePrincipals(appId='00000000-0000-0000-0000-000000000001')");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
  });

  it('lists the scope ids only in the tenant’s Azure DevOps service principal, and refuses an app asking for others', async () => {
    const ado = (await (await graph('GET', "/servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798')")).json()) as { oauth2PermissionScopes: { id: string; value: string }[] };
    const write = ado.oauth2PermissionScopes.find((s) => s.value === 'vso.code_write')!;
    expect(write.id).not.toBe('028ffaf1-6f06-490a-979e-38011f92fb7c');
    const refused = await graph('POST', '/applications', { displayName: 'X', requiredResourceAccess: [{ resourceAppId: '499b84ac-1321-427f-aa17-267ca6975798', resourceAccess: [{ id: '028ffaf1-6f06-490a-979e-38011f92fb7c', type: 'Scope' }] }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'Request_BadRequest', message: "Invalid value specified for property 'resourceAccess' of resource 'Application'." } });
    const created = await graph('POST', '/applications', { displayName: 'X', requiredResourceAccess: [{ resourceAppId: '499b84ac-1321-427f-aa17-267ca6975798', resourceAccess: [{ id: write.id, type: 'Scope' }] }] });
    expect(created.status).toBe(201);
  });

  it('answers secretText from addPassword only: reading the app back shows its hint and keyId, never the text', async () => {
    const app = (await (await graph('POST', '/applications', { displayName: 'Y' })).json()) as { id: string };
    expect(await (await graph('POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'p', endDateTime: new Date(Date.now() + 1000 * 86_400_000).toISOString() } })).json()).toMatchObject({ error: { code: 'CredentialInvalidLifetimeAsPerAppPolicy' } });
    const added = (await (await graph('POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'p' } })).json()) as { secretText: string; keyId: string; hint: string };
    expect(added.secretText).toHaveLength(40);
    expect(added.hint).toBe(added.secretText.slice(0, 3));
    const read = JSON.stringify(await (await graph('GET', `/applications/${app.id}`)).json());
    expect(read).toContain(added.keyId);
    expect(read).not.toContain(added.secretText);
    expect(read).toContain('"secretText":null');
  });
});

describe('the Graph double while new objects replicate (newObjectLag)', () => {
  let token = '';
  const graph = (method: string, path: string, body?: unknown) => callGraph(token, method, path, body);

  beforeAll(async () => {
    token = await adminToken();
  });

  it('a new app is unknown to its first N requests, with Graph’s own answers: 400 NoBackingApplicationObject, 404 Request_ResourceNotFound', async () => {
    double.directory.newObjectLag = 2;
    const app = (await (await graph('POST', '/applications', { displayName: 'Lagging' })).json()) as { id: string; appId: string };
    double.directory.newObjectLag = 0;
    const sp = await graph('POST', '/servicePrincipals', { appId: app.appId });
    expect(sp.status).toBe(400);
    expect(await sp.json()).toMatchObject({ error: { code: 'Request_BadRequest', details: [{ code: 'NoBackingApplicationObject', target: 'appId' }] } });
    const read = await graph('GET', `/applications/${app.id}`);
    expect(read.status).toBe(404);
    expect(await read.json()).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
    expect((await graph('GET', `/applications/${app.id}`)).status).toBe(200);
    expect((await graph('POST', '/servicePrincipals', { appId: app.appId })).status).toBe(201);
  });
});

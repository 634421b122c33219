import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { flatAdsGroups, startKotsDouble, type KotsDouble, type KotsDoubleOptions } from './double';

/** The double itself, checked against shared reference/kots-admin-api.md (§2, §4, §5, §7, §10, §13). */

const PASSWORD = 'double-pw';
const HOUR = 3600_000;
const running: KotsDouble[] = [];
afterEach(async () => {
  for (const double of running.splice(0)) await double.close();
});

async function start(options: Partial<KotsDoubleOptions> = {}) {
  let clock = Date.parse('2026-11-26T12:00:00Z');
  const double = await startKotsDouble({ password: PASSWORD, now: () => clock, deployDelayMs: 50, ...options });
  running.push(double);
  return { double, advance: (ms: number) => (clock += ms) };
}

async function call(double: KotsDouble, method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${double.url}${path}`, { method, headers: options.headers, ...(options.body !== undefined ? { body: options.body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

async function login(double: KotsDouble, password = PASSWORD, headers: Record<string, string> = {}) {
  return call(double, 'POST', '/api/v1/login', { body: JSON.stringify({ password }), headers: { 'content-type': 'application/json', ...headers } });
}

async function bearer(double: KotsDouble): Promise<string> {
  const answer = await login(double);
  const cookie = answer.headers.getSetCookie()[0] ?? '';
  const match = /^signed-token="(Bearer [^"]+)"/.exec(cookie);
  if (match?.[1]) return match[1];
  return (answer.json as { token: string }).token;
}

describe('KOTS double: login', () => {
  it('cookie style: 200 {} and a quoted signed-token cookie, Secure only for an https Origin', async () => {
    const { double } = await start();
    const plain = await login(double);
    expect(plain.status).toBe(200);
    expect(plain.json).toEqual({});
    const cookie = plain.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^signed-token="Bearer [\w-]+\.[\w-]+\.[\w-]+"; Path=\/; Expires=.+; HttpOnly$/);
    const payload = JSON.parse(Buffer.from(cookie.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['sessionId']);
    expect((await login(double, PASSWORD, { origin: 'https://console.example' })).headers.getSetCookie()[0]).toMatch(/; Secure$/);
  });

  it('legacy body-token style: {"token":"Bearer <jwt>"} and no cookie', async () => {
    const { double } = await start({ loginStyle: 'body-token' });
    const answer = await login(double);
    expect(answer.json).toEqual({ token: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(answer.headers.getSetCookie()).toEqual([]);
  });

  it('400 {} for a missing or non-JSON body; 401 with the exact message for a wrong password', async () => {
    const { double } = await start();
    expect(await call(double, 'POST', '/api/v1/login', { body: 'nope' })).toMatchObject({ status: 400, json: {} });
    expect(await login(double, 'wrong')).toMatchObject({ status: 401, json: { error: 'Invalid password. Please try again.' } });
  });

  it('locks once failures exceed 10: the 12th attempt is refused even with the right password', async () => {
    const { double } = await start();
    for (let i = 0; i < 11; i++) expect((await login(double, `wrong-${i}`)).json).toEqual({ error: 'Invalid password. Please try again.' });
    const locked = await login(double);
    expect(locked.status).toBe(401);
    expect(locked.json).toEqual({ error: 'Admin Console has been locked.  Please reset password using the "kubectl kots reset-password -n <ns>" command.' });
    double.resetPassword('new-pw');
    expect((await login(double, 'new-pw')).status).toBe(200);
  });

  it('a success resets the failure count', async () => {
    const { double } = await start();
    for (let i = 0; i < 10; i++) await login(double, 'wrong');
    expect((await login(double)).status).toBe(200);
    expect(double.numAttempts).toBe(0);
    for (let i = 0; i < 10; i++) await login(double, 'wrong');
    expect((await login(double)).status).toBe(200);
  });
});

describe('KOTS double: sessions', () => {
  it('reads the header first, then the cookie; exact 401 messages', async () => {
    const { double } = await start();
    const token = await bearer(double);
    const jwt = token.slice('Bearer '.length);
    expect(await call(double, 'GET', '/api/v1/ping', { headers: { authorization: token } })).toMatchObject({ status: 200, json: { ping: 'pong' } });
    expect(await call(double, 'GET', '/api/v1/ping', { headers: { cookie: `signed-token="${token}"` } })).toMatchObject({ status: 200 });
    expect(await call(double, 'GET', '/api/v1/ping', { headers: { authorization: 'Bearer x.y.z', cookie: `signed-token="${token}"` } })).toMatchObject({
      status: 401,
      json: { error: 'failed to parse authorization header', success: false },
    });
    expect((await call(double, 'GET', '/api/v1/ping', { headers: { authorization: jwt } })).json).toEqual({ error: 'failed to parse authorization header', success: false });
    expect((await call(double, 'GET', '/api/v1/ping')).json).toEqual({ error: 'missing authorization token', success: false });
    const { double: legacy } = await start({ loginStyle: 'body-token' });
    expect((await call(legacy, 'GET', '/api/v1/ping')).json).toEqual({ error: 'authorization header empty', success: false });
  });

  it('12 h sessions that slide when under 11 h remain; then "session expired"', async () => {
    const { double, advance } = await start();
    const token = await bearer(double);
    const ping = () => call(double, 'GET', '/api/v1/ping', { headers: { authorization: token } });
    advance(2 * HOUR);
    expect((await ping()).status).toBe(200); // 10 h left → now + 12 h
    advance(11 * HOUR);
    expect((await ping()).status).toBe(200); // 13 h after login: inside the slid window, which slides again
    advance(12 * HOUR + 1);
    expect((await ping()).json).toEqual({ error: 'session expired', success: false });
  });

  it('logout acts on the cookie only; a password reset ends old sessions', async () => {
    const { double } = await start();
    const token = await bearer(double);
    expect((await call(double, 'POST', '/api/v1/logout', { headers: { authorization: token } })).status).toBe(204);
    expect((await call(double, 'GET', '/api/v1/ping', { headers: { authorization: token } })).status).toBe(200);
    expect((await call(double, 'POST', '/api/v1/logout', { headers: { cookie: `signed-token="${token}"` } })).status).toBe(204);
    expect((await call(double, 'GET', '/api/v1/ping', { headers: { authorization: token } })).json).toEqual({ error: 'no session in auth header', success: false });
    const second = await bearer(double);
    double.resetPassword('other');
    expect((await call(double, 'GET', '/api/v1/ping', { headers: { authorization: second } })).json).toEqual({ error: 'password changed, please login again', success: false });
  });
});

describe('KOTS double: the kotsadm authstring and the identity service (pkg/session, pkg/handlers/login.go)', () => {
  it('takes `Kots <authstring>` on every session route, compared whole; any other Kots value fails to parse', async () => {
    const { double } = await start({ authstring: 'Kots 0123456789abcdefghijABCDEFGHIJ', deployDelayMs: 'manual' });
    expect(double.authstring).toBe('Kots 0123456789abcdefghijABCDEFGHIJ');
    const as = (method: string, path: string, authorization: string, body?: string) => call(double, method, path, { headers: { authorization, 'content-type': 'application/json' }, ...(body !== undefined ? { body } : {}) });
    const kots = double.authstring;
    expect((await as('GET', '/api/v1/ping', kots)).status).toBe(200);
    expect((await as('GET', '/api/v1/apps', kots)).status).toBe(200);
    const config = (await as('GET', '/api/v1/app/deepsource/config/1', kots)).json as { configGroups: unknown[] };
    expect(config.configGroups.length).toBeGreaterThan(0);
    expect((await as('PUT', '/api/v1/app/deepsource/config', kots, JSON.stringify({ sequence: 1, configGroups: [{ name: 'general', items: [{ name: 'hostname', value: 'x.example.com' }] }] }))).json).toEqual({ success: true });
    expect((await as('POST', '/api/v1/app/deepsource/sequence/2/deploy', kots, '{}')).json).toEqual({ success: true, status: '' });
    for (const wrong of ['Kots 0123456789abcdefghijABCDEFGHIX', 'Kots', `${kots} extra`, kots.toLowerCase()]) {
      expect((await as('GET', '/api/v1/apps', wrong)).json, wrong).toEqual({ error: 'failed to parse authorization header', success: false });
    }
    // The console's address and kotsadm's own port (what a port-forward reaches) are the same console.
    expect((await fetch(`${double.clusterUrl}/api/v1/apps`, { headers: { authorization: kots } })).status).toBe(200);
    expect(double.requests.at(-1)).toMatchObject({ port: 'cluster', path: '/api/v1/apps' });
  });

  it('identity service: login/info says so, a password login is 403 before its body is read and never counts towards the lockout; the authstring still works', async () => {
    const { double } = await start({ identityService: true });
    expect((await call(double, 'GET', '/api/v1/login/info')).json).toEqual({ method: 'identity-service' });
    for (let i = 0; i < 12; i++) expect(await login(double)).toMatchObject({ status: 403, json: { error: 'password authentication disabled', success: false } });
    expect(await call(double, 'POST', '/api/v1/login', { body: 'not json' })).toMatchObject({ status: 403 });
    expect(double.numAttempts).toBe(0);
    expect((await call(double, 'GET', '/api/v1/apps', { headers: { authorization: double.authstring } })).status).toBe(200);
    const { double: shared } = await start();
    expect((await call(shared, 'GET', '/api/v1/login/info')).json).toEqual({ method: 'shared-password' });
  });
});

describe('KOTS double: apps, config, save, deploy', () => {
  async function authed(options: Partial<KotsDoubleOptions> = {}) {
    const { double } = await start(options);
    const token = await bearer(double);
    const as = (method: string, path: string, body?: string) => call(double, method, path, { headers: { authorization: token, 'content-type': 'application/json' }, ...(body !== undefined ? { body } : {}) });
    return { double, as };
  }

  it('keeps the latest sequence apart from the deployed one, and sends the security headers', async () => {
    const { as } = await authed();
    const apps = await as('GET', '/api/v1/apps');
    expect(apps.json).toMatchObject({ apps: [{ slug: 'deepsource', currentSequence: 1, downstream: { currentVersion: { parentSequence: 0, status: 'deployed' } } }] });
    expect(apps.headers.get('x-content-type-options')).toBe('nosniff');
    expect(apps.headers.get('x-frame-options')).toBe('DENY');
    expect(apps.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('returns password values encrypted, never as plaintext', async () => {
    const groups = flatAdsGroups();
    const item = groups[1]?.items.find((i) => i.name === 'ads_client_secret');
    if (item) item.value = 'plain-client-secret';
    const { as, double } = await authed({ apps: [{ slug: 'deepsource', name: 'DeepSource', groups, pendingUpstreamVersion: true }] });
    const config = await as('GET', '/api/v1/app/deepsource/config/0');
    expect(config.text).not.toContain('plain-client-secret');
    const stored = (config.json as { configGroups: Array<{ items: Array<{ name: string; value: string }> }> }).configGroups.flatMap((g) => g.items).find((i) => i.name === 'ads_client_secret')?.value;
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(double.decryptedValues('deepsource', 0)['ads_client_secret']).toBe('plain-client-secret');
  });

  it('PUT merges, ignores createNewVersion, keeps ciphertext that decrypts, encrypts the rest, and answers only {"success":true}', async () => {
    const groups = flatAdsGroups({ hiddenUntilEnabled: false });
    for (const item of groups[1]?.items ?? []) if (item.name === 'ads_webhook_secret') item.value = 'old-webhook';
    const { as, double } = await authed({ apps: [{ slug: 'deepsource', name: 'DeepSource', groups, pendingUpstreamVersion: true }] });
    const before = double.storedValues('deepsource', 0);
    const body = {
      sequence: 0,
      createNewVersion: false,
      configGroups: [{ name: 'vcs', items: [
        { name: 'ads_enabled', value: '1' },
        { name: 'ads_host', value: 'dev.azure.com' },
        { name: 'ads_authority', value: 'app.vssps.visualstudio.com' },
        { name: 'ads_app_id', value: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' },
        { name: 'ads_client_secret', value: 'new-secret' },
        { name: 'ads_webhook_secret', value: before['ads_webhook_secret'] },
        { name: 'github_enabled', value: true },
      ] }],
    };
    const saved = await as('PUT', '/api/v1/app/deepsource/config', JSON.stringify(body));
    expect(saved).toMatchObject({ status: 200, text: '{"success":true}' });
    expect(double.versions('deepsource').at(-1)).toEqual({ sequence: 2, status: 'pending', source: 'Config Change' });
    expect(double.deployedSequence('deepsource')).toBe(0);
    const after = double.storedValues('deepsource', 2);
    expect(after['hostname']).toBe('deepsource.stark.com');
    expect(after['ads_webhook_secret']).toBe(before['ads_webhook_secret']);
    expect(after['ads_client_secret']).not.toBe('new-secret');
    expect(double.decryptedValues('deepsource', 2)['ads_client_secret']).toBe('new-secret');
    expect(after['github_enabled']).toBe('true');
  });

  it('PUT checks only the items sent, with the validation and required fields sent (kotsadm UpdateAppConfig)', async () => {
    const { as, double } = await authed();
    const put = (items: unknown[]) => as('PUT', '/api/v1/app/deepsource/config', JSON.stringify({ sequence: 0, configGroups: [{ name: 'vcs', items }] }));
    // Sent without `required`/`validation`: kotsadm checks nothing, saves, and the version waits for config.
    expect((await put([{ name: 'ads_enabled', value: '1' }, { name: 'ads_app_id', value: 'not-a-guid' }])).json).toEqual({ success: true });
    expect(double.versions('deepsource').at(-1)).toMatchObject({ sequence: 2, status: 'pending_config' });
    const required = await put([{ name: 'ads_host', title: 'Host', type: 'text', value: '', required: true }]);
    expect(required).toMatchObject({ status: 400, json: { success: false, error: 'The following fields are required: Host', requiredItems: ['ads_host'] } });
    const validation = { regex: { pattern: '^[0-9a-fA-F-]{36}$', message: 'Must be a GUID' } };
    const invalid = await put([{ name: 'ads_app_id', type: 'text', value: 'not-a-guid', validation }]);
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ success: false, error: 'invalid config values', validationErrors: [{ name: 'vcs', item_errors: [{ name: 'ads_app_id', validation_errors: [{ message: 'Must be a GUID' }] }] }] });
    // An item sent with `when: "false"` (read while hidden) is skipped by kotsadm's validator.
    expect((await put([{ name: 'ads_app_id', type: 'text', value: 'not-a-guid', when: 'false', validation }])).status).toBe(200);
    expect(double.versions('deepsource')).toHaveLength(4);
    // liveconfig validates the whole rendered config instead.
    const live = await as('POST', '/api/v1/app/deepsource/liveconfig', JSON.stringify({ sequence: 0, configGroups: [{ name: 'vcs', items: [{ name: 'ads_enabled', value: '1' }, { name: 'ads_app_id', value: 'not-a-guid' }] }] }));
    expect(live.json).toMatchObject({ success: true, validationErrors: [{ name: 'vcs', item_errors: [{ name: 'ads_app_id' }] }] });
    expect(double.versions('deepsource')).toHaveLength(4);
  });

  it('500, not 404, for unknown slugs and bad sequences; empty 404 for unknown API paths; OPTIONS without auth', async () => {
    const { as, double } = await authed();
    expect(await as('GET', '/api/v1/app/nope/config/0')).toMatchObject({ status: 500, json: { success: false, error: 'failed to get app from app slug' } });
    expect(await as('PUT', '/api/v1/app/nope/config', '{}')).toMatchObject({ status: 500 });
    expect(await as('GET', '/api/v1/app/deepsource/config/x')).toMatchObject({ status: 500, json: { error: 'failed to parse app sequence' } });
    const unknown = await as('GET', '/api/v1/nothing-here');
    expect(unknown).toMatchObject({ status: 404, text: '' });
    expect(unknown.headers.get('content-type')).toBe('text/plain');
    expect((await call(double, 'OPTIONS', '/api/v1/apps', { headers: { origin: 'https://x.example' } })).status).toBe(200);
  });

  it('deploy requires a JSON body, refuses pending_config, and moves deploying → deployed asynchronously', async () => {
    const { as, double } = await authed();
    expect(await as('POST', '/api/v1/app/deepsource/sequence/1/deploy')).toMatchObject({ status: 400, json: { success: false, status: '', error: 'failed to decode request body' } });
    double.setVersionStatus('deepsource', 1, 'pending_config');
    expect((await as('POST', '/api/v1/app/deepsource/sequence/1/deploy', '{}')).json).toMatchObject({ error: "not deploying version 1 because it's pending_config" });
    double.setVersionStatus('deepsource', 1, 'pending');
    expect(await as('POST', '/api/v1/app/deepsource/sequence/1/deploy', JSON.stringify({ isSkipPreflights: false }))).toMatchObject({ status: 200, text: '{"success":true,"status":""}' });
    expect(double.versions('deepsource')[1]?.status).toBe('deploying');
    await expect.poll(() => double.versions('deepsource')[1]?.status).toBe('deployed');
    expect(double.deployedSequence('deepsource')).toBe(1);
    const versions = await as('GET', '/api/v1/app/deepsource/versions?currentPage=0&pageSize=20');
    expect((versions.json as { versionHistory: Array<{ sequence: number }> }).versionHistory.map((v) => v.sequence)).toEqual([1, 0]);
  });

  it('a failing deploy ends as failed and leaves the deployed version', async () => {
    const { as, double } = await authed({ deployOutcome: 'failed' });
    await as('POST', '/api/v1/app/deepsource/sequence/1/deploy', '{}');
    await expect.poll(() => double.versions('deepsource')[1]?.status).toBe('failed');
    expect(double.deployedSequence('deepsource')).toBe(0);
  });
});

describe('KOTS double: TLS', () => {
  it('serves self-signed HTTPS with a throwaway certificate that verifies only against itself', async () => {
    const { double } = await start({ tls: true });
    expect(double.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(double.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const get = (ca?: string) =>
      new Promise<number>((resolve, reject) => {
        https.get(`${double.url}/api/v1/login/info`, { ...(ca ? { ca } : {}) }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).once('error', reject);
      });
    await expect(get()).rejects.toThrow(/self[- ]signed/i);
    expect(await get(double.certificate?.cert)).toBe(200);
  });
});

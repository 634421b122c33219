import { rejection } from '../../../test/doubles/rejection';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startKotsDouble, type KotsDouble, type KotsDoubleOptions } from '../../demo/kots-console/double';
import { ConsoleRejectedError, ConsoleTlsError, KotsClient } from './kots-client';
import { nodeConsoleTransport } from './node-transport';
import type { CertificateTrust } from '../tls/certificate-trust';
import type { ConsoleTransport } from './transport';

const PASSWORD = 'client-test-pw';
const doubles: KotsDouble[] = [];
const transports: ConsoleTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const d of doubles.splice(0)) await d.close();
});

async function setup(options: Partial<KotsDoubleOptions> = {}, trust: CertificateTrust = {}, clientOptions: { timeoutMs?: number; getRetries?: number } = {}) {
  let clock = Date.parse('2026-11-26T12:00:00Z');
  const double = await startKotsDouble({ password: PASSWORD, now: () => clock, deployDelayMs: 50, ...options });
  doubles.push(double);
  const transport = nodeConsoleTransport(trust.pinnedFingerprint === 'double' ? { pinnedFingerprint: double.fingerprint as string } : trust);
  transports.push(transport);
  const sleeps: number[] = [];
  const client = new KotsClient({
    baseUrl: double.url,
    fetch: transport.fetch,
    timeoutMs: clientOptions.timeoutMs ?? 3000,
    getRetries: clientOptions.getRetries ?? 2,
    backoffMs: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { double, client, sleeps, advance: (ms: number) => (clock += ms) };
}

describe('KotsClient login', () => {
  it.each(['cookie', 'body-token'] as const)('logs in with the %s style and then sends Authorization: Bearer <jwt>', async (loginStyle) => {
    const { double, client } = await setup({ loginStyle });
    await client.login(PASSWORD);
    const apps = await client.listApps();
    expect(apps.map((a) => a.slug)).toEqual(['deepsource']);
    const appsRequest = double.requests.find((r) => r.path === '/api/v1/apps');
    expect(appsRequest?.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(appsRequest?.cookie).toBeUndefined();
  });

  it('a wrong password: one request, the console message shown, never retried', async () => {
    const { double, client } = await setup();
    const error = await rejection(client.login('not-it'));
    expect(error.code).toBe('CONSOLE_AUTH');
    expect(error.message).toContain('Invalid password. Please try again.');
    expect(error.message).not.toContain('not-it');
    expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(1);
    expect(double.numAttempts).toBe(1);
  });

  it('a locked console: CONSOLE_LOCKED with the reset-password remedy', async () => {
    const { double, client } = await setup();
    for (let i = 0; i < 11; i++) await rejection(client.login(`wrong-${i}`));
    const error = await rejection(client.login(PASSWORD));
    expect(error.code).toBe('CONSOLE_LOCKED');
    expect(error.message).toContain('Admin Console has been locked.');
    expect(error.remedy).toContain('kubectl kots reset-password');
    expect(double.requests).toHaveLength(12);
  });

  it('session expiry mid-flow: CONSOLE_AUTH naming the step, no silent re-login', async () => {
    const { double, client, advance } = await setup();
    await client.login(PASSWORD);
    await client.listApps();
    advance(13 * 3600_000);
    const error = await rejection(client.getConfig('deepsource', 0));
    expect(error.code).toBe('CONSOLE_AUTH');
    expect(error.message).toContain('session expired');
    expect(error.message).toContain('GET /api/v1/app/deepsource/config/0');
    expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(1);
  });
});

describe('KotsClient typed errors for slow and malformed answers', () => {
  it('a timeout becomes CONSOLE_TIMEOUT (GETs retried with backoff, then given up)', async () => {
    const { double, client, sleeps } = await setup({}, {}, { timeoutMs: 150 });
    await client.login(PASSWORD);
    double.inject({ path: '/api/v1/apps', delayMs: 600, times: 3 });
    const error = await rejection(client.listApps());
    expect(error.code).toBe('CONSOLE_TIMEOUT');
    expect(double.requests.filter((r) => r.path === '/api/v1/apps')).toHaveLength(3);
    expect(sleeps).toEqual([10, 20]);
  });

  it('a GET that times out once succeeds on the retry', async () => {
    const { double, client } = await setup({}, {}, { timeoutMs: 150 });
    await client.login(PASSWORD);
    double.inject({ path: '/api/v1/apps', delayMs: 600 });
    expect((await client.listApps()).map((a) => a.slug)).toEqual(['deepsource']);
  });

  it('an answer whose body stalls half-way becomes CONSOLE_TIMEOUT (login: one attempt only)', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"tok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = nodeConsoleTransport();
    transports.push(transport);
    try {
      const client = new KotsClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, fetch: transport.fetch, timeoutMs: 200 });
      const error = await rejection(client.login(PASSWORD));
      expect(error.code).toBe('CONSOLE_TIMEOUT');
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('invalid JSON on a 200 becomes CONSOLE_BAD_ANSWER', async () => {
    const { double, client } = await setup();
    await client.login(PASSWORD);
    double.inject({ path: '/api/v1/apps', status: 200, body: '{"apps": [', times: 3 });
    const error = await rejection(client.listApps());
    expect(error).toMatchObject({ code: 'CONSOLE_BAD_ANSWER', message: expect.stringContaining('not JSON') });
  });

  it('an HTML page (proxy login, wrong port) becomes CONSOLE_BAD_ANSWER saying so', async () => {
    const { double, client } = await setup();
    double.inject({ path: '/api/v1/login', status: 502, contentType: 'text/html', body: '<!DOCTYPE html><html><body>Bad gateway</body></html>' });
    const error = await rejection(client.login(PASSWORD));
    expect(error).toMatchObject({ code: 'CONSOLE_BAD_ANSWER', message: expect.stringContaining('web page') });
  });

  it('JSON of the wrong shape becomes CONSOLE_BAD_ANSWER', async () => {
    const { double, client } = await setup();
    await client.login(PASSWORD);
    double.inject({ path: '/api/v1/apps', status: 200, body: '{"apps":[{"name":1}]}' });
    expect((await rejection(client.listApps())).code).toBe('CONSOLE_BAD_ANSWER');
  });

  it('a version status that is not a short word (a page, a dump) becomes CONSOLE_BAD_ANSWER, never shown as a status', async () => {
    const { double, client } = await setup();
    await client.login(PASSWORD);
    double.inject({ path: '/api/v1/app/deepsource/versions', status: 200, body: JSON.stringify({ versionHistory: [{ sequence: 1, status: 'x'.repeat(65), source: 'Config Change' }] }) });
    expect((await rejection(client.listVersions('deepsource'))).code).toBe('CONSOLE_BAD_ANSWER');
    expect((await client.listVersions('deepsource')).length).toBeGreaterThan(0);
  });

  it('a 500 for an unknown slug becomes CONSOLE_ERROR with the console words; nothing listens → CONSOLE_UNREACHABLE', async () => {
    const { client, double } = await setup();
    await client.login(PASSWORD);
    const error = await rejection(client.getConfig('nope', 0));
    expect(error).toMatchObject({ code: 'CONSOLE_ERROR', message: expect.stringContaining('failed to get app from app slug') });
    const url = double.url;
    await double.close();
    doubles.splice(doubles.indexOf(double), 1);
    const transport = nodeConsoleTransport();
    transports.push(transport);
    const offline = new KotsClient({ baseUrl: url, fetch: transport.fetch, getRetries: 0 });
    expect((await rejection(offline.login(PASSWORD))).code).toBe('CONSOLE_UNREACHABLE');
  });

  it('a 400 on save carries requiredItems / validationErrors; a 500 on save is not retried', async () => {
    const { double, client } = await setup();
    await client.login(PASSWORD);
    const rejected = await rejection(client.putConfig('deepsource', 0, [{ name: 'vcs', items: [{ name: 'ads_client_secret', type: 'password', value: '', required: true }] }]));
    expect(rejected).toBeInstanceOf(ConsoleRejectedError);
    expect((rejected as ConsoleRejectedError).requiredItems).toEqual(['ads_client_secret']);
    double.inject({ method: 'PUT', path: '/api/v1/app/deepsource/config', status: 500, body: '{"success":false,"error":"failed to render"}', times: 5 });
    const failed = await rejection(client.putConfig('deepsource', 0, []));
    expect(failed).toMatchObject({ code: 'CONSOLE_ERROR', message: expect.stringContaining('failed to render') });
    expect(double.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it('deploy always sends the JSON body the console requires', async () => {
    const { double, client } = await setup();
    await client.login(PASSWORD);
    await client.deploy('deepsource', 1);
    const deploy = double.requests.find((r) => r.path.endsWith('/deploy'));
    expect(JSON.parse(deploy?.body ?? '')).toEqual({ isSkipPreflights: false, continueWithFailedPreflights: false, isCli: false });
  });
});

describe('KotsClient over HTTPS', () => {
  it('refuses an untrusted self-signed certificate before sending anything, reporting its fingerprint', async () => {
    const { double, client } = await setup({ tls: true });
    const error = await rejection(client.login(PASSWORD));
    expect(error).toBeInstanceOf(ConsoleTlsError);
    expect(error.code).toBe('CONSOLE_TLS');
    expect(error.message).toContain(double.fingerprint);
    expect(double.requests).toHaveLength(0);
  });

  it('works with the pinned fingerprint, and with the certificate given as CA', async () => {
    const pinned = await setup({ tls: true }, { pinnedFingerprint: 'double' });
    await pinned.client.login(PASSWORD);
    expect(await pinned.client.listApps()).toHaveLength(1);
    const cert = pinned.double.certificate;
    const viaCa = await setup({ tls: true, ...(cert ? { certificate: cert } : {}) }, { caPem: cert?.cert ?? '' });
    await viaCa.client.login(PASSWORD);
    expect(await viaCa.client.listApps()).toHaveLength(1);
  });

  it('a different certificate than the pinned one: CERT_CHANGED, nothing sent', async () => {
    const other = await setup({ tls: true });
    const { double, client } = await setup({ tls: true }, { pinnedFingerprint: other.double.fingerprint as string });
    const error = await rejection(client.login(PASSWORD));
    expect(error.code).toBe('CERT_CHANGED');
    expect(error.message).toContain(double.fingerprint);
    expect(double.requests).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { rejection } from '../../../test/doubles/rejection';
import { startKotsDouble, type KotsDouble } from '../../demo/kots-console/double';
import { KotsClient } from './kots-client';
import { nodeConsoleTransport } from './node-transport';
import type { ConsoleTransport } from './transport';

const PASSWORD = 'client-errors-pw';
const doubles: KotsDouble[] = [];
const transports: ConsoleTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const d of doubles.splice(0)) await d.close();
});

async function setup() {
  const double = await startKotsDouble({ password: PASSWORD });
  doubles.push(double);
  const transport = nodeConsoleTransport({});
  transports.push(transport);
  return { double, client: new KotsClient({ baseUrl: double.url, fetch: transport.fetch, getRetries: 0, timeoutMs: 3000 }) };
}

// How kotsadm words some refusals, and what the admin is told to do about them.
describe('KotsClient: kotsadm refusals explained', () => {
  it('a 403 on save (Embedded Cluster: "this version cannot be edited") says the console moved on, not "check the URL"', async () => {
    const { double, client } = await setup();
    await client.login(PASSWORD);
    double.inject({ method: 'PUT', path: '/api/v1/app/deepsource/config', status: 403, body: '{"success":false,"error":"this version cannot be edited"}' });
    const error = await rejection(client.putConfig('deepsource', 0, []));
    expect(error).toMatchObject({ code: 'CONSOLE_CHANGED', message: expect.stringContaining('moved on'), remedy: expect.stringContaining('Show the changes again') });
    expect(error.message).toContain('this version cannot be edited');
    expect(`${error.message} ${error.remedy}`).not.toMatch(/URL/);
  });

  it('a locked console names both reset commands: kubectl kots and Embedded Cluster’s own', async () => {
    const { double, client } = await setup();
    double.inject({ method: 'POST', path: '/api/v1/login', status: 401, body: '{"error":"Admin Console is locked. Please reset the password.","success":false}' });
    const error = await rejection(client.login(PASSWORD));
    expect(error.code).toBe('CONSOLE_LOCKED');
    expect(error.remedy).toContain('kubectl kots reset-password -n NAMESPACE');
    expect(error.remedy).toContain('sudo ./<binary> admin-console reset-password');
  });

  it('an empty 500 (kotsadm’s GetApp, ListApps, login/info) says no reason was given; the slug is named only for app routes', async () => {
    const { double, client } = await setup();
    double.inject({ method: 'GET', path: '/api/v1/login/info', status: 500, body: '' });
    const info = await rejection(client.loginInfo());
    expect(info).toMatchObject({ code: 'CONSOLE_ERROR', message: 'The admin console failed on GET /api/v1/login/info (HTTP 500) and gave no reason.' });
    expect(info.remedy).not.toContain('slug');
    expect(info.remedy).toContain('kubectl logs deploy/kotsadm');
    await client.login(PASSWORD);
    double.inject({ method: 'GET', path: '/api/v1/app/deepsource', status: 500, body: '' });
    const app = await rejection(client.getApp('deepsource'));
    expect(app.message).toContain('gave no reason');
    expect(app.remedy).toContain('app slug');
  });
});

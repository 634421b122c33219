import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../test/doubles/temp-dir';
import { ConsoleService } from '../main/console/console-service';
import { nodeConsoleTransport } from '../main/console/node-transport';
import { adoOAuthProvider } from '../main/registration/providers/ado-oauth';
import { generateAdoClientSecret } from './azure-replica/server';
import { ProfileStore } from '../main/vault/profile-store';
import { VaultService } from '../main/vault/vault';
import { requestCertificateFacts } from '../main/shell/certificate-verify';
import { decideCertificate, type CertificateTrust } from '../main/tls/certificate-trust';
import { DEMO_HOSTNAME, startDemoEnvironment, type DemoEnvironment } from './environment';
import { byPassword } from '../../test/kots/push-fixture';

const tempDir = useTempDirs();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTPS request that trusts only `ca` (verification stays on). */
function request(url: string, options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: options.method ?? 'GET', headers: options.headers, ...(options.ca ? { ca: options.ca } : {}), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function configOf(html: string): Record<string, unknown> {
  const match = /<script id="replica-config" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('the demo environment over real loopback HTTPS', () => {
  let demo: DemoEnvironment;
  let vault: VaultService;
  let ca: string;
  let dataDir: string;

  beforeAll(async () => {
    // Shared by the tests of this block (useTempDirs empties after each test).
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-demo-test-'));
    vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets: new MemorySecretStore() });
    demo = await startDemoEnvironment({ vault });
    ca = demo.azure.certificatePem;
  }, 30_000);

  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves every replica on 127.0.0.1 only, over HTTPS with its own throwaway certificate', async () => {
    const origins = Object.values(demo.azure.origins);
    expect(origins).toHaveLength(5);
    expect(new Set(origins).size).toBe(5);
    for (const origin of origins) expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(new X509Certificate(ca).fingerprint256).toBe(demo.azure.fingerprint);
    expect(demo.azure.fingerprint).not.toBe(demo.console.fingerprint);
    expect(demo.registrationTrust).toEqual({ pins: [{ hostname: '127.0.0.1', fingerprint256: demo.azure.fingerprint }] });
    // Verification stays on: without the demo's certificate as CA the connection is refused.
    await expect(request(demo.azure.startUrls['ado-oauth'])).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('ADO: register form → app page with a generated App ID, a Client Secret behind "Show" and an Authorize URL that passes every check', async () => {
    const register = await request(demo.azure.startUrls['ado-oauth'], { ca });
    expect(register.status).toBe(200);
    expect(register.body).toContain('Create application');
    const aex = demo.azure.origins['https://aex.dev.azure.com'];
    const form = { fields: { companyName: 'DeepSource Enterprise Server', appName: 'DeepSource Demo Org', appUrl: `https://${DEMO_HOSTNAME}`, redirectUrl: `https://${DEMO_HOSTNAME}/accounts/ads/login/callback/bifrost` }, scopes: { 'vso.code_write': true, 'vso.code_status': true, 'vso.project': true, 'vso.work': false } };
    // Another site cannot create apps in the replica.
    const foreign = await request(`${aex}/app/register`, { ca, method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify(form) });
    expect(foreign.status).toBe(403);
    const refused = await request(`${aex}/app/register`, { ca, method: 'POST', headers: { 'content-type': 'application/json', origin: aex }, body: JSON.stringify({ ...form, fields: { ...form.fields, redirectUrl: 'http://x' } }) });
    expect(refused.status).toBe(400);
    const created = await request(`${aex}/app/register`, { ca, method: 'POST', headers: { 'content-type': 'application/json', origin: aex }, body: JSON.stringify(form) });
    expect(created.status).toBe(200);
    const next = (JSON.parse(created.body) as { next: string }).next;
    expect(new URL(next).origin).toBe(demo.azure.origins['https://app.vsaex.visualstudio.com']);

    const view = await request(next, { ca });
    const config = configOf(view.body) as { appId: string; authorizeUrl: string };
    const app = demo.azure.replica.adoApps().find((a) => a.appId === config.appId)!;
    expect(app).toBeDefined();
    expect(view.body).not.toContain(app.clientSecret);
    expect(view.body).not.toContain(app.appSecret);
    const shown = await request(`${new URL(next).origin}/app/secret?clientId=${app.appId}&kind=client`, { ca });
    const clientSecret = (JSON.parse(shown.body) as { value: string }).value;
    expect(clientSecret).toBe(app.clientSecret);
    expect(clientSecret).toHaveLength(758);

    const url = new URL(config.authorizeUrl);
    expect(url.searchParams.get('client_id')).toBe(config.appId);
    expect(url.searchParams.get('response_type')).toBe('Assertion');
    expect(url.searchParams.get('scope')).toBe('vso.code_write vso.code_status vso.project');
    const profile = await vault.view(demo.profiles.ado);
    expect(url.searchParams.get('redirect_uri')).toBe(profile.callbackUrl);
    const checks = adoOAuthProvider.checks({ appId: config.appId, clientSecret, authorizeUrl: config.authorizeUrl, appSecret: app.appSecret }, { expectedCallback: profile.callbackUrl, origin: new URL(next).origin });
    expect(checks.filter((c) => !c.ok)).toEqual([]);

    // Values are generated per run: a second app differs.
    const second = await request(`${aex}/app/register`, { ca, method: 'POST', headers: { 'content-type': 'application/json', origin: aex }, body: JSON.stringify(form) });
    const secondId = new URL((JSON.parse(second.body) as { next: string }).next).searchParams.get('clientId');
    expect(secondId).not.toBe(config.appId);
    const list = await request(`${demo.azure.origins['https://app.vssps.visualstudio.com']}/profile/view`, { ca });
    expect((configOf(list.body) as { apps: unknown[] }).apps).toHaveLength(3);
  });

  it('Entra: overview data, a secrets blade on a second origin whose new Value is answered once and masked afterwards', async () => {
    const portal = demo.azure.origins['https://portal.azure.com'];
    const blade = demo.azure.origins['https://reactblade.portal.azure.net'];
    expect(new URL(portal).port).not.toBe(new URL(blade).port);
    const shell = await request(demo.azure.startUrls.entra, { ca });
    expect(configOf(shell.body)).toEqual({ bladeUrl: '/api/blade' });
    const appId = demo.azure.replica.entraApps()[0]!.appId;
    const bladeOf = async (route: string) => JSON.parse((await request(`${portal}/api/blade?route=${encodeURIComponent(route)}`, { ca })).body) as { title: string; html: string };
    const overview = await bladeOf(`#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}`);
    expect(overview.html).toContain(appId);
    expect(overview.html).toContain(demo.azure.tenantId);
    const list = await bladeOf('#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade');
    expect(list.html).toContain('role="grid"');
    const credentials = await bladeOf(`#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${appId}`);
    const secretsUrl = `${blade}/Microsoft_AAD_RegisteredApps/secrets.html?appId=${appId}`;
    expect(credentials.html).toContain(`src="${secretsUrl}"`);
    const rows = (html: string) => html.split('data-automationid="DetailsRow"').length - 1;
    const before = await request(secretsUrl, { ca });
    expect(before.headers['content-security-policy']).toBe(`frame-ancestors ${portal}`);
    expect(rows(before.body)).toBe(1);
    const added = await request(`${blade}/api/secrets`, { ca, method: 'POST', headers: { 'content-type': 'application/json', origin: blade }, body: JSON.stringify({ appId, description: 'DeepSource', days: 365 }) });
    const { value, rowHtml } = JSON.parse(added.body) as { value: string; rowHtml: string };
    expect(value).toMatch(/^.{3}8Q~.{34}$/);
    expect(rowHtml).toContain(value);
    const after = await request(secretsUrl, { ca });
    expect(rows(after.body)).toBe(2);
    expect(after.body).not.toContain(value);
    expect(after.body).toContain(value.slice(0, 3));
  });

  it('the KOTS double answers login with the demo password over its own pinned certificate', async () => {
    expect(demo.console.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const login = (password: string) =>
      request(`${demo.console.url}/api/v1/login`, { ca: demo.console.certificatePem, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
    expect((await login('wrong')).status).toBe(401);
    const ok = await login(demo.console.password);
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/^signed-token="Bearer /);
    expect(demo.info.demoPassword).toBe(demo.console.password);
    // The console's certificate is not the replica's: each server is trusted by its own certificate only.
    await expect(request(`${demo.console.url}/api/v1/login`, { ca, method: 'POST' })).rejects.toThrow();
  });

  it('creates the demo profiles pointing at the double, with its certificate pinned', async () => {
    const { profiles } = await vault.list();
    expect(profiles.map((p) => p.profile.id).sort()).toEqual(['demo-ado', 'demo-entra']);
    for (const view of profiles) {
      expect(view.profile.hostname).toBe(DEMO_HOSTNAME);
      expect(view.profile.console).toMatchObject({ url: demo.console.url, appSlug: 'deepsource', pinnedFingerprint: demo.console.fingerprint });
      expect(view.callbackUrl).toBe(`https://${DEMO_HOSTNAME}/accounts/ads/login/callback/bifrost`);
    }
    expect(profiles.find((p) => p.profile.id === 'demo-entra')!.profile.provider).toBe('entra');
    // The seeded earlier app was registered with the profile's callback.
    const seeded = demo.azure.replica.adoApps()[0]!;
    expect(seeded.callback).toBe(profiles[0]!.callbackUrl);
    expect(demo.info.demoEnvironment).toMatchObject({ consoleUrl: demo.console.url, consoleFingerprint: demo.console.fingerprint, azureFingerprint: demo.azure.fingerprint, profileIds: ['demo-ado', 'demo-entra'] });
  });

  it('a push of the demo profile reaches the double through its pinned certificate and deploys', async () => {
    const clientSecret = generateAdoClientSecret();
    await vault.applyCapture(demo.profiles.ado, { appId: '0F1E2D3C-4B5A-4978-8796-A5B4C3D2E1F0', clientSecret, authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?x=1' }, 'new');
    const service = new ConsoleService({ vault, transport: nodeConsoleTransport, pollIntervalMs: 50 });
    try {
      const plan = await service.plan({ profileId: demo.profiles.ado, access: byPassword(demo.console.password) });
      expect(plan.status).toBe('ready');
      if (plan.status !== 'ready') return;
      const report = await service.apply({ profileId: demo.profiles.ado, planId: plan.plan.planId, deploy: true });
      expect(report).toMatchObject({ outcome: 'done', verified: true, deploy: { status: 'deployed' } });
      expect(demo.console.double.decryptedValues(demo.console.appSlug)['ads_client_secret']).toBe(clientSecret);
    } finally {
      service.close();
    }
  }, 20_000);

  it('the registration session accepts exactly the replica certificate, for 127.0.0.1 only', () => {
    // As the session's verify proc sees a self-signed certificate: Chromium's own verification refused it.
    const judged = (hostname: string, pem: string, trust: CertificateTrust = demo.registrationTrust) => {
      const facts = requestCertificateFacts({ hostname, certificate: { data: pem }, errorCode: -202, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID' } as Electron.Request);
      return facts ? decideCertificate(facts, trust).verdict : 'unreadable';
    };
    expect(judged('127.0.0.1', ca)).toBe('accept');
    expect(judged('localhost', ca)).toBe('untrusted');
    expect(judged('aex.dev.azure.com', ca)).toBe('untrusted');
    expect(judged('127.0.0.1', demo.console.certificatePem)).toBe('untrusted');
    expect(judged('127.0.0.1', 'not a certificate')).toBe('unreadable');
    expect(judged('127.0.0.1', ca, {})).toBe('untrusted');
  });
});

describe('stopping the demo', () => {
  it('closes every server and frees its port; stop() twice is harmless', async () => {
    const vault = new VaultService({ profiles: new ProfileStore({ dataDir: tempDir() }), secrets: new MemorySecretStore() });
    const demo = await startDemoEnvironment({ vault, pinConsoleCertificate: false });
    expect((await vault.view('demo-ado')).profile.console.pinnedFingerprint).toBeUndefined();
    // Unpinned, the console's certificate is refused and its fingerprint offered for the admin to confirm.
    const service = new ConsoleService({ vault, transport: nodeConsoleTransport });
    expect(await service.plan({ profileId: 'demo-ado', access: byPassword(demo.console.password) })).toMatchObject({ status: 'needs-trust', fingerprint: demo.console.fingerprint });
    service.close();
    const urls = [...Object.values(demo.azure.origins), demo.console.url];
    // Open keep-alive connections must not hold a server open.
    const agent = new https.Agent({ keepAlive: true, ca: demo.azure.certificatePem });
    await new Promise<void>((resolve, reject) => https.get(demo.azure.startUrls.entra, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
    await demo.stop();
    await demo.stop();
    agent.destroy();
    for (const url of urls) {
      const port = Number(new URL(url).port);
      await expect(request(url, { ca: demo.azure.certificatePem })).rejects.toThrow(/ECONNREFUSED/);
      expect(await portIsFree(port)).toBe(true);
    }
  }, 30_000);
});

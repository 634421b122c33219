import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAlpnSplit } from '../../../../test/doubles/alpn-split';
import { MemorySecretStore } from '../../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../../test/doubles/temp-dir';
import { startFrontDoor, type FrontDoor } from '../../../demo/deepsource-front-door/server';
import { makeThrowawayCertificate, type ThrowawayCertificate } from '../../tls/throwaway-certificate';
import { ProfileStore } from '../../vault/profile-store';
import { VaultService } from '../../vault/vault';

const repoRoot = path.resolve(__dirname, '../../../..');
const cli = path.join(repoRoot, 'out', 'cli', 'index.js');
const HOST = 'deepsource.contoso.example';
const APP_ID = '8d2f6a1c-3b4e-4f5a-9c7d-1e2f3a4b5c6d';
const tempDir = useTempDirs();
let certificate: ThrowawayCertificate;
let frontDoor: FrontDoor | undefined;
let deployed: { sequence: number; versions: Record<number, Record<string, string>> };
afterEach(async () => frontDoor?.close());
beforeAll(async () => {
  certificate = await makeThrowawayCertificate(HOST);
});

async function setUp(profile: { provider?: 'ado-oauth' | 'entra'; callbackTrailingSlash?: boolean; tenantId?: string }, authority: string, entraAware = true) {
  deployed = { sequence: 1, versions: { 1: { ads_enabled: '1', ads_app_id: APP_ID, ads_authority: authority } } };
  frontDoor = await startFrontDoor({
    certificate,
    hostname: HOST,
    console: { values: (s) => deployed.versions[s] ?? {}, deployedSequence: () => deployed.sequence },
    items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority' },
    restartMs: 4_000,
  });
  frontDoor.behaviour.entraAware = entraAware;
  const dataDir = tempDir();
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets: new MemorySecretStore() });
  await vault.create({ id: 'contoso', label: 'Contoso', hostname: HOST, organization: 'Contoso', provider: profile.provider ?? 'ado-oauth', appId: APP_ID, ...(profile.tenantId ? { tenantId: profile.tenantId } : {}), ...(profile.callbackTrailingSlash ? { callbackTrailingSlash: true } : {}) });
  return dataDir;
}

async function signinCheck(dataDir: string, extra: string[] = [], url = frontDoor!.loginUrl) {
  const args = [cli, 'signin-check', '--data-dir', dataDir, '--profile', 'contoso', '--url', url, '--json', ...extra];
  const result = await promisify(execFile)(process.execPath, args, { env: process.env }).then(
    (ok) => ({ code: 0, stdout: ok.stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  return { code: result.code, json: JSON.parse(result.stdout) as { verdict: string; clientId: string | null; redirectUri: string | null; authorityHost: string | null; checks: { id: string; ok: boolean; fix?: string }[]; certificate?: { fingerprint: string } } };
}
const trusted = () => ['--trust-fingerprint', certificate.fingerprint];
const failed = (checks: { id: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.id);

describe('ads-setup signin-check (built CLI, real Chromium, front door replica over HTTPS)', () => {
  beforeAll(() => expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true));

  it('exits 0 when DeepSource sends the App ID and the callback, and prints the JSON the docs promise', async () => {
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    const { code, json } = await signinCheck(dataDir, trusted());
    expect(code).toBe(0);
    expect(json).toMatchObject({ verdict: 'passed', clientId: APP_ID, redirectUri: `https://${HOST}/accounts/ads/login/callback/bifrost`, authorityHost: 'app.vssps.visualstudio.com' });
    expect(failed(json.checks)).toEqual([]);
  });

  it('exits 4 with the fingerprint when the certificate is not trusted', async () => {
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    const { code, json } = await signinCheck(dataDir);
    expect(code).toBe(4);
    expect(json.certificate?.fingerprint).toBe(certificate.fingerprint);
  });

  it('exits 7 for a trailing-slash mismatch, with the fix', async () => {
    const dataDir = await setUp({ callbackTrailingSlash: true }, 'app.vssps.visualstudio.com');
    const { code, json } = await signinCheck(dataDir, trusted());
    expect(code).toBe(7);
    expect(json.checks.find((c) => c.id === 'signin-redirect-uri')).toMatchObject({ ok: false, fix: expect.stringContaining('register the app again') });
  });

  it('exits 7 for a stale App ID just after a deploy; with --wait it sees the new one', async () => {
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    deployed.versions[2] = { ads_enabled: '1', ads_app_id: APP_ID, ads_authority: 'app.vssps.visualstudio.com' };
    deployed.versions[1] = { ...deployed.versions[1]!, ads_app_id: '0f0e0d0c-0b0a-4909-8807-060504030201' };
    // Version 1 (another app) is live until the deploy of version 2, which then takes the front door's restart (4 s)
    // to go live. The single look happens before that deploy, so it cannot depend on how fast this machine is.
    const once = await signinCheck(dataDir, trusted());
    expect(once.code).toBe(7);
    expect(failed(once.json.checks)).toEqual(['signin-client-id']);
    deployed.sequence = 2;
    const waited = await signinCheck(dataDir, [...trusted(), '--wait', '30']);
    expect(waited.code).toBe(0);
  });

  it('exits 7 for an Entra installation on a DeepSource that still sends users to vssps', async () => {
    const dataDir = await setUp({ provider: 'entra', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, 'login.microsoftonline.com', false);
    const { code, json } = await signinCheck(dataDir, trusted());
    expect(code).toBe(7);
    expect(failed(json.checks)).toEqual(['signin-authority']);
  });

  it('issue 22 §2: behind a proxy that splits connections by ALPN, the pinned certificate is that of the server whose pages are judged', async () => {
    // The console's real DeepSource (pinned) still sends the old app; an unpinned server sends the expected one.
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    deployed.versions[1] = { ...deployed.versions[1]!, ads_app_id: '0f0e0d0c-0b0a-4909-8807-060504030201' };
    const impostorCertificate = await makeThrowawayCertificate(HOST);
    const impostor = await startFrontDoor({
      certificate: impostorCertificate,
      hostname: HOST,
      console: { values: () => ({ ads_enabled: '1', ads_app_id: APP_ID, ads_authority: 'app.vssps.visualstudio.com' }), deployedSequence: () => 1 },
      items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority' },
    });
    const port = (origin: string) => Number(new URL(origin).port);
    const split = await startAlpnSplit({ h2: port(impostor.origin), other: port(frontDoor!.origin) });
    try {
      const { code, json } = await signinCheck(dataDir, trusted(), `https://127.0.0.1:${split.port}/login`);
      // Once four ✓ (exit 0) from the impostor's pages; now the pinned server's own answer, and the impostor unseen.
      expect(code).toBe(7);
      expect(failed(json.checks)).toEqual(['signin-client-id']);
      expect(split.routed.h2).toBe(0);
      expect(split.routed.other).toBeGreaterThan(0);
      // Every connection sent to the impostor instead: refused with its certificate, never judged by another.
      const allImpostor = await startAlpnSplit({ h2: port(impostor.origin), other: port(impostor.origin) });
      const refused = await signinCheck(dataDir, trusted(), `https://127.0.0.1:${allImpostor.port}/login`);
      await allImpostor.close();
      expect(refused.code).toBe(4);
      expect(refused.json.certificate?.fingerprint).toBe(impostorCertificate.fingerprint);
    } finally {
      await split.close();
      await impostor.close();
    }
  }, 90_000);

  it('issue 22 §3: SIGTERM ends a run that would go on (wait 0): Chromium is closed, the exit code is 143', async () => {
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    // A DeepSource whose Azure DevOps entry leads to a page with nothing on it: the run follows it and waits.
    const stuck = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      const body = request.url === '/login' ? '<a href="/accounts/ads/login/">Azure Devops Services</a>' : '<p>Nothing here.</p>';
      response.writeHead(200, { 'content-type': 'text/html' }).end(body);
    });
    await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
    const child = spawn(process.execPath, [cli, 'signin-check', '--data-dir', dataDir, '--profile', 'contoso', '--url', `https://127.0.0.1:${(stuck.address() as AddressInfo).port}/login`, ...trusted()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()).includes('Following') && resolve()));
    const browsers = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' }).split('\n').map((line) => Number(line.trim())).filter(Boolean);
    expect(browsers.length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain('Stopped by SIGTERM');
    const alive = browsers.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    stuck.close();
  }, 90_000);

  it('refuses plain http outside loopback and an authorize URL given as the login page, exit 1', async () => {
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    const args = (url: string) => promisify(execFile)(process.execPath, [cli, 'signin-check', '--data-dir', dataDir, '--profile', 'contoso', '--url', url]).then(() => 0, (e: { code: number }) => e.code);
    expect(await args('http://deepsource.contoso.example/login')).toBe(1);
    expect(await args('https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x')).toBe(1);
  });
});

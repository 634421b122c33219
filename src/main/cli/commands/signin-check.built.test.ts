import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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

async function signinCheck(dataDir: string, extra: string[] = []) {
  const args = [cli, 'signin-check', '--data-dir', dataDir, '--profile', 'contoso', '--url', frontDoor!.loginUrl, '--json', ...extra];
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

  it('refuses plain http outside loopback and an authorize URL given as the login page, exit 1', async () => {
    const dataDir = await setUp({}, 'app.vssps.visualstudio.com');
    const args = (url: string) => promisify(execFile)(process.execPath, [cli, 'signin-check', '--data-dir', dataDir, '--profile', 'contoso', '--url', url]).then(() => 0, (e: { code: number }) => e.code);
    expect(await args('http://deepsource.contoso.example/login')).toBe(1);
    expect(await args('https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x')).toBe(1);
  });
});

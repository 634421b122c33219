// The built CLI (out/cli/index.js, plain Node) on the Graph route: $BROWSER hands the sign-in address to real
// Chromium, the real MSAL Node in the CLI process talks to the Entra double over HTTPS (its certificate trusted through
// NODE_EXTRA_CA_CERTS), the secret goes to the real gnome-keyring.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserInbox } from '../../../../test/entra/browser-inbox';
import { signInAtEntra, startTestEntra } from '../../../../test/entra/double';
import { CONTOSO, ADMIN } from '../../../../test/entra/service-fixture';
import type { EntraGraphDouble } from '../../../demo/entra-graph';
import { KeytarSecretStore } from '../../vault/keytar-store';
import { ProfileStore } from '../../vault/profile-store';
import { VaultService } from '../../vault/vault';

const repoRoot = path.resolve(__dirname, '../../../..');
const cli = path.join(repoRoot, 'out', 'cli', 'index.js');
const keychainService = `ads-setup-test-register-${randomBytes(6).toString('hex')}`;
let double: EntraGraphDouble;
let inbox: Awaited<ReturnType<typeof startBrowserInbox>>;
let dataDir: string;
let vault: VaultService;

beforeAll(async () => {
  double = await startTestEntra({ tenants: [CONTOSO] });
  inbox = await startBrowserInbox();
});
afterAll(async () => {
  await inbox?.close();
  await double?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  for (const { account } of await keytar.findCredentials(keychainService)) await keytar.deletePassword(keychainService, account);
});

function ads(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args, '--data-dir', dataDir], { env: { ...process.env, ...inbox.env, ADS_SETUP_KEYCHAIN_SERVICE: keychainService } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A CLI run that signs in: the admin signs in at the tab $BROWSER opened (consenting the first time). */
async function withSignIn(args: string[], consent = false) {
  const running = ads(args);
  await signInAtEntra(await inbox.browser.nextPage(), { ...ADMIN, ...(consent ? { consent: 'accept' as const } : {}) });
  return running;
}

const endpoints = () => ['--login-url', double.loginUrl, '--graph-url', double.graphUrl];

// Each CLI run starts Node and MSAL, and most sign in through Chromium: slow under a loaded machine, never waiting on time.
describe('ads-setup register / secret prove / rotate / signin-check --graph (built CLI)', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-register-'));
    vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets: new KeytarSecretStore({ service: keychainService }) });
    await vault.create({ id: 'contoso', label: 'Contoso', hostname: 'deepsource.contoso.example', organization: 'Contoso', provider: 'entra' });
  });

  it('register --json: one sign-in, the app made, one JSON document on stdout (never the secret, nothing of the browser), progress on stderr', async () => {
    const { code, stdout, stderr } = await withSignIn(['register', '--profile', 'contoso', '--via', 'graph', '--json', ...endpoints()], true);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const app = double.tenant.applications[0]!;
    expect(json).toMatchObject({
      phase: 'done',
      appId: app.appId,
      tenantId: double.tenant.id,
      objectId: app.id,
      redirectUris: ['https://deepsource.contoso.example/accounts/ads/login/callback/bifrost'],
      scopes: ['vso.code_write', 'vso.code_status', 'vso.project'],
      secret: { hint: app.passwordCredentials[0]!.hint, keyId: app.passwordCredentials[0]!.keyId },
      proof: { status: 'proven' },
    });
    expect(stdout).not.toContain('Opening in existing browser session');
    expect(stderr).toContain('Sign in to Microsoft Entra in your browser');
    // Before the Azure work DeepSource's login was looked at; this one is not reachable, so it says so: multitenant.
    expect(json['probe']).toMatchObject({ looked: false, observed: null, audience: 'AzureADMultipleOrgs', why: expect.stringContaining('could not be looked at') });
    expect(stderr).toMatch(/… DeepSource’s login: not followed to Azure\. Account type: AzureADMultipleOrgs\. DeepSource’s sign-in could not be looked at \(/);
    expect(stderr).toContain('… Creating the app registration “DeepSource Contoso”…');
    const secret = await vault.readSecret('contoso', 'client-secret');
    expect(stdout + stderr).not.toContain(secret);
  });

  it('register again: the registration exists (exit 2, said on stderr); --reuse-existing adds a secret to it (exit 0)', async () => {
    const again = await withSignIn(['register', '--profile', 'contoso', '--via', 'graph', ...endpoints()]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('A registration with this name and callback is already in Azure: “DeepSource Contoso”');
    expect(again.stderr).toContain('--reuse-existing');
    const reused = await withSignIn(['register', '--profile', 'contoso', '--via', 'graph', '--reuse-existing', ...endpoints()]);
    expect(reused.code).toBe(0);
    expect(reused.stdout).toContain('Reused “DeepSource Contoso” and stored its client secret in the OS keychain.');
    expect(double.tenant.applications).toHaveLength(1);
    expect(double.tenant.applications[0]!.passwordCredentials).toHaveLength(2);
  });

  it('a run stopped half-way: exit 3 with what exists in Azure and the two flags; --delete-incomplete deletes it', async () => {
    await vault.create({ id: 'halfway', label: 'Halfway', hostname: 'halfway.contoso.example', organization: 'Halfway', provider: 'entra' });
    double.graph.failNext({ method: 'POST', path: /addPassword$/, status: 500, code: 'InternalServerError', message: 'Internal Server Error' });
    const stopped = await withSignIn(['register', '--profile', 'halfway', '--via', 'graph', ...endpoints()]);
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/in Azure: “DeepSource Halfway” \(App ID [0-9a-f-]{36}, object ID [0-9a-f-]{36}\): service principal yes, Azure DevOps permissions yes, tenant-wide consent no, client secrets 0; missing: a client secret/);
    expect(stopped.stderr).toContain('--reuse-existing to finish it');
    expect((await vault.get('halfway')).azure).toEqual({});
    const deleted = await withSignIn(['register', '--profile', 'halfway', '--via', 'graph', '--delete-incomplete', ...endpoints()]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain('Deleted “DeepSource Halfway”');
    expect(double.tenant.applications.some((a) => a.displayName === 'DeepSource Halfway')).toBe(false);
  });

  it('secret prove: exit 0 proven at the endpoint the app was made with; a portal app’s goes to its cloud', async () => {
    const proven = await ads(['secret', 'prove', '--profile', 'contoso', '--json']);
    expect(proven.code).toBe(0);
    expect(JSON.parse(proven.stdout)).toMatchObject({ status: 'proven', tokenEndpoint: `${double.loginUrl}/${double.tenant.id}/oauth2/v2.0/token` });
    await vault.create({ id: 'typed', label: 'Typed', hostname: 'deepsource.contoso.example', organization: 'Contoso', provider: 'entra', appId: double.tenant.applications[0]!.appId, tenantId: double.tenant.id });
    await vault.setSecret('typed', 'client-secret', `Abc8Q~${'x'.repeat(34)}`);
    // No endpoint recorded (an app read off the portal): the proof goes to the cloud's own sign-in, which this machine
    // cannot reach; the one made through Graph went where it was made (the double).
    const unreachable = await ads(['secret', 'prove', '--profile', 'typed']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('login.microsoftonline.com could not be reached');
  });

  it('rotate --via graph, then --remove-old once the console holds it (here: the bundle was deployed)', async () => {
    const rotated = await withSignIn(['rotate', '--profile', 'contoso', '--via', 'graph', '--secret-days', '30', ...endpoints()]);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('Next: deliver it (ads-setup push --profile contoso --deploy, or a bundle)');
    const notYet = await ads(['rotate', '--profile', 'contoso', '--via', 'graph', '--remove-old']);
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toContain('does not hold Contoso’s new client secret yet');
    const before = double.tenant.applications[0]!.passwordCredentials.length;
    const removed = await withSignIn(['rotate', '--profile', 'contoso', '--via', 'graph', '--remove-old', '--bundle-deployed']);
    expect(removed.code).toBe(0);
    expect(double.tenant.applications[0]!.passwordCredentials).toHaveLength(before - 1);
  });

  it('signin-check --graph reads the registration back and checks it; plain signin-check never contacts Microsoft', async () => {
    const checked = await withSignIn(['signin-check', '--profile', 'contoso', '--graph', '--json']);
    expect(checked.code).toBe(0);
    expect((JSON.parse(checked.stdout) as { checks: { id: string; ok: boolean }[] }).checks.map((c) => [c.id, c.ok])).toEqual([['graph-redirect-uri', true], ['graph-scopes', true], ['graph-service-principal', true], ['graph-secret', true]]);
    const tokens = double.signIn.tokenRequests.length;
    const calls = double.graph.calls.length;
    const plain = await ads(['signin-check', '--profile', 'contoso', '--url', 'http://127.0.0.1:9/login', '--json']);
    expect(plain.code).toBe(1);
    expect([double.signIn.tokenRequests.length, double.graph.calls.length]).toEqual([tokens, calls]);
  });

  it('secret prove of a wrong secret exits 6 with AADSTS7000215 explained', async () => {
    await vault.setSecret('contoso', 'client-secret', `Abc8Q~${'x'.repeat(34)}`);
    const wrong = await ads(['secret', 'prove', '--profile', 'contoso']);
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toContain('✗ secret proof: Entra refused the client secret (AADSTS7000215)');
  });

  it('refuses a plain-http sign-in address and an unknown cloud before anything is sent', async () => {
    const http = await ads(['register', '--profile', 'contoso', '--via', 'graph', '--login-url', 'http://127.0.0.1:1', '--graph-url', double.graphUrl]);
    expect(http.code).toBe(1);
    expect(http.stderr).toContain('must be an https origin');
    const cloud = await ads(['register', '--profile', 'contoso', '--via', 'graph', '--cloud', 'mars']);
    expect(cloud.stderr).toContain('--cloud must be public, usgov, china');
    const portal = await ads(['register', '--profile', 'contoso']);
    expect(portal.stderr).toContain('Give --via graph');
  });
});

import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/doubles/temp-dir';
import { startKotsDouble, type KotsDouble } from '../../../demo/kots-console/double';
import { APP_ID, CLIENT_SECRET, CONSOLE_PASSWORD, WEBHOOK_SECRET } from '../../../../test/kots/push-fixture';
import { clusterFor, kubectlStandIn, NAMESPACE, type StandInCluster } from '../../../../test/kubectl/stand-in';
import { KeytarSecretStore } from '../../vault/keytar-store';
import { ProfileStore } from '../../vault/profile-store';
import { VaultService } from '../../vault/vault';

const repoRoot = path.resolve(__dirname, '../../../..');
const cli = path.join(repoRoot, 'out', 'cli', 'index.js');
const tempDir = useTempDirs();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Needs a Secret Service: `npm test` runs vitest inside a throwaway gnome-keyring D-Bus session. */
const hasSessionBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);

describe('ads-setup push (built CLI, plain node, real keychain, HTTPS double)', () => {
  it.skipIf(!hasSessionBus)('pins the certificate, pushes and deploys; then runs again with the remembered password', async () => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
    const service = `ads-setup-test-push-${process.pid}-${Date.now()}`;
    const dataDir = tempDir();
    const secrets = new KeytarSecretStore({ service });
    const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets });
    const double: KotsDouble = await startKotsDouble({ tls: true, password: CONSOLE_PASSWORD, deployDelayMs: 200 });
    cleanups.push(() => double.close());
    await vault.create({ id: 'stark', label: 'Stark', hostname: 'deepsource.stark.com', organization: 'stark', provider: 'entra', appId: APP_ID });
    cleanups.push(async () => {
      await vault.delete('stark').catch(() => undefined);
    });
    await vault.setSecret('stark', 'client-secret', CLIENT_SECRET);
    await vault.setSecret('stark', 'webhook-secret', WEBHOOK_SECRET);

    const run = async (args: string[], password?: string) => {
      const env = { ...process.env, ADS_SETUP_KEYCHAIN_SERVICE: service, ADS_SETUP_CONSOLE_PASSWORD: password ?? '' };
      const result = await promisify(execFile)(process.execPath, [cli, 'push', '--data-dir', dataDir, '--profile', 'stark', ...args], { env }).then(
        (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
      for (const secret of [CLIENT_SECRET, WEBHOOK_SECRET, CONSOLE_PASSWORD]) expect(result.stdout + result.stderr).not.toContain(secret);
      return result;
    };

    const untrusted = await run(['--console', double.url, '--plan'], CONSOLE_PASSWORD);
    expect(untrusted.code).toBe(4);
    expect(untrusted.stderr).toContain(double.fingerprint);

    const pushed = await run(['--console', double.url, '--trust-fingerprint', double.fingerprint as string, '--yes', '--deploy', '--remember-password', '--json'], CONSOLE_PASSWORD);
    expect(pushed.code, pushed.stderr).toBe(0);
    const { report } = JSON.parse(pushed.stdout) as { report: { outcome: string; savedSequence: number; deploy: { status: string } } };
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 2, deploy: { status: 'deployed' } });
    expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_authority: 'login.microsoftonline.com', ads_client_secret: CLIENT_SECRET, ads_webhook_secret: WEBHOOK_SECRET });
    expect(await secrets.get((await vault.get('stark')).keychainKey, 'console-password')).toBe(CONSOLE_PASSWORD);

    const again = await run(['--plan']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to change.');
  });

  it.skipIf(!hasSessionBus)('--via kubectl: the port-forward ends however the run ends (deployed, refused, interrupted with SIGINT)', { timeout: 60_000 }, async () => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
    const service = `ads-setup-test-push-kubectl-${process.pid}-${Date.now()}`;
    const dataDir = tempDir();
    const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets: new KeytarSecretStore({ service }) });
    await vault.create({ id: 'stark', label: 'Stark', hostname: 'deepsource.stark.com', organization: 'stark', provider: 'entra', appId: APP_ID });
    cleanups.push(async () => {
      await vault.delete('stark').catch(() => undefined);
    });
    await vault.setSecret('stark', 'client-secret', CLIENT_SECRET);
    await vault.setSecret('stark', 'webhook-secret', WEBHOOK_SECRET);
    const double = await startKotsDouble({ tls: true, password: CONSOLE_PASSWORD, deployDelayMs: 'manual' });
    cleanups.push(() => double.close());
    const kubectl = kubectlStandIn(clusterFor(double));
    cleanups.push(async () => kubectl.remove());
    const start = (args: string[]) => {
      const child = spawn(process.execPath, [cli, 'push', '--data-dir', dataDir, '--profile', 'stark', '--via', 'kubectl', '--namespace', NAMESPACE, ...args], { env: { ...kubectl.env, ADS_SETUP_KEYCHAIN_SERVICE: service } });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
      return { child, exited };
    };

    // Interrupted while following the deploy: exit 130, and the port-forward is gone too.
    const interrupted = start(['--yes', '--deploy']);
    await expect.poll(() => double.versions('deepsource').find((v) => v.sequence === 2)?.status, { timeout: 20_000 }).toBe('deploying');
    interrupted.child.kill('SIGINT');
    const { code, output } = await interrupted.exited;
    expect(code, output).toBe(130);
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM']);
    double.finishDeploys();

    // Followed to the end once the console deployed it: exit 0, forward ended.
    const done = await start(['--follow', '2', '--deploy-timeout', '30']).exited;
    expect(done.code, done.output).toBe(0);
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM', 'SIGTERM']);

    // Refused after the forward opened (kotsadm rejects the authstring): exit 3, forward ended.
    const wrong: StandInCluster = clusterFor(double);
    wrong.namespaces[NAMESPACE]!.secrets = { 'kotsadm-authstring': { 'kotsadm-authstring': 'Kots not-the-right-one-0123456789' } };
    kubectl.write(wrong);
    const refused = await start(['--check']).exited;
    expect(refused.code, refused.output).toBe(3);
    expect(refused.output).toContain('refused the authstring');
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM', 'SIGTERM', 'SIGTERM']);
    for (const forward of kubectl.forwards()) expect(() => process.kill(forward.pid, 0)).toThrow();
    for (const text of [done.output, refused.output, output]) for (const secret of [CLIENT_SECRET, WEBHOOK_SECRET, double.authstring]) expect(text).not.toContain(secret);
  });
});

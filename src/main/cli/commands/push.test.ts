import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingIo } from '../../../../test/doubles/cli-io';
import { flatAdsGroups, makeSelfSignedCert } from '../../../../test/kots/kots-double';
import { CLIENT_SECRET, CONSOLE_PASSWORD, usePushFixture, WEBHOOK_SECRET } from '../../../../test/kots/push-fixture';
import type { VaultService } from '../../vault/vault';
import { runCli } from '../run';
import { createPushCommand } from './push';

const fx = usePushFixture();

async function push(vault: VaultService, argv: string[], options: { env?: Record<string, string>; tty?: boolean; stdin?: string } = {}) {
  const { io, out } = recordingIo({ env: { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD, ...options.env }, ...(options.tty !== undefined ? { tty: options.tty } : {}), ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  const command = createPushCommand({ openVault: () => ({ vault }), serviceOptions: { pollIntervalMs: 40, backoffMs: 1, requestTimeoutMs: 3000 } });
  const code = await runCli(['push', ...argv], io, { version: '0.0.0-test', commands: [command] });
  for (const secret of [CLIENT_SECRET, WEBHOOK_SECRET, CONSOLE_PASSWORD]) {
    expect(out.stdout).not.toContain(secret);
    expect(out.stderr).not.toContain(secret);
  }
  return { code, ...out };
}

describe('ads-setup push (in process, against the KOTS double)', () => {
  it('--plan prints the masked diff, writes nothing to the console, exits 0', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const result = await push(vault, ['--profile', 'stark', '--plan']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ Azure DevOps Services [ads_enabled]: "0" → "1"');
    expect(result.stdout).toContain('~ Azure DevOps Services Host Domain [ads_host]: "" → "dev.azure.com"');
    expect(result.stdout).toMatch(/Application Client Secret \[ads_client_secret\]: will be set \(757 characters, eyJ0…QQQQ\)/);
    expect(result.stdout).toContain('6 change(s).');
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('--check logs in and finds the app and every field before any secret exists; writes nothing, exits 0', async () => {
    const double = await fx.start({ tls: true });
    const { vault } = await fx.makeVault(double.url);
    await vault.forgetSecrets('stark');
    const untrusted = await push(vault, ['--profile', 'stark', '--check']);
    expect(untrusted.code).toBe(4);
    const result = await push(vault, ['--profile', 'stark', '--check', '--trust-fingerprint', double.fingerprint as string]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Connected to ${double.url}, app deepsource: every Azure DevOps Services field was found. Nothing was written.\n`);
    expect(double.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual(['/api/v1/login']);
    expect((await vault.get('stark')).consoleItems).toMatchObject({ appId: 'ads_app_id', clientSecret: 'ads_client_secret' });
    const json = await push(vault, ['--profile', 'stark', '--check', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ check: { status: 'connected', console: double.url, app: { slug: 'deepsource', name: 'DeepSource' } } });
  });

  it('--yes --deploy saves, verifies, deploys and follows; exits 0', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const result = await push(vault, ['--profile', 'stark', '--yes', '--deploy']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Push to');
    expect(result.stdout).toMatch(/done\s+follow\s+version 2: deployed/);
    expect(result.stderr).toContain('… deploy of version 2 started');
    expect(double.deployedSequence('deepsource')).toBe(2);
  });

  it('without --yes and without a terminal: exit 2, nothing written', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const result = await push(vault, ['--profile', 'stark']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('in a terminal: asks for the password without echo and for confirmation', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const declined = await push(vault, ['--profile', 'stark'], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' }, tty: true, stdin: CONSOLE_PASSWORD });
    expect(declined.prompts[0]).toBe('Admin console password: ');
    expect(declined.prompts[1]).toMatch(/^Type "yes" to save 6 change\(s\)/);
    expect(declined.code).toBe(2);
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);
    const confirmed = await push(vault, ['--profile', 'stark'], { tty: true, stdin: 'yes' });
    expect(confirmed.code).toBe(0);
    expect(double.versions('deepsource')).toHaveLength(3);
  });

  it('exit 3: wrong password (tried once), or no password available', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const wrong = await push(vault, ['--profile', 'stark', '--plan'], { env: { ADS_SETUP_CONSOLE_PASSWORD: 'nope-nope' } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('Invalid password. Please try again.');
    expect(double.requests).toHaveLength(1);
    const none = await push(vault, ['--profile', 'stark', '--plan'], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' } });
    expect(none.code).toBe(3);
    expect(double.requests).toHaveLength(1);
  });

  it('exit 2 with --map hints when titles do not match; the chosen --map then completes', async () => {
    const groups = flatAdsGroups();
    for (const item of groups[1]?.items ?? []) if (item.name === 'ads_app_id') item.title = 'ADO App';
    const double = await fx.start({ apps: [{ slug: 'deepsource', name: 'DeepSource', groups }] });
    const { vault } = await fx.makeVault(double.url);
    const first = await push(vault, ['--profile', 'stark', '--plan']);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('--map appId=ads_app_id');
    const second = await push(vault, ['--profile', 'stark', '--plan', '--map', 'appId=ads_app_id']);
    expect(second.code).toBe(0);
    expect((await vault.get('stark')).consoleItems['appId']).toBe('ads_app_id');
  });

  it('exit 4: untrusted certificate (fingerprint shown), and http to a remote host; --trust-fingerprint pins', async () => {
    const double = await fx.start({ tls: true });
    const { vault } = await fx.makeVault(double.url);
    const untrusted = await push(vault, ['--profile', 'stark', '--plan']);
    expect(untrusted.code).toBe(4);
    expect(untrusted.stderr).toContain(`--trust-fingerprint ${double.fingerprint}`);
    const pinned = await push(vault, ['--profile', 'stark', '--plan', '--trust-fingerprint', double.fingerprint as string]);
    expect(pinned.code).toBe(0);
    expect((await vault.get('stark')).console.pinnedFingerprint).toBe(double.fingerprint);
    const insecure = await push(vault, ['--profile', 'stark', '--plan', '--console', 'http://console.stark.com:8800']);
    expect(insecure.code).toBe(4);
    expect(insecure.stderr).toContain('Refusing plain http');
  });

  it('--ca-file trusts the console through its CA and is kept in the profile', async () => {
    const certificate = makeSelfSignedCert();
    const double = await fx.start({ tls: true, certificate });
    const { vault } = await fx.makeVault(double.url);
    const caFile = path.join(fx.tempDir(), 'console-ca.pem');
    writeFileSync(caFile, certificate.cert);
    const result = await push(vault, ['--profile', 'stark', '--plan', '--ca-file', caFile]);
    expect(result.code, result.stderr).toBe(0);
    expect((await vault.get('stark')).console).toMatchObject({ caFile });
    expect((await vault.get('stark')).console.pinnedFingerprint).toBeUndefined();
    expect((await push(vault, ['--profile', 'stark', '--plan'])).code).toBe(0);
  });

  it('exit 5 when the console rejects the values; exit 6 when the deploy fails; --json stays parseable', async () => {
    const groups = flatAdsGroups();
    groups[1]?.items.push({ name: 'ads_org', type: 'text', title: 'Azure DevOps Organization', required: true, shownWhenOn: 'ads_enabled' });
    const rejecting = await fx.start({ apps: [{ slug: 'deepsource', name: 'DeepSource', groups }] });
    const { vault } = await fx.makeVault(rejecting.url);
    const rejected = await push(vault, ['--profile', 'stark', '--yes', '--json']);
    expect(rejected.code).toBe(5);
    const parsed = JSON.parse(rejected.stdout) as { report: { outcome: string; error: { code: string; message: string } } };
    expect(parsed.report).toMatchObject({ outcome: 'failed', error: { code: 'CONSOLE_REJECTED', message: expect.stringContaining('Azure DevOps Organization') } });

    const failing = await fx.start({ deployOutcome: 'failed' });
    const { vault: vault2 } = await fx.makeVault(failing.url);
    const failed = await push(vault2, ['--profile', 'stark', '--yes', '--deploy']);
    expect(failed.code).toBe(6);
    expect(failed.stderr).toContain('deploy of version 2 failed');
  });
});

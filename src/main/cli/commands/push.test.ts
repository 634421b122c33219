import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingIo } from '../../../../test/doubles/cli-io';
import { flatAdsGroups } from '../../../demo/kots-console/double';
import { makeSelfSignedCert } from '../../../../test/doubles/certificates';
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
    expect(JSON.parse(json.stdout)).toEqual({ check: { status: 'connected', console: double.url, app: { slug: 'deepsource', name: 'DeepSource' }, deepsourceHost: 'deepsource.stark.com' } });
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
    const logins = () => double.requests.filter((r) => r.path === '/api/v1/login');
    expect(logins()).toHaveLength(1);
    const none = await push(vault, ['--profile', 'stark', '--plan'], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' } });
    expect(none.code).toBe(3);
    expect(logins()).toHaveLength(1);
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

  it('--console on a first contact keeps the address when it stops at the certificate: the next line needs only the fingerprint', async () => {
    const double = await fx.start({ tls: true });
    const { vault } = await fx.makeVault();
    const first = await push(vault, ['--profile', 'stark', '--console', double.url, '--plan']);
    expect(first.code).toBe(4);
    expect((await vault.get('stark')).console.url).toBe(double.url);
    const next = await push(vault, ['--profile', 'stark', '--trust-fingerprint', double.fingerprint as string, '--yes', '--deploy']);
    expect(next.code, next.stderr).toBe(0);
    expect(double.deployedSequence('deepsource')).toBe(2);
  });

  it('--follow on a version the console does not have: exit 1 at once, naming the versions it has', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    expect((await push(vault, ['--profile', 'stark', '--plan'])).code).toBe(0);
    const result = await push(vault, ['--profile', 'stark', '--follow', '7', '--deploy-timeout', '1800']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Version 7 is not in the version history of deepsource; its recent versions are 1 (pending), 0 (deployed).');
    expect(result.stderr).toContain('remedy: Follow one of those, e.g. `ads-setup push --profile stark --follow 1`');
    expect(double.requests.filter((r) => r.path.endsWith('/versions'))).toHaveLength(1);
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

  it('--password-stdin reads the password from a pipe; never from the terminal', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const piped = await push(vault, ['--profile', 'stark', '--plan', '--password-stdin'], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' }, stdin: `${CONSOLE_PASSWORD}\n` });
    expect(piped.code, piped.stderr).toBe(0);
    const terminal = await push(vault, ['--profile', 'stark', '--plan', '--password-stdin'], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' }, tty: true, stdin: CONSOLE_PASSWORD });
    expect(terminal.code).toBe(1);
    expect(terminal.stderr).toContain('reads the console password from a pipe');
    expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(1);
  });

  it('exit 3 when the remembered password belongs to another console and nothing can ask; it is never sent there', async () => {
    const a = await fx.start({ tls: true });
    const b = await fx.start({ tls: true });
    const { vault } = await fx.makeVault(a.url);
    const remembered = await push(vault, ['--profile', 'stark', '--plan', '--trust-fingerprint', a.fingerprint as string, '--remember-password']);
    expect(remembered.code, remembered.stderr).toBe(0);
    // Same console: the remembered password is used without being given.
    expect((await push(vault, ['--profile', 'stark', '--plan'], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' } })).code).toBe(0);

    const moved = await push(vault, ['--profile', 'stark', '--plan', '--console', b.url, '--trust-fingerprint', b.fingerprint as string], { env: { ADS_SETUP_CONSOLE_PASSWORD: '' } });
    expect(moved.code).toBe(3);
    expect(moved.stderr).toContain('warning: Send the secrets of the installation "Stark" to another admin console?');
    expect(moved.stderr).toMatch(/The remembered console password was remembered for https:\/\/127\.0\.0\.1:\d+ \(certificate [0-9A-F:]+\); this login goes to https:\/\/127\.0\.0\.1:\d+/);
    expect(moved.stderr).toContain('--password-stdin');
    expect(b.requests.filter((r) => r.path === '/api/v1/login')).toEqual([]);
  });

  it('exit 4 with both fingerprints when the pinned certificate changed; typing the new one re-pins it', async () => {
    const double = await fx.start({ tls: true });
    const { vault } = await fx.makeVault(double.url);
    const pinned = double.fingerprint as string;
    expect((await push(vault, ['--profile', 'stark', '--plan', '--trust-fingerprint', pinned])).code).toBe(0);
    const renewed = makeSelfSignedCert();
    double.replaceCertificate(renewed);
    const changed = await push(vault, ['--profile', 'stark', '--plan']);
    expect(changed.code).toBe(4);
    expect(changed.stderr).toContain('CHANGED. Someone may be intercepting the connection.');
    expect(changed.stderr).toContain(`pinned:          ${pinned}`);
    expect(changed.stderr).toContain(`presented now:   ${renewed.fingerprint}`);
    expect(changed.stderr).toContain(`--trust-fingerprint ${renewed.fingerprint}`);
    const repinned = await push(vault, ['--profile', 'stark', '--plan', '--trust-fingerprint', renewed.fingerprint]);
    expect(repinned.code, repinned.stderr).toBe(0);
    expect(repinned.stderr).toContain('warning: The admin console of the installation "Stark" presents a different certificate.');
    expect((await vault.get('stark')).console.pinnedFingerprint).toBe(renewed.fingerprint);
  });
});

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/doubles/temp-dir';

/**
 * The built CLI end to end, as an admin runs it: real processes, the real gnome-keyring that `npm test` provides,
 * a throwaway data folder. Afterwards nothing secret may be found in the folder or in anything printed.
 */
const repoRoot = path.resolve(__dirname, '../../../..');
const cli = path.join(repoRoot, 'out', 'cli', 'index.js');
const tempDir = useTempDirs();

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { env: options.env ?? process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe('ads-setup profile / secret / webhook-secret (built CLI)', () => {
  it('is built', () => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
  });

  it('round-trips a profile and its secrets through the keychain and leaves no secret behind', async () => {
    const dataDir = tempDir();
    const env = { ...process.env, ADS_SETUP_KEYCHAIN_SERVICE: `ads-setup-test-${randomBytes(6).toString('hex')}`, ADS_SETUP_DATA_DIR: dataDir };
    const clientSecret = `eyJ0eXAiOiJKV1Qi${randomBytes(300).toString('base64url')}`;
    const outputs: Result[] = [];
    const run = async (args: string[], stdin?: string) => {
      const result = await runCli(args, { env, ...(stdin !== undefined ? { stdin } : {}) });
      outputs.push(result);
      return result;
    };

    const created = await run(['profile', 'create', '--label', 'Stark Production', '--hostname', 'deepsource.stark.com', '--org', 'Stark', '--provider', 'ado-oauth', '--app-id', '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0']);
    expect(created).toMatchObject({ code: 0, stdout: 'stark-production\n' });

    expect(await run(['secret', 'set', '--profile', 'stark-production', '--kind', 'client-secret'], `${clientSecret}\n`)).toMatchObject({ code: 0 });
    expect((await run(['webhook-secret', 'generate', '--profile', 'stark-production'])).code).toBe(0);

    const status = JSON.parse((await run(['secret', 'status', '--profile', 'stark-production', '--json'])).stdout) as {
      secrets: Array<{ kind: string; present: boolean; secret?: { length: number; sha256: string }; expiresInDays?: number }>;
    };
    const client = status.secrets.find((s) => s.kind === 'client-secret');
    expect(client).toMatchObject({ present: true, secret: { length: clientSecret.length }, expiresInDays: 60 });
    const webhook = status.secrets.find((s) => s.kind === 'webhook-secret');
    expect(webhook).toMatchObject({ present: true, secret: { length: 64 } });

    const listed = JSON.parse((await run(['profile', 'list', '--json'])).stdout) as { profiles: Array<{ profile: { id: string; azure: { appId: string } } }> };
    expect(listed.profiles.map((v) => [v.profile.id, v.profile.azure.appId])).toEqual([['stark-production', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0']]);

    const updated = await run(['profile', 'update', 'stark-production', '--console', 'https://console.stark.com:8800', '--callback-trailing-slash']);
    expect(updated.stdout).toContain('callback URL:   https://deepsource.stark.com/accounts/ads/login/callback/bifrost/');

    // Nothing secret in the data folder or in anything the CLI printed.
    const everything = [...filesUnder(dataDir).map((file) => readFileSync(file, 'utf8')), ...outputs.flatMap((o) => [o.stdout, o.stderr])].join('\n');
    expect(everything).not.toContain(clientSecret);
    expect(everything).not.toContain(clientSecret.slice(10, 40));

    expect((await run(['profile', 'delete', 'stark-production'])).code).toBe(0);
    expect((await run(['secret', 'status', '--profile', 'stark-production'])).code).toBe(1);
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('explains bad input without writing anything', async () => {
    const dataDir = tempDir();
    const env = { ...process.env, ADS_SETUP_DATA_DIR: dataDir };
    const bad = await runCli(['profile', 'create', '--label', 'x', '--hostname', 'https://deepsource.stark.com/path', '--org', 'o', '--provider', 'ado-oauth'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid profile: hostname: enter a host name such as deepsource.example.com');
    const provider = await runCli(['profile', 'create', '--label', 'x', '--hostname', 'ds.example.com', '--org', 'o', '--provider', 'github'], { env });
    expect(provider.code).toBe(1);
    expect(provider.stderr).toMatch(/knows no provider "github"; it knows ado-oauth \(.+\), entra \(.+\)\./);
    expect(provider.stderr).toContain('--provider ado-oauth or --provider entra');
    expect(existsSync(path.join(dataDir, 'profiles'))).toBe(false);
  });

  it('fails closed without a keychain: typed error with a remedy, and no secret written anywhere', async () => {
    const dataDir = tempDir();
    const noBus: NodeJS.ProcessEnv = { ...process.env, ADS_SETUP_DATA_DIR: dataDir, XDG_RUNTIME_DIR: tempDir() };
    delete noBus['DBUS_SESSION_BUS_ADDRESS'];
    delete noBus['DISPLAY'];
    expect((await runCli(['profile', 'create', '--id', 'p', '--label', 'P', '--hostname', 'ds.example.com', '--org', 'o', '--provider', 'entra'], { env: noBus })).code).toBe(0);
    const before = filesUnder(dataDir).map((file) => [file, readFileSync(file, 'utf8')]);

    const secret = 'abc~DEF.ghi_jkl-mno~pqr.stu_vwx-yz0~1234';
    const result = await runCli(['secret', 'set', '--profile', 'p', '--kind', 'client-secret'], { env: noBus, stdin: secret });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: No usable OS keychain');
    expect(result.stderr).toContain('remedy: Start a Secret Service');
    expect(result.stderr + result.stdout).not.toContain(secret);
    expect(filesUnder(dataDir).map((file) => [file, readFileSync(file, 'utf8')])).toEqual(before);

    const json = await runCli(['webhook-secret', 'generate', '--profile', 'p', '--json'], { env: noBus });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'NO_KEYCHAIN' } });
    expect(filesUnder(dataDir).map((file) => [file, readFileSync(file, 'utf8')])).toEqual(before);

    // Reading fails closed too: `secret status` cannot say "nothing stored" when it could not look.
    const remedyOf = (stderr: string) => stderr.split('\n').find((line) => line.includes('remedy:'));
    const status = await runCli(['secret', 'status', '--profile', 'p'], { env: noBus });
    expect(status).toMatchObject({ code: 1, stdout: '' });
    expect(status.stderr).toContain('error: No usable OS keychain');
    expect(remedyOf(status.stderr)).toBe(remedyOf(result.stderr));
    const statusJson = await runCli(['secret', 'status', '--profile', 'p', '--json'], { env: noBus });
    expect(statusJson.code).toBe(1);
    expect(JSON.parse(statusJson.stdout)).toMatchObject({ error: { code: 'NO_KEYCHAIN', remedy: expect.stringContaining('A keychain without a desktop') } });
  });
});

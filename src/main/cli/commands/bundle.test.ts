import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, readyVault, WEBHOOK_SECRET } from '../../../../test/doubles/bundle-fixture';
import { recordingIo } from '../../../../test/doubles/cli-io';
import { useKeychainCli } from '../../../../test/doubles/keychain-cli';
import { useTempDirs } from '../../../../test/doubles/temp-dir';
import { ALL_BUNDLE_FILES, BUNDLE_FILES } from '../../../shared/bundle';
import { hasUnprintable } from '../../../shared/printable';
import { quoteYaml } from '../../bundle/configvalues';
import { readTar, writeTar } from '../../bundle/tar';
import { runCli } from '../run';

/**
 * The bundle commands against the real keychain (a throwaway gnome-keyring from scripts/with-keyring.sh), each
 * test with its own keychain service, in process and through the built CLI with plain node.
 */

const tempDir = useTempDirs();
const repoRoot = path.resolve(__dirname, '../../../..');
const builtCli = path.join(repoRoot, 'out', 'cli', 'index.js');
const keychainCli = useKeychainCli('bundle', tempDir);

/** A machine with the ready profile on its own keychain service, and a console host's age key in its folder. */
async function setup() {
  const machine = await keychainCli();
  execFileSync('age-keygen', ['-o', path.join(machine.dir, 'host.key')], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', path.join(machine.dir, 'host.key')], { encoding: 'utf8' }).trim();
  return { ...machine, recipient };
}

describe('ads-setup bundle (in process, real keychain)', () => {
  it('exports, prints the pubkey in both formats, verifies (exit 0) and inspects without any secret', async () => {
    const { dir, recipient, cli } = await setup();
    const out = path.join(dir, 'b.tar');
    expect((await cli(['bundle', 'pubkey'])).code).toBe(1);
    const exported = await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out, '--expires-in', '2d']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Wrote ${out}`);
    expect(exported.stdout).toContain('A new signing key was created');
    expect(exported.stdout).toMatch(/signed by key [0-9A-F]{16}, fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(exported.stdout).toContain('ads-setup bundle host-script b.tar --out apply.sh');
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out])).stderr).toContain('already exists');

    const pub = await cli(['bundle', 'pubkey', '--format', 'minisign']);
    expect(pub.code).toBe(0);
    expect(pub.stdout).toMatch(/^untrusted comment: minisign public key [0-9A-F]{16}\nRW/);
    expect(pub.stderr).toMatch(/^key id [0-9A-F]{16}\nfingerprint /);
    const pem = await cli(['bundle', 'pubkey', '--format', 'pem']);
    expect(pem.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    writeFileSync(path.join(dir, 'k.pub'), pub.stdout);
    writeFileSync(path.join(dir, 'k.pem'), pem.stdout);

    for (const key of ['k.pub', 'k.pem']) {
      const verified = await cli(['bundle', 'verify', out, '--pubkey', path.join(dir, key), '--identity', path.join(dir, 'host.key')]);
      expect(verified.code, verified.stdout).toBe(0);
      expect(verified.stdout).toMatch(/^VALID: /);
      expect(verified.stdout).toContain('secrets decrypted and checked: ads_client_secret, ads_webhook_secret');
    }
    const json = JSON.parse((await cli(['bundle', 'verify', out, '--pubkey', path.join(dir, 'k.pub'), '--json'])).stdout) as { valid: boolean; meta: { appSlug: string } };
    expect(json).toMatchObject({ valid: true, meta: { appSlug: 'deepsource' } });

    const inspected = await cli(['bundle', 'inspect', out]);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain('NOT verified');
    expect(inspected.stdout).toContain('ads_app_id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"');
    expect(inspected.stdout).toContain('Secret items (encrypted): ads_client_secret, ads_webhook_secret');
    for (const output of [exported, pub, pem, inspected]) {
      expect(output.stdout + output.stderr).not.toContain(CLIENT_SECRET.slice(0, 40));
      expect(output.stdout + output.stderr).not.toContain(WEBHOOK_SECRET);
    }
  });

  it('exits 1 with the reason for a tampered, a wrongly keyed and an expired-by-clock bundle', async () => {
    const { dir, recipient, cli } = await setup();
    const out = path.join(dir, 'b.tar');
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out])).code).toBe(0);
    writeFileSync(path.join(dir, 'k.pub'), (await cli(['bundle', 'pubkey'])).stdout);
    // Another signer's key: a real minisign key pair.
    execFileSync('minisign', ['-G', '-W', '-p', 'other.pub', '-s', 'other.sec'], { cwd: dir, stdio: 'ignore' });
    const wrongKey = await cli(['bundle', 'verify', out, '--pubkey', path.join(dir, 'other.pub')]);
    expect(wrongKey).toMatchObject({ code: 1 });
    expect(wrongKey.stdout).toMatch(/^INVALID: The bundle was signed by another key: it was made with key [0-9A-F]{16}, but the pinned key is [0-9A-F]{16}/);

    const bytes = readFileSync(out);
    const at = bytes.indexOf(Buffer.from('"dev.azure.com"'));
    bytes[at + 3] = 'X'.charCodeAt(0);
    writeFileSync(path.join(dir, 'tampered.tar'), bytes);
    const tampered = await cli(['bundle', 'verify', path.join(dir, 'tampered.tar'), '--pubkey', path.join(dir, 'k.pub')]);
    // Only file data changed (tar headers intact), so the hash check names the file.
    expect(tampered).toMatchObject({ code: 1 });
    expect(tampered.stdout).toMatch(/^INVALID: public\.configvalues\.yaml changed after signing/);

    const wrongIdentity = path.join(dir, 'other.key');
    execFileSync('age-keygen', ['-o', wrongIdentity], { stdio: 'ignore' });
    const undecryptable = await cli(['bundle', 'verify', out, '--pubkey', path.join(dir, 'k.pub'), '--identity', wrongIdentity]);
    expect(undecryptable.code).toBe(1);
    expect(undecryptable.stdout).toMatch(/^INVALID: secrets\.configvalues\.yaml\.age could not be decrypted with the given identity/);

    expect((await cli(['bundle', 'verify', out])).code).toBe(1);
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--out', path.join(dir, 'c.tar')])).stderr).toContain('exactly one of --recipient and --passphrase-stdin');
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--recipient', 'age1nope', '--out', path.join(dir, 'c.tar')])).stderr).toContain('not an age X25519 recipient');
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--passphrase-stdin', '--out', path.join(dir, 'c.tar')], { stdin: 'short\n' })).stderr).toContain('at least 12 characters');
    expect(existsSync(path.join(dir, 'c.tar'))).toBe(false);
  });

  it('inspect shows an unverified bundle\'s text with terminal control characters made inert', async () => {
    const { dir, recipient, cli } = await setup();
    const out = path.join(dir, 'b.tar');
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out])).code).toBe(0);
    const { files, folder } = readTar(readFileSync(out), { expected: ALL_BUNDLE_FILES, maxBytes: 1 << 20 });
    const hostile = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e';
    const minisig = files.get(BUNDLE_FILES.minisig)!.toString('utf8').replace(/^trusted comment: (.*)$/m, (_line, comment: string) => `trusted comment: ${comment} ${hostile}`);
    files.set(BUNDLE_FILES.minisig, Buffer.from(minisig));
    files.set(BUNDLE_FILES.public, Buffer.from(files.get(BUNDLE_FILES.public)!.toString('utf8').replace('"ads_app_id":', `${quoteYaml(`ads_app_id${hostile}`)}:`)));
    const tampered = path.join(dir, 'hostile.tar');
    writeFileSync(tampered, writeTar(folder, ALL_BUNDLE_FILES.map((name) => ({ name, data: files.get(name)! })), new Date()));
    const inspected = await cli(['bundle', 'inspect', tampered]);
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(hasUnprintable(inspected.stdout.replace(/\n/g, ''))).toBe(false);
    expect(inspected.stdout).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202e');
    writeFileSync(path.join(dir, 'k.pub'), (await cli(['bundle', 'pubkey'])).stdout);
    const verified = await cli(['bundle', 'verify', tampered, '--pubkey', path.join(dir, 'k.pub')]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^INVALID: /);
    expect(hasUnprintable((verified.stdout + verified.stderr).replace(/\n/g, ''))).toBe(false);
  });

  it('asks for the passphrase without echo on a terminal', async () => {
    const { dir, env } = await setup();
    const { io, out } = recordingIo({ env, stdin: 'typed on the terminal, long enough', tty: true });
    const code = await runCli(['bundle', 'export', '--profile', 'prod', '--passphrase-stdin', '--out', path.join(dir, 't.tar')], io, { version: '0' });
    expect(code, out.stderr).toBe(0);
    expect(out.prompts).toEqual(['Passphrase: ']);
    expect(out.stdout + out.stderr).not.toContain('typed on the terminal');
  }, 60_000);

  it('refuses to export before the console mapping is known, with the remedy, and writes nothing', async () => {
    const { dir, recipient, cli, secrets } = await setup();
    await readyVault({ dataDir: path.join(dir, 'other-data'), secrets, mapping: false });
    const result = await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', path.join(dir, 'x.tar'), '--data-dir', path.join(dir, 'other-data'), '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'NEEDS_MAPPING', remedy: expect.stringContaining('--mapping-file') } });
    expect(existsSync(path.join(dir, 'x.tar'))).toBe(false);
  });
});

describe('ads-setup bundle (built, plain node, real keychain)', () => {
  const node = (args: string[], env: Record<string, string>, input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [builtCli, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
      if (input !== undefined) child.stdin!.end(input);
      else child.stdin!.end();
    });

  it('exports with a passphrase from stdin and with a recipient, and the real tools accept the result', async () => {
    expect(existsSync(builtCli), `${builtCli} is missing: run \`npm run build\` first`).toBe(true);
    const { dir, env, recipient } = await setup();
    const out = path.join(dir, 'b.tar');
    const exported = await node(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out, '--json'], env);
    expect(exported.code, exported.stderr).toBe(0);
    const result = JSON.parse(exported.stdout) as { meta: { bundleId: string }; sha256: string };
    expect(result.sha256).toBe(execFileSync('sha256sum', [out], { encoding: 'utf8' }).split(' ')[0]);
    const pub = await node(['bundle', 'pubkey'], env);
    writeFileSync(path.join(dir, 'k.pub'), pub.stdout);
    const verified = await node(['bundle', 'verify', out, '--pubkey', path.join(dir, 'k.pub'), '--identity', path.join(dir, 'host.key')], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    execFileSync('tar', ['-xf', out], { cwd: dir });
    const folder = path.join(dir, `ads-bundle-${result.meta.bundleId}`);
    expect(execFileSync('minisign', ['-Vm', 'MANIFEST', '-p', path.join(dir, 'k.pub')], { cwd: folder, encoding: 'utf8' })).toContain(`id=${result.meta.bundleId}`);
    expect(execFileSync('age', ['-d', '-i', path.join(dir, 'host.key'), 'secrets.configvalues.yaml.age'], { cwd: folder, encoding: 'utf8' })).toContain(`valuePlaintext: "${WEBHOOK_SECRET}"`);

    const withPassphrase = await node(['bundle', 'export', '--profile', 'prod', '--passphrase-stdin', '--out', path.join(dir, 'p.tar')], env, 'a long enough passphrase\n');
    expect(withPassphrase.code, withPassphrase.stderr).toBe(0);
    expect(withPassphrase.stdout).toContain('secrets encrypted with a passphrase (scrypt)');
    const inspected = await node(['bundle', 'inspect', path.join(dir, 'p.tar')], env);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain('age -d -o secrets.configvalues.yaml secrets.configvalues.yaml.age');
    const bad = await node(['bundle', 'verify', path.join(dir, 'p.tar'), '--pubkey', path.join(dir, 'host.key')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The public key file is not usable');
    expect(bad.stderr).not.toContain('AGE-SECRET-KEY');
  }, 60_000);
});

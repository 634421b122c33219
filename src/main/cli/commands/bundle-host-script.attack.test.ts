import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, readyVault } from '../../../../test/doubles/bundle-fixture';
import { useKeychainCli } from '../../../../test/doubles/keychain-cli';
import { useTempDirs } from '../../../../test/doubles/temp-dir';
import { deepsourceItems, makeConsoleHost } from '../../../../test/host/console-host';
import { BundleService } from '../../bundle/bundle-service';

/**
 * Issue 22, finding 1, replayed: a bundle's file name that ends the host script's header comment and runs a command
 * as root on the console host, and a host script signed by this app for a bundle signed by another key. The admin's
 * commands run through the CLI with the real keychain; the console host's run for real under bash.
 */

const tempDir = useTempDirs();
const adminMachine = useKeychainCli('attack', tempDir);

/** The attacker's name: the line after the newline is `id > PWNED 2>&1`. */
const EVIL = 'bundle-2026-12\nid > PWNED 2>&1\n.tar';

function consoleHost() {
  const on = makeConsoleHost(tempDir(), { items: deepsourceItems() });
  mkdirSync(on.hostDir, { mode: 0o700 });
  execFileSync('age-keygen', ['-o', path.join(on.hostDir, 'host.agekey')], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', path.join(on.hostDir, 'host.agekey')], { encoding: 'utf8' }).trim();
  /** What the README tells the host's admin to type, with the bundle's name as the attacker chose it. */
  const typed = (bundleName: string) => spawnSync('bash', ['-c', 'bash apply.sh < "$1"', 'host', bundleName], { cwd: on.root, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ADS_SETUP_HOST_DIR: on.hostDir, ADS_SETUP_TMPFS: on.tmpfs } });
  return { on, recipient, typed };
}

const pwned = (...folders: string[]) => folders.flatMap((folder) => readdirSync(folder).filter((name) => name.startsWith('PWNED')));

describe('issue 22 §1: the host script and a hostile bundle file name', () => {
  it('a bundle signed by another key, renamed to inject a line: verify says INVALID, host-script signs nothing, bash runs nothing', async () => {
    const admin = await adminMachine();
    const host = consoleHost();
    // Our own key exists (an earlier export); the attacker's bundle comes from another machine's key.
    expect((await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', path.join(admin.dir, 'ours.tar')])).code).toBe(0);
    const pub = path.join(admin.dir, 'signing.pub');
    writeFileSync(pub, (await admin.cli(['bundle', 'pubkey'])).stdout);
    const elsewhere = await readyVault({ dataDir: path.join(tempDir(), 'data') });
    const foreign = path.join(host.on.root, EVIL);
    await new BundleService(elsewhere).export('prod', { target: { type: 'x25519', recipient: host.recipient } }, path.join(admin.dir, 'foreign.tar'));
    copyFileSync(path.join(admin.dir, 'foreign.tar'), foreign);

    const verified = await admin.cli(['bundle', 'verify', foreign, '--pubkey', pub]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^INVALID: /);

    const script = path.join(host.on.root, 'apply.sh');
    const made = await admin.cli(['bundle', 'host-script', foreign, '--out', script]);
    expect(made.code).toBe(1);
    expect(made.stderr).toContain("is not a bundle signed by this app's key");
    expect(made.stderr).toContain('no host script was made or signed');
    expect(made.stderr).not.toContain('\n.tar');
    expect(existsSync(script)).toBe(false);
    expect(existsSync(`${script}.minisig`)).toBe(false);
    expect((await admin.cli(['bundle', 'host-script', foreign])).stdout).toBe('');

    // The host's admin types what the README says, on the attacker's file: nothing of the name runs.
    const ran = host.typed(EVIL);
    expect(ran.status).not.toBe(0);
    expect(pwned(host.on.root, admin.dir)).toEqual([]);
  }, 60_000);

  it('our own bundle under that name: no script, no command line, no export names it; nothing is written', async () => {
    const admin = await adminMachine();
    const host = consoleHost();
    const genuine = path.join(host.on.root, EVIL);
    const exported = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', genuine]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('holds control or invisible characters');
    expect(exported.stderr).toContain('bundle-2026-12\\u000aid > PWNED 2>&1\\u000a.tar');
    expect(existsSync(genuine)).toBe(false);

    const plain = path.join(admin.dir, 'ads-bundle.tar');
    expect((await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', plain])).code).toBe(0);
    copyFileSync(plain, genuine);
    const script = path.join(host.on.root, 'apply.sh');
    for (const argv of [['bundle', 'host-script', genuine, '--out', script], ['bundle', 'host-script', genuine], ['bundle', 'inspect', genuine], ['bundle', 'inspect', genuine, '--json']]) {
      const refused = await admin.cli(argv);
      expect(refused.code, argv.join(' ')).toBe(1);
      expect(refused.stderr + refused.stdout).toContain('Rename the file to a plain name');
      expect(refused.stdout + refused.stderr).not.toContain('\nid > PWNED');
    }
    expect(existsSync(script)).toBe(false);
    expect(existsSync(`${script}.minisig`)).toBe(false);
    expect(host.typed(EVIL).status).not.toBe(0);
    expect(pwned(host.on.root, admin.dir)).toEqual([]);
  }, 60_000);

  it('a name full of shell syntax is one quoted word: the signed script runs for real under bash and applies, running none of it', async () => {
    const admin = await adminMachine();
    const host = consoleHost();
    const name = "b $(id > PWNED1) `id > PWNED2`; id > PWNED3 'q' \"$HOME\" *.tar";
    const bundle = path.join(host.on.root, name);
    const exported = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', bundle]);
    expect(exported.code, exported.stderr).toBe(0);
    // What the admin is told to type is the quoted name, as one word.
    const quoted = `'b $(id > PWNED1) \`id > PWNED2\`; id > PWNED3 '\\''q'\\'' "$HOME" *.tar'`;
    expect(exported.stdout).toContain(`  sudo bash apply.sh < ${quoted}\n`);
    expect(exported.stdout).toContain(`  ads-setup bundle host-script ${quoted} --out apply.sh\n`);

    const script = path.join(host.on.root, 'apply.sh');
    const made = await admin.cli(['bundle', 'host-script', bundle, '--out', script]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`  sudo bash apply.sh < ${quoted}\n`);
    const text = readFileSync(script, 'utf8');
    expect(text.split('\n').filter((line) => line.startsWith('#')).join('\n')).not.toContain('PWNED');
    writeFileSync(path.join(host.on.hostDir, 'signing.pub'), (await admin.cli(['bundle', 'pubkey'])).stdout);
    expect(spawnSync('minisign', ['-Vm', script, '-p', path.join(host.on.hostDir, 'signing.pub')]).status).toBe(0);

    // The usage line the script prints, and the refusal of another input, quote the name without running it.
    expect(host.on.run(text, Buffer.alloc(0), { args: ['--help'] }).stderr).toBe(`usage: bash apply.sh [--allow-older] < ${quoted}\n`);
    const another = path.join(admin.dir, 'another.tar');
    expect((await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', another])).code).toBe(0);
    const other = host.on.run(text, readFileSync(another));
    expect(other).toMatchObject({ status: 1, stderr: `ads-setup: this is not the bundle ${name} this script was made for (its SHA-256 differs): make the script again for the bundle you have\n` });
    const applied = host.on.run(text, readFileSync(bundle));
    expect(applied.status, applied.stderr).toBe(0);
    expect(host.on.state().values).toMatchObject({ ads_client_secret: CLIENT_SECRET });
    expect(pwned(host.on.root, admin.dir)).toEqual([]);
  }, 60_000);
});

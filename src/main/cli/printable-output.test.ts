import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingIo } from '../../../test/doubles/cli-io';
import { useKeychainCli } from '../../../test/doubles/keychain-cli';
import { CONSOLE_PASSWORD, usePushFixture } from '../../../test/kots/push-fixture';
import { flatAdsGroups } from '../../demo/kots-console/double';
import { ALL_BUNDLE_FILES } from '../../shared/bundle';
import { hasUnprintable } from '../../shared/printable';
import { readTar, writeTar } from '../bundle/tar';
import type { VaultService } from '../vault/vault';
import { createPushCommand } from './commands/push';
import { runCli } from './run';

/**
 * Issue 22 §4: text from a console, a bundle or a profile file reaches the admin's terminal inert. Each CLI path
 * that printed such text raw gets a hostile string (escape sequences, C1, bidi, zero-width, separators and a line
 * break that fakes a line of output); nothing raw may reach stdout or stderr.
 */

const fx = usePushFixture();

const HOSTILE = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e\u061c\u200b\u2028\ufeff\nFAKE: all checks passed';
/** Written out as printable() shows it. */
const SHOWN = '\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202e\\u061c\\u200b\\u2028\\ufeff\\u000aFAKE: all checks passed';

function expectInert(output: { stdout: string; stderr: string }) {
  for (const text of [output.stdout, output.stderr]) {
    expect(hasUnprintable(text.replace(/\n/g, ''))).toBe(false);
    expect(text).not.toMatch(/^\s*FAKE:/m);
  }
}

async function pushCli(vault: VaultService, argv: string[]) {
  const { io, out } = recordingIo({ env: { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD } });
  const command = createPushCommand({ openVault: () => ({ vault }), serviceOptions: { pollIntervalMs: 40, backoffMs: 1, requestTimeoutMs: 3000 } });
  const code = await runCli(['push', ...argv], io, { version: '0.0.0-test', commands: [command] });
  return { code, ...out };
}

describe('the console\'s words on the terminal', () => {
  it('push: the --map hint (item names, titles, group titles), the plan lines and needs-app', async () => {
    const groups = flatAdsGroups();
    groups[1]!.title = `Version Control${HOSTILE}`;
    for (const item of groups[1]!.items) if (item.name === 'ads_app_id') item.title = `ADO App${HOSTILE}`;
    groups[1]!.items.push({ name: `ads_app_id_2${HOSTILE.replace(/\n/g, '')}`, type: 'text', title: `ADO other${HOSTILE}`, default: '' });
    const double = await fx.start({ apps: [{ slug: 'deepsource', name: `DeepSource${HOSTILE}`, groups }, { slug: 'other', name: HOSTILE, groups: flatAdsGroups() }] });
    const { vault } = await fx.makeVault(double.url);

    const needsApp = await pushCli(vault, ['--profile', 'stark', '--check']);
    expect(needsApp.code).toBe(2);
    expect(needsApp.stderr).toContain(`  deepsource  (DeepSource${SHOWN})\n`);
    expectInert(needsApp);

    const hint = await pushCli(vault, ['--profile', 'stark', '--check', '--app', 'deepsource']);
    expect(hint.code).toBe(2);
    expect(hint.stderr).toContain(`      --map appId=ads_app_id    (ADO App${SHOWN}, text, group Version Control${SHOWN})\n`);
    expect(hint.stderr).toContain("--map 'appId=ads_app_id_2\\u001b]0;owned\\u0007");
    expectInert(hint);

    const plan = await pushCli(vault, ['--profile', 'stark', '--plan', '--app', 'deepsource', '--map', 'appId=ads_app_id']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`~ ADO App${SHOWN} [ads_app_id]: "" → "`);
    expectInert(plan);
  });
});

describe('a profile\'s and a bundle\'s words on the terminal', () => {
  const admin = useKeychainCli('printable', fx.tempDir);

  it('a label with control or invisible characters is refused when written, with the field and a remedy', async () => {
    const { cli } = await admin();
    for (const label of ['Prod\u202eon', 'Prod\u001b[2J', 'Prod\u200b', 'Prod\u2028x']) {
      const refused = await cli(['profile', 'create', '--id', 'other', '--label', label, '--hostname', 'ds.example.com', '--org', 'Stark', '--provider', 'entra']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('label: use visible characters only (no control, bidi or zero-width characters)');
      expect(refused.stderr).toContain('remedy: Correct the named fields and try again.');
      const update = await cli(['profile', 'update', 'prod', '--label', label]);
      expect(update.code).toBe(1);
      expectInert(update);
    }
    expect((await cli(['profile', 'update', 'prod', '--label', 'Stark — Produktion „Ost“'])).code).toBe(0);
  });

  it('profile list, and bundle verify\'s VALID line, show a label an older version wrote inert', async () => {
    const { dataDir, cli } = await admin();
    // Written before labels were checked: the file is still usable, and shown inert.
    const file = path.join(dataDir, 'profiles', 'prod.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"label": "Stark Production"', `"label": ${JSON.stringify(`Stark${HOSTILE}`.slice(0, 80))}`));
    const listed = await cli(['profile', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('prod  Stark\\u001b]0;owned');
    expectInert(listed);

    const dir = fx.tempDir();
    execFileSync('age-keygen', ['-o', path.join(dir, 'host.key')], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', path.join(dir, 'host.key')], { encoding: 'utf8' }).trim();
    const out = path.join(dir, 'b.tar');
    const exported = await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expectInert(exported);
    writeFileSync(path.join(dir, 'k.pub'), (await cli(['bundle', 'pubkey'])).stdout);
    const verified = await cli(['bundle', 'verify', out, '--pubkey', path.join(dir, 'k.pub'), '--identity', path.join(dir, 'host.key')]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^VALID: /);
    expect(verified.stdout).toContain('(Stark\\u001b]0;owned');
    expectInert(verified);
    const json = await cli(['bundle', 'verify', out, '--pubkey', path.join(dir, 'k.pub'), '--json']);
    expectInert(json);
    // The escapes are JSON's own: the label reads back exactly.
    expect(JSON.parse(json.stdout).meta.profileLabel).toBe(`Stark${HOSTILE}`.slice(0, 80));
  });

  it('a tar member name with U+202E is shown inert on the refusal path (verify and inspect)', async () => {
    const { cli } = await admin();
    const dir = fx.tempDir();
    execFileSync('age-keygen', ['-o', path.join(dir, 'host.key')], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', path.join(dir, 'host.key')], { encoding: 'utf8' }).trim();
    const out = path.join(dir, 'b.tar');
    expect((await cli(['bundle', 'export', '--profile', 'prod', '--recipient', recipient, '--out', out])).code).toBe(0);
    const { folder, files } = readTar(readFileSync(out), { expected: ALL_BUNDLE_FILES, maxBytes: 1 << 20 });
    const spoof = 'readme\u202etxt.sh';
    const hostile = path.join(dir, 'hostile.tar');
    writeFileSync(hostile, writeTar(folder, [...ALL_BUNDLE_FILES.map((name) => ({ name, data: files.get(name)! })), { name: spoof, data: Buffer.from('x') }], new Date()));
    writeFileSync(path.join(dir, 'k.pub'), (await cli(['bundle', 'pubkey'])).stdout);
    const verified = await cli(['bundle', 'verify', hostile, '--pubkey', path.join(dir, 'k.pub')]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('readme\\u202etxt.sh');
    expectInert(verified);
    const inspected = await cli(['bundle', 'inspect', hostile]);
    expect(inspected.code).toBe(1);
    expect(inspected.stderr).toContain('readme\\u202etxt.sh');
    expectInert(inspected);
  });
});

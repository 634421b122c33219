import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_BUNDLE_FILES, BUNDLE_FILES } from '../../shared/bundle';
import { APP_ID, CLIENT_SECRET, readyVault, WEBHOOK_SECRET, CONSOLE_ITEMS } from '../../../test/doubles/bundle-fixture';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { consoleHost, run, runHostScript, useStockBundle, type StockBundle } from '../../../test/host/stock-bundle';
import { parseConfigValues } from './configvalues';

/**
 * The bundle checked with the real Debian tools (tar, minisign, openssl, sha256sum, age). The tamper matrix is in
 * stock-tools.tamper.test.ts, on the same fixture (test/host/stock-bundle.ts).
 */

const tempDir = useTempDirs();
let fx: StockBundle;
useStockBundle('export', (bundle) => (fx = bundle));

describe('an exported bundle, checked with the stock tools', () => {
  it('unpacks with GNU tar into one folder of six plain files', () => {
    const dir = tempDir();
    const listing = run('tar', ['-tvf', fx.exported.path], dir);
    expect(listing.status).toBe(0);
    const lines = listing.stdout.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^d/);
    expect(lines.slice(1).every((line) => line.startsWith('-rw-r--r--'))).toBe(true);
    expect(run('tar', ['-xf', fx.exported.path], dir).status).toBe(0);
    expect(readdirSync(dir)).toEqual([fx.folder]);
    expect(readdirSync(path.join(dir, fx.folder)).sort()).toEqual([...ALL_BUNDLE_FILES].sort());
  });

  it('passes minisign -Vm MANIFEST -p key.pub, which shows the trusted comment with id, created, expires and app slug', () => {
    const dir = tempDir();
    run('tar', ['-xf', fx.exported.path], dir);
    const result = run('minisign', ['-Vm', 'MANIFEST', '-p', fx.pubFile], path.join(dir, fx.folder));
    expect(result.status, result.stderr).toBe(0);
    const { meta } = fx.exported;
    expect(result.stdout).toContain('Signature and comment signature verified');
    expect(result.stdout).toContain(`Trusted comment: ads-bundle v2 id=${meta.bundleId} app=deepsource created=${meta.createdAt} expires=${meta.expiresAt}`);
    // The prehashed ("ED") form: minisign -H insists on it.
    expect(run('minisign', ['-H', '-Vm', 'MANIFEST', '-p', fx.pubFile], path.join(dir, fx.folder)).status).toBe(0);
  });

  it('passes openssl pkeyutl -verify -rawin with the PEM key', () => {
    const dir = tempDir();
    run('tar', ['-xf', fx.exported.path], dir);
    const result = run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', fx.pemFile, '-rawin', '-in', 'MANIFEST', '-sigfile', 'MANIFEST.sig'], path.join(dir, fx.folder));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Signature Verified Successfully');
  });

  it('passes sha256sum -c --strict MANIFEST for every file', () => {
    const dir = tempDir();
    run('tar', ['-xf', fx.exported.path], dir);
    const result = run('sha256sum', ['-c', '--strict', 'MANIFEST'], path.join(dir, fx.folder));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(['bundle.json: OK', 'public.configvalues.yaml: OK', 'secrets.configvalues.yaml.age: OK']);
  });

  it('decrypts with age -d -i host.key to ConfigValues whose secrets equal the keychain\'s', async () => {
    const dir = tempDir();
    run('tar', ['-xf', fx.exported.path], dir);
    const result = run('age', ['-d', '-i', fx.hostKey, BUNDLE_FILES.secrets], path.join(dir, fx.folder));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.startsWith('apiVersion: kots.io/v1beta1\nkind: ConfigValues\n')).toBe(true);
    const doc = parseConfigValues(result.stdout, 'decrypted');
    const { vault } = await readyVault({ dataDir: tempDir(), secrets: fx.secrets });
    expect(doc).toEqual({
      name: 'deepsource',
      values: [
        { item: CONSOLE_ITEMS.clientSecret, field: 'valuePlaintext', value: await vault.readSecret('prod', 'client-secret') },
        { item: CONSOLE_ITEMS.webhookSecret, field: 'valuePlaintext', value: await vault.readSecret('prod', 'webhook-secret') },
      ],
    });
    expect(doc.values.map((v) => v.value)).toEqual([CLIENT_SECRET, WEBHOOK_SECRET]);
  });

  it('keeps the public values in plain ConfigValues and no secret in any plain-text part', () => {
    const publicYaml = fx.files.get(BUNDLE_FILES.public)!.toString('utf8');
    expect(publicYaml).toBe(
      [
        'apiVersion: kots.io/v1beta1',
        'kind: ConfigValues',
        'metadata:',
        '  name: "deepsource"',
        'spec:',
        '  values:',
        `    "${CONSOLE_ITEMS.enable}":`,
        '      value: "1"',
        `    "${CONSOLE_ITEMS.hostDomain}":`,
        '      value: "dev.azure.com"',
        `    "${CONSOLE_ITEMS.authorityHost}":`,
        '      value: "app.vssps.visualstudio.com"',
        `    "${CONSOLE_ITEMS.appId}":`,
        `      value: "${APP_ID}"`,
        '',
      ].join('\n'),
    );
    const dir = tempDir();
    run('tar', ['-xf', fx.exported.path], dir);
    const needles = [CLIENT_SECRET, WEBHOOK_SECRET, CLIENT_SECRET.slice(0, 24), CLIENT_SECRET.slice(-24), WEBHOOK_SECRET.slice(8, 32)];
    for (const needle of needles) {
      // grep -r over the unpacked plain files, and over the .tar itself (binary-safe, -a).
      const plain = ALL_BUNDLE_FILES.filter((name) => name !== BUNDLE_FILES.secrets).map((name) => path.join(dir, fx.folder, name));
      expect(run('grep', ['-F', '-l', '-e', needle, ...plain], dir).status, 'a plain-text part contains a secret').toBe(1);
      expect(run('grep', ['-a', '-F', '-c', '-e', needle, fx.exported.path], dir).stdout.trim()).toBe('0');
    }
  });

  it('is valid for the app verifier with the minisign key and with the PEM key, and the secrets check out', async () => {
    for (const key of [fx.pubText, fx.pemText]) {
      const report = await fx.service.verifyFile(fx.exported.path, key, { type: 'identity', identityFile: readFileSync(fx.hostKey, 'utf8') });
      expect(report).toMatchObject({ valid: true, problems: [], secrets: { checked: true, items: [CONSOLE_ITEMS.clientSecret, CONSOLE_ITEMS.webhookSecret] } });
    }
  });

  it.each(['minisign', 'openssl', 'both', 'auto'] as const)('is applied by the host script (%s verifier): one kubectl call with every value, nothing left behind', (verifier) => {
    const host = consoleHost(fx, tempDir());
    const result = runHostScript(fx, host, fx.exported.path, { verifier });
    expect(result.status, result.stderr).toBe(0);
    if (verifier !== 'openssl') expect(result.stdout).toContain(`Trusted comment: ads-bundle v2 id=${fx.exported.meta.bundleId}`);
    expect(result.stdout).toContain(`Applied bundle ${fx.exported.meta.bundleId} to the deepsource app in namespace deepsource-application.`);
    expect(host.calls()).toEqual([
      ['kots', 'get', 'config', '--appslug', 'deepsource', '-n', 'deepsource-application'],
      ['kots', 'set', 'config', 'deepsource', '--config-file', 'values.yaml', '--merge', '-n', 'deepsource-application'],
    ]);
    expect(host.state().values).toEqual({
      [CONSOLE_ITEMS.enable]: '1',
      [CONSOLE_ITEMS.hostDomain]: 'dev.azure.com',
      [CONSOLE_ITEMS.authorityHost]: 'app.vssps.visualstudio.com',
      [CONSOLE_ITEMS.appId]: APP_ID,
      [CONSOLE_ITEMS.clientSecret]: CLIENT_SECRET,
      [CONSOLE_ITEMS.webhookSecret]: WEBHOOK_SECRET,
    });
    expect(host.workLeft()).toEqual([]);
    expect(host.filesHolding([CLIENT_SECRET, WEBHOOK_SECRET])).toEqual([]);
  });
});

describe('a passphrase bundle', () => {
  /** Runs the real `age -d` on a pseudo-terminal (age reads passphrases from the terminal only) and types the passphrase when asked. */
  function ageDecryptWithPassphrase(cwd: string, file: string, passphrase: string): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const child = spawn('script', ['-qec', `age -d -o decrypted.yaml ${file}`, '/dev/null'], { cwd });
      let out = '';
      let typed = false;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (!typed && /passphrase/i.test(out)) {
          typed = true;
          child.stdin.write(`${passphrase}\n`);
        }
      });
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  it('decrypts with the real age and the passphrase (scrypt), and its values match the keychain\'s', async () => {
    const dir = tempDir();
    const passphrase = 'a long enough passphrase for the host';
    const result = await fx.service.export('prod', { target: { type: 'passphrase', passphrase } }, path.join(dir, 'p.tar'));
    run('tar', ['-xf', result.path], dir);
    const folder = path.join(dir, `ads-bundle-${result.meta.bundleId}`);
    const { code, out } = await ageDecryptWithPassphrase(folder, BUNDLE_FILES.secrets, passphrase);
    expect(code, out).toBe(0);
    const doc = parseConfigValues(readFileSync(path.join(folder, 'decrypted.yaml'), 'utf8'), 'decrypted');
    expect(doc.values.map((v) => v.value)).toEqual([CLIENT_SECRET, WEBHOOK_SECRET]);
    expect((await ageDecryptWithPassphrase(folder, BUNDLE_FILES.secrets, 'the wrong passphrase')).code).not.toBe(0);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Tamper matrix



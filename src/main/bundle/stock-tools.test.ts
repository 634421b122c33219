import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_BUNDLE_FILES, BUNDLE_FILES, type ExportResult } from '../../shared/bundle';
import { APP_ID, CLIENT_SECRET, readyVault, WEBHOOK_SECRET, CONSOLE_ITEMS } from '../../../test/doubles/bundle-fixture';
import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { makeConsoleHost, type ConsoleHost } from '../../../test/host/console-host';
import { BundleService } from './bundle-service';
import { renderHostScript } from './host-script';
import { parseConfigValues } from './configvalues';
import { sha256Hex } from '../crypto/sha256';
import { buildBundle } from './format';
import { minisignSign, publicKeyFromSeed, rawSignature } from './minisign';
import { SigningKeyStore } from './signing-key';
import { readTar, tarHeader, writeTar } from './tar';

/**
 * The bundle checked with the real Debian tools (tar, minisign, openssl, sha256sum, age), and the tamper matrix:
 * for every case the app's verifier and the stock-tool procedure from the apply instructions must give the same verdict.
 */

const tempDir = useTempDirs();
const TOOLS = ['tar', 'minisign', 'openssl', 'sha256sum', 'age', 'age-keygen', 'find', 'bash'];

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Fixture {
  dir: string;
  exported: ExportResult;
  service: BundleService;
  secrets: MemorySecretStore;
  pubFile: string;
  pemFile: string;
  pubText: string;
  pemText: string;
  hostKey: string;
  recipient: string;
  files: Map<string, Buffer>;
  folder: string;
}

let fx: Fixture;
// useTempDirs removes its folders after each test; the shared fixture lives in its own folder for the whole file.
const fixtureRoot = path.join(process.env['TMPDIR'] ?? '/tmp', `ads-bundle-stock-${process.pid}`);

beforeAll(async () => {
  for (const tool of TOOLS) {
    expect(run('sh', ['-c', `command -v ${tool}`], '/').status, `${tool} is not installed (see README: Linux notes)`).toBe(0);
  }
  const dir = fixtureRoot;
  mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(dir, 'out'));
  const hostKey = path.join(dir, 'host.key');
  execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
  const secrets = new MemorySecretStore();
  const { vault } = await readyVault({ dataDir: path.join(dir, 'data'), secrets });
  const service = new BundleService({ vault, secrets });
  const exported = await service.export('prod', { target: { type: 'x25519', recipient } }, path.join(dir, 'out', 'stark.tar'));
  const key = await service.requireSigningKey();
  const pubFile = path.join(dir, 'signing.pub');
  const pemFile = path.join(dir, 'signing.pem');
  writeFileSync(pubFile, key.minisign);
  writeFileSync(pemFile, key.pem);
  const { files, folder } = readTar(readFileSync(exported.path), { expected: ALL_BUNDLE_FILES, maxBytes: 1 << 20 });
  fx = { dir, exported, service, secrets, pubFile, pemFile, pubText: key.minisign, pemText: key.pem, hostKey, recipient, files, folder };
  return () => execFileSync('rm', ['-rf', dir]);
}, 60_000);

/** A console host with this fixture's keys pinned (minisign and PEM) and its age key. */
function consoleHost(root: string): ConsoleHost {
  const host = makeConsoleHost(root);
  mkdirSync(host.hostDir, { recursive: true, mode: 0o700 });
  copyFileSync(fx.pubFile, path.join(host.hostDir, 'signing.pub'));
  copyFileSync(fx.pemFile, path.join(host.hostDir, 'signing.pem'));
  copyFileSync(fx.hostKey, path.join(host.hostDir, 'host.agekey'));
  return host;
}

/** The host script for `file` (made for exactly its bytes), run on `host` with the bundle on stdin. */
function runHostScript(host: ConsoleHost, file: string, options: { verifier?: 'auto' | 'minisign' | 'openssl' | 'both'; args?: string[]; env?: Record<string, string>; meta?: ExportResult['meta'] } = {}) {
  const bytes = readFileSync(file);
  const { script } = renderHostScript(options.meta ?? fx.exported.meta, { fileName: path.basename(file), tarSha256: sha256Hex(bytes) });
  return host.run(script, bytes, { ...(options.args ? { args: options.args } : {}), env: { ADS_SETUP_VERIFIER: options.verifier ?? 'auto', ...options.env } });
}

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
    const host = consoleHost(tempDir());
    const result = runHostScript(host, fx.exported.path, { verifier });
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

type Case = { name: string; expectValid: boolean; code?: string; make: (dir: string) => Promise<string> | string };

function flip(data: Buffer, at: number): Buffer {
  const copy = Buffer.from(data);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

function tarWith(change: (files: Map<string, Buffer>) => Map<string, Buffer>, extra: string[] = []): Buffer {
  const files = change(new Map(fx.files));
  const order = [...ALL_BUNDLE_FILES.filter((name) => files.has(name)), ...extra];
  return writeTar(fx.folder, order.map((name) => ({ name, data: files.get(name)! })), new Date());
}

/** The exported bundle's folder and six files as tar members, followed by the hostile `extra` ones. */
function bundleTarWith(extra: TarMember[]): Buffer {
  return rawTar([
    { name: `${fx.folder}/`, type: '5' },
    ...ALL_BUNDLE_FILES.map((name) => ({ name: `${fx.folder}/${name}`, type: '0', data: fx.files.get(name)! })),
    ...extra,
  ]);
}

type TarMember = { name: string; type: string; data?: Buffer; linkName?: string };

function rawTar(entries: TarMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    parts.push(tarHeader({ name: entry.name, size: data.length, mode: entry.type === '5' ? 0o755 : 0o644, mtime: 0, type: entry.type, ...(entry.linkName ? { linkName: entry.linkName } : {}) }));
    if (data.length) parts.push(Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Files named escaped-* anywhere under `root` except inside `allowed` (the work folder tar extracts into). */
function escapedFiles(root: string, allowed: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.name.startsWith('escaped-') && !full.startsWith(`${allowed}/`)) found.push(full);
  }
  return found;
}

function writeCase(dir: string, data: Buffer): string {
  const file = path.join(dir, 'case.tar');
  writeFileSync(file, data);
  return file;
}

async function signedWith(options: { now: Date; expiresInSeconds: number; formatVersion?: number }): Promise<Buffer> {
  const key = (await new SigningKeyStore({ secrets: fx.secrets }).get())!;
  const { vault } = await readyVault({ dataDir: path.join(fx.dir, `data-${Math.random().toString(16).slice(2)}`) });
  const service = new BundleService({ vault, secrets: new MemorySecretStore() });
  const values = await service.valuesFor(await vault.get('prod'));
  const built = await buildBundle({ values, key, target: { type: 'x25519', recipient: fx.recipient }, bundleId: fx.exported.meta.bundleId, apply: fx.exported.meta.apply!, ...options });
  return built.tar;
}

/** What the app must say when one byte of a file changes: the signature files fail the signature, the rest their hash. */
function flipCode(name: string): string {
  return name === BUNDLE_FILES.manifest || name === BUNDLE_FILES.minisig || name === BUNDLE_FILES.rawSig ? 'SIGNATURE_INVALID' : 'HASH_MISMATCH';
}

function cases(): Case[] {
  const list: Case[] = [];
  for (const name of ALL_BUNDLE_FILES) {
    const size = fx.files.get(name)!.length;
    for (const [where, at] of [['first', 0], ['middle', Math.floor(size / 2)], ['last', size - 2]] as const) {
      list.push({ name: `flip the ${where} byte of ${name}`, expectValid: false, code: flipCode(name), make: (dir) => writeCase(dir, tarWith((files) => files.set(name, flip(files.get(name)!, at)))) });
    }
    list.push({ name: `drop ${name}`, expectValid: false, code: 'BUNDLE_INVALID', make: (dir) => writeCase(dir, tarWith((files) => (files.delete(name), files))) });
  }
  list.push({
    name: 'change the untrusted comment of MANIFEST.minisig (not signed, by minisign\'s design)',
    expectValid: true,
    make: (dir) => writeCase(dir, tarWith((files) => files.set(BUNDLE_FILES.minisig, flip(files.get(BUNDLE_FILES.minisig)!, 25)))),
  });
  list.push({
    name: 'add a file',
    expectValid: false,
    code: 'BUNDLE_INVALID',
    make: (dir) => writeCase(dir, tarWith((files) => files.set('notes.txt', Buffer.from('hello\n')), ['notes.txt'])),
  });
  list.push({
    name: 'swap in another key\'s signatures',
    expectValid: false,
    code: 'SIGNATURE_INVALID',
    make: (dir) => {
      const seed = Buffer.alloc(32, 7);
      const other = { keyId: Buffer.from('0123456789abcdef', 'hex'), seed, publicKey: publicKeyFromSeed(seed) };
      const manifest = fx.files.get(BUNDLE_FILES.manifest)!;
      const comment = /^trusted comment: (.*)$/m.exec(fx.files.get(BUNDLE_FILES.minisig)!.toString('utf8'))![1]!;
      return writeCase(
        dir,
        tarWith((files) => files.set(BUNDLE_FILES.minisig, Buffer.from(minisignSign(other, manifest, comment, 'other key'))).set(BUNDLE_FILES.rawSig, rawSignature(seed, manifest))),
      );
    },
  });
  list.push({
    name: 'expired bundle (signed by the right key)',
    expectValid: false,
    code: 'BUNDLE_EXPIRED',
    make: async (dir) => writeCase(dir, await signedWith({ now: new Date(Date.now() - 10 * 86400_000), expiresInSeconds: 86400 })),
  });
  list.push({
    name: 'unknown format version (signed by the right key)',
    expectValid: false,
    code: 'UNSUPPORTED_FORMAT',
    make: async (dir) => writeCase(dir, await signedWith({ now: new Date(), expiresInSeconds: 86400, formatVersion: 3 })),
  });
  list.push({
    name: 'a tar with ../ in a member name',
    expectValid: false,
    code: 'BUNDLE_INVALID',
    make: (dir) =>
      writeCase(
        dir,
        bundleTarWith([
          { name: `${fx.folder}/../../escaped-dotdot`, type: '0', data: Buffer.from('pwned\n') },
        ]),
      ),
  });
  list.push({
    name: 'a tar with an absolute member name',
    expectValid: false,
    code: 'BUNDLE_INVALID',
    make: (dir) =>
      writeCase(dir, bundleTarWith([{ name: `${dir}/escaped-absolute`, type: '0', data: Buffer.from('x\n') }])),
  });
  list.push({
    name: 'a tar whose MANIFEST is a symlink',
    expectValid: false,
    code: 'BUNDLE_INVALID',
    make: (dir) => {
      writeFileSync(path.join(dir, 'outside-manifest'), fx.files.get(BUNDLE_FILES.manifest)!);
      return writeCase(
        dir,
        rawTar([
          { name: `${fx.folder}/`, type: '5' },
          ...ALL_BUNDLE_FILES.map((name) =>
            name === BUNDLE_FILES.manifest ? { name: `${fx.folder}/${name}`, type: '2', linkName: path.join(dir, 'outside-manifest') } : { name: `${fx.folder}/${name}`, type: '0', data: fx.files.get(name)! },
          ),
        ]),
      );
    },
  });
  list.push({
    name: 'a tar with a symlink to a folder outside, then a file written through it',
    expectValid: false,
    code: 'BUNDLE_INVALID',
    make: (dir) => {
      mkdirSync(path.join(dir, 'outside'));
      return writeCase(
        dir,
        bundleTarWith([
          { name: `${fx.folder}/link`, type: '2', linkName: path.join(dir, 'outside') },
          { name: `${fx.folder}/link/escaped-symlink`, type: '0', data: Buffer.from('x\n') },
        ]),
      );
    },
  });
  list.push({
    name: 'a tar with a hard link',
    expectValid: false,
    code: 'BUNDLE_INVALID',
    make: (dir) =>
      writeCase(
        dir,
        bundleTarWith([
          { name: `${fx.folder}/hard`, type: '1', linkName: `${fx.folder}/MANIFEST` },
        ]),
      ),
  });
  list.push({
    name: 'a 100 MB tar',
    expectValid: false,
    code: 'BUNDLE_TOO_LARGE',
    make: (dir) => {
      const file = writeCase(dir, fx.files.get(BUNDLE_FILES.manifest)!);
      truncateSync(file, 100 * 1024 * 1024);
      return file;
    },
  });
  return list;
}

describe('tamper matrix: the app verifier and the stock tools agree', () => {
  // The list needs the fixture; build names from a static copy of the file list, cases resolved inside the test.
  const names: string[] = [];
  for (const name of ALL_BUNDLE_FILES) for (const where of ['first', 'middle', 'last']) names.push(`flip the ${where} byte of ${name}`);
  for (const name of ALL_BUNDLE_FILES) names.push(`drop ${name}`);
  names.push(
    'change the untrusted comment of MANIFEST.minisig (not signed, by minisign\'s design)',
    'add a file',
    'swap in another key\'s signatures',
    'expired bundle (signed by the right key)',
    'unknown format version (signed by the right key)',
    'a tar with ../ in a member name',
    'a tar with an absolute member name',
    'a tar whose MANIFEST is a symlink',
    'a tar with a symlink to a folder outside, then a file written through it',
    'a tar with a hard link',
    'a 100 MB tar',
  );

  it('covers every case built (names and cases in step)', () => {
    expect(cases().map((c) => c.name).sort()).toEqual([...names].sort());
  });

  it.each(names)('%s', async (caseName) => {
    const testCase = cases().find((c) => c.name === caseName)!;
    const root = tempDir();
    const dir = path.join(root, 'case');
    const work = path.join(root, 'shm');
    mkdirSync(dir);
    mkdirSync(work);
    const file = await testCase.make(dir);
    const before = readdirSync(dir).sort();
    const identity = { type: 'identity' as const, identityFile: readFileSync(fx.hostKey, 'utf8') };

    const app = await fx.service.verifyFile(file, fx.pubText, identity);
    const appPem = await fx.service.verifyFile(file, fx.pemText, identity);
    const inspect = await fx.service.inspectFile(file).then(
      () => 'ok',
      (error: { code: string }) => error.code,
    );
    const stock = runHostScript(consoleHost(path.join(root, 'host-both')), file, { verifier: 'both' });
    const minisignOnly = runHostScript(consoleHost(path.join(root, 'host-minisign')), file, { verifier: 'minisign' });
    const opensslOnly = runHostScript(consoleHost(path.join(root, 'host-openssl')), file, { verifier: 'openssl' });

    expect(app.valid, `app: ${app.reason ?? 'valid'}`).toBe(testCase.expectValid);
    expect(appPem.valid).toBe(app.valid);
    expect(stock.status === 0, `stock tools: ${stock.stderr}`).toBe(app.valid);
    if (testCase.code) expect(app.problems[0]?.code, app.reason).toBe(testCase.code);
    if (testCase.code === 'HASH_MISMATCH') expect(app.reason).toMatch(new RegExp(`^${caseName.split(' of ')[1]!.replace(/\./g, '\\.')} changed after signing`));
    if (caseName.startsWith('swap')) expect(app.reason).toMatch(/signed by another key: it was made with key EFCDAB8967452301, but the pinned key is [0-9A-F]{16}/);
    // One tool alone cannot see damage confined to the other tool's signature file; everything else it catches.
    const onlyMinisig = caseName.endsWith(`of ${BUNDLE_FILES.minisig}`);
    const onlyRawSig = caseName.endsWith(`of ${BUNDLE_FILES.rawSig}`);
    expect(minisignOnly.status === 0, minisignOnly.stderr).toBe(app.valid || onlyRawSig);
    expect(opensslOnly.status === 0, opensslOnly.stderr).toBe(app.valid || onlyMinisig);

    // Structural refusals happen on inspect as well; nothing was written outside the work folder.
    if (/tar (with|whose)|100 MB/.test(caseName)) expect(inspect).toMatch(/^BUNDLE_(INVALID|TOO_LARGE)$/);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['case', 'host-both', 'host-minisign', 'host-openssl', 'shm']);
    expect(escapedFiles(root, path.join(root, 'shm'))).toEqual([]);
    for (const host of ['host-both', 'host-minisign', 'host-openssl']) expect(readdirSync(path.join(root, host, 'shm')), host).toEqual([]);
  });
});

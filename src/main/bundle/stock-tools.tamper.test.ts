import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_BUNDLE_FILES, BUNDLE_FILES } from '../../shared/bundle';
import { readyVault } from '../../../test/doubles/bundle-fixture';
import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { consoleHost, runHostScript, useStockBundle, type StockBundle } from '../../../test/host/stock-bundle';
import { BundleService } from './bundle-service';
import { buildBundle } from './format';
import { minisignSign, publicKeyFromSeed, rawSignature } from './minisign';
import { SigningKeyStore } from './signing-key';
import { tarHeader, writeTar } from './tar';

/**
 * The tamper matrix: for every case the app's verifier and the stock-tool procedure from the apply instructions (real
 * tar, minisign, openssl, sha256sum, age) must give the same verdict.
 */

const tempDir = useTempDirs();
let fx: StockBundle;
useStockBundle('tamper', (bundle) => (fx = bundle));

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
    const stock = runHostScript(fx, consoleHost(fx, path.join(root, 'host-both')), file, { verifier: 'both' });
    const minisignOnly = runHostScript(fx, consoleHost(fx, path.join(root, 'host-minisign')), file, { verifier: 'minisign' });
    const opensslOnly = runHostScript(fx, consoleHost(fx, path.join(root, 'host-openssl')), file, { verifier: 'openssl' });

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

import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_BUNDLE_FILES, BUNDLE_FILES } from '../../shared/bundle';
import { CLIENT_SECRET, readyVault, WEBHOOK_SECRET } from '../../../test/doubles/bundle-fixture';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { GLOBAL_SCOPE } from '../vault/secret-store';
import { ageDecrypt } from './age';
import { renderHostScript } from './host-script';
import { shellQuote } from '../../shared/shell-quote';
import { BundleChannels } from './bundle-channels';
import { BundleService, parseExpiresIn, readBundleFile } from './bundle-service';
import { parseConfigValues, quoteYaml, writeConfigValues } from './configvalues';
import { keyIdHex, minisignSign, minisignVerify, parsePublicKey, publicKeyFromSeed } from './minisign';
import { readTar, tarHeader, writeTar } from './tar';

const tempDir = useTempDirs();
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

describe('tar', () => {
  const files = [
    { name: 'a.txt', data: Buffer.from('hello\n') },
    { name: 'b.bin', data: Buffer.alloc(1000, 7) },
  ];

  it('writes ustar that GNU tar lists and reads back what it wrote', () => {
    const archive = writeTar('folder', files, new Date('2026-01-02T03:04:05Z'));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.tar'), archive);
    expect(execFileSync('tar', ['-tf', 'x.tar'], { cwd: dir, encoding: 'utf8' })).toBe('folder/\nfolder/a.txt\nfolder/b.bin\n');
    const parsed = readTar(archive, { expected: ['a.txt', 'b.bin'], maxBytes: 1 << 20 });
    expect(parsed.folder).toBe('folder');
    expect([...parsed.files.entries()]).toEqual(files.map((f) => [f.name, f.data]));
  });

  it('reads an archive GNU tar made from the same folder', () => {
    const dir = tempDir();
    execFileSync('mkdir', ['-p', path.join(dir, 'folder')]);
    writeFileSync(path.join(dir, 'folder', 'a.txt'), 'hello\n');
    execFileSync('tar', ['--format=ustar', '-cf', 'g.tar', 'folder'], { cwd: dir });
    expect(readTar(readFileSync(path.join(dir, 'g.tar')), { expected: ['a.txt'], maxBytes: 1 << 20 }).files.get('a.txt')?.toString()).toBe('hello\n');
  });

  const entry = (name: string, type = '0', data = Buffer.from('x'), linkName?: string) =>
    Buffer.concat([tarHeader({ name, size: type === '0' ? data.length : 0, mode: 0o644, mtime: 0, type, ...(linkName ? { linkName } : {}) }), ...(type === '0' ? [data, Buffer.alloc(512 - data.length)] : [])]);
  const archiveOf = (...parts: Buffer[]) => Buffer.concat([entry('f/', '5'), ...parts, Buffer.alloc(1024)]);
  const read = (archive: Buffer) => () => readTar(archive, { expected: ['a.txt', 'b.txt'], maxBytes: 1 << 20 });

  it.each([
    ['a ../ path', archiveOf(entry('f/../a.txt')), /points outside/],
    ['an absolute path', archiveOf(entry('/f/a.txt')), /absolute path/],
    ['a symlink', archiveOf(entry('f/a.txt', '2', undefined, '/etc/passwd')), /symbolic link/],
    ['a hard link', archiveOf(entry('f/a.txt', '1', undefined, 'f/b.txt')), /hard link/],
    ['a device', archiveOf(entry('f/a.txt', '3')), /device/],
    ['a FIFO', archiveOf(entry('f/a.txt', '6')), /FIFO/],
    ['a pax header', archiveOf(entry('f/a.txt', 'x')), /pax/],
    ['a duplicate', archiveOf(entry('f/a.txt'), entry('f/a.txt')), /appears twice/],
    ['an unexpected file', archiveOf(entry('f/evil.sh')), /unexpected file "evil.sh"/],
    ['a nested file', archiveOf(entry('f/sub/a.txt')), /not directly inside/],
    ['a second folder', archiveOf(entry('g/', '5')), /more than one folder/],
    ['a file in another folder', archiveOf(entry('g/a.txt')), /more than one folder/],
    ['a control character in a name', archiveOf(entry('f/a\u0007.txt')), /not a plain bundle file name/],
  ])('refuses %s', (_label, archive, message) => {
    expect(read(archive)).toThrow(message);
    try {
      read(archive)();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BUNDLE_INVALID', remedy: expect.any(String) });
    }
  });

  it('refuses a damaged header, a truncated archive, trailing data and oversize input', () => {
    const good = archiveOf(entry('f/a.txt'));
    const damaged = Buffer.from(good);
    damaged[520] = damaged[520]! ^ 1;
    expect(read(damaged)).toThrow(/checksum/);
    expect(read(good.subarray(0, 1536))).toThrow(/no end marker/);
    expect(read(good.subarray(0, 1024))).toThrow(/cut short/);
    expect(read(Buffer.concat([good, entry('f/b.txt')]))).toThrow(/after the end/);
    expect(() => readTar(good, { expected: ['a.txt'], maxBytes: 1024 })).toThrow(expect.objectContaining({ code: 'BUNDLE_TOO_LARGE' }));
  });

  it('checks the size of a bundle file before reading a byte of it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.tar');
    await fs.writeFile(file, '');
    await fs.truncate(file, 100 * 1024 * 1024);
    let reads = 0;
    const spyingOpen = async (name: string, flags: number) => {
      const handle = await fs.open(name, flags);
      const read = handle.read.bind(handle);
      (handle as unknown as { read: typeof read }).read = ((...args: Parameters<typeof read>) => ((reads += 1), read(...args))) as typeof read;
      return handle;
    };
    await expect(readBundleFile(file, undefined, spyingOpen)).rejects.toMatchObject({ code: 'BUNDLE_TOO_LARGE', message: expect.stringContaining('104857600 bytes') });
    expect(reads).toBe(0);
    await fs.truncate(file, 2048);
    await expect(readBundleFile(file, undefined, spyingOpen)).resolves.toHaveLength(2048);
    expect(reads).toBe(1);
  });
});

describe('minisign', () => {
  it('verifies signatures made by the real minisign (prehashed and legacy) and the real minisign verifies ours', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'msg'), 'MANIFEST body\n');
    execFileSync('minisign', ['-G', '-W', '-p', 'k.pub', '-s', 'k.sec'], { cwd: dir, stdio: 'ignore' });
    execFileSync('minisign', ['-S', '-W', '-s', 'k.sec', '-m', 'msg', '-t', 'real one'], { cwd: dir, stdio: 'ignore' });
    const pinned = parsePublicKey(readFileSync(path.join(dir, 'k.pub'), 'utf8'));
    const message = readFileSync(path.join(dir, 'msg'));
    expect(minisignVerify(pinned, message, readFileSync(path.join(dir, 'msg.minisig'), 'utf8'))).toMatchObject({ ok: true, trustedComment: 'real one' });
    execFileSync('minisign', ['-S', '-l', '-W', '-s', 'k.sec', '-m', 'msg', '-x', 'legacy.minisig', '-t', 'legacy'], { cwd: dir, stdio: 'ignore' });
    expect(minisignVerify(pinned, message, readFileSync(path.join(dir, 'legacy.minisig'), 'utf8'))).toMatchObject({ ok: true, trustedComment: 'legacy' });
    expect(minisignVerify(pinned, Buffer.from('other\n'), readFileSync(path.join(dir, 'msg.minisig'), 'utf8'))).toMatchObject({ ok: false, reason: 'bad-signature' });

    const seed = Buffer.alloc(32, 3);
    const ours = { keyId: Buffer.from('1122334455667788', 'hex'), seed, publicKey: publicKeyFromSeed(seed) };
    writeFileSync(path.join(dir, 'ours.minisig'), minisignSign(ours, message, 'trusted words', 'untrusted words'));
    writeFileSync(path.join(dir, 'ours.pub'), `untrusted comment: x\n${Buffer.concat([Buffer.from('Ed'), ours.keyId, ours.publicKey]).toString('base64')}\n`);
    const result = spawnSync('minisign', ['-Vm', 'msg', '-x', 'ours.minisig', '-p', 'ours.pub'], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Trusted comment: trusted words');
    expect(keyIdHex(ours.keyId)).toBe('8877665544332211');
  });

  it('refuses public key files that are not Ed25519 minisign or PEM keys', () => {
    const dir = tempDir();
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ec.key'], { cwd: dir, stdio: 'ignore' });
    const ecPub = execFileSync('openssl', ['pkey', '-in', 'ec.key', '-pubout'], { cwd: dir, encoding: 'utf8' });
    expect(() => parsePublicKey(ecPub)).toThrow(/not Ed25519/);
    expect(() => parsePublicKey('untrusted comment: x\nnot-base64!!\n')).toThrow(/not base64/);
    expect(() => parsePublicKey('hello')).toThrow(/wrong length/);
    expect(() => parsePublicKey(`RW${'A'.repeat(54)}`)).toThrow(/not an Ed25519 minisign key|wrong length/);
  });
});

describe('ConfigValues', () => {
  it('quotes any item name or value so it stays one scalar, and reads it back', () => {
    const nasty = ['a: b', '"quoted"', 'back\\slash', '#comment', '- dash', '{flow}', 'tab\there', 'nl\nx', 'ünïcødé', '😀', '\u2028sep', '*anchor', '&ref', '!tag', "'single'"];
    const doc = { name: 'deepsource', values: nasty.map((item, i) => ({ item, field: 'value' as const, value: nasty[(i + 1) % nasty.length]! })) };
    const text = writeConfigValues(doc);
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(parseConfigValues(text, 'x')).toEqual(doc);
    expect(quoteYaml('a"b\\c\n')).toBe('"a\\"b\\\\c\\u000a"');
  });

  it('is read by a real YAML parser the same way (python3 yaml, when installed)', () => {
    const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
    const doc = { name: 'deepsource', values: [{ item: 'x: y #z', field: 'valuePlaintext' as const, value: 'v"\\\u00e9\u2028😀' }] };
    if (probe.status !== 0) {
      // No PyYAML here: the JSON-compatible double-quoted form is still checked by the strict reader above.
      expect(parseConfigValues(writeConfigValues(doc), 'x')).toEqual(doc);
      return;
    }
    const out = execFileSync('python3', ['-c', 'import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: writeConfigValues(doc), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ apiVersion: 'kots.io/v1beta1', kind: 'ConfigValues', metadata: { name: 'deepsource' }, spec: { values: { 'x: y #z': { valuePlaintext: 'v"\\\u00e9\u2028😀' } } } });
  });

  it('refuses anything but the layout it writes', () => {
    const good = writeConfigValues({ name: 'a', values: [{ item: 'i', field: 'value', value: 'v' }] });
    expect(() => parseConfigValues(good.replace('kind: ConfigValues', 'kind: Secret'), 'f')).toThrow(/line 2/);
    expect(() => parseConfigValues(`${good}    "j":\n      value: v\n`, 'f')).toThrow(/not an item/);
    expect(() => parseConfigValues(`${good}    "i":\n      value: "w"\n`, 'f')).toThrow(/twice/);
    expect(() => parseConfigValues(good.slice(0, -1), 'f')).toThrow(/line break/);
  });
});

describe('BundleService', () => {
  const recipientTarget = { type: 'x25519', recipient: RECIPIENT } as const;

  it('refuses to export without the console mapping, saying how to get it, and writes nothing', async () => {
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data'), mapping: false });
    const service = new BundleService({ vault, secrets });
    await expect(service.export('prod', { target: recipientTarget }, path.join(dir, 'b.tar'))).rejects.toMatchObject({
      code: 'NEEDS_MAPPING',
      message: expect.stringContaining('"Azure DevOps Services Application Client Secret"'),
      remedy: expect.stringMatching(/discovery script on the console host.*--mapping-file.*--map ROLE=ITEM/),
    });
    await vault.recordConsoleMapping('prod', { mapping: { enable: 'e', hostDomain: 'h', authorityHost: 'a', appId: 'i', clientSecret: 's', webhookSecret: 's' }, source: 'console' });
    await expect(service.export('prod', { target: recipientTarget }, path.join(dir, 'b.tar'))).rejects.toMatchObject({ code: 'NEEDS_MAPPING', message: expect.stringContaining('same item') });
    expect(readdirSync(dir)).toEqual(['data']);
    expect(await secrets.get(GLOBAL_SCOPE, 'signing-key')).toBeNull();
  });

  it('creates the signing key on the first export, keeps its private half only in the keychain, and reuses it', async () => {
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
    const service = new BundleService({ vault, secrets });
    expect(await service.signingKey()).toBeNull();
    await expect(service.requireSigningKey()).rejects.toMatchObject({ code: 'NOT_FOUND', remedy: expect.stringContaining('Export a bundle') });
    const first = await service.export('prod', { target: recipientTarget }, path.join(dir, 'one.tar'));
    const second = await service.export('prod', { target: recipientTarget }, path.join(dir, 'two.tar'));
    expect(first.signingKeyCreated).toBe(true);
    expect(second.signingKeyCreated).toBe(false);
    expect(second.meta.signer).toEqual(first.meta.signer);
    expect(first.meta.bundleId).not.toBe(second.meta.bundleId);
    const view = (await service.signingKey())!;
    expect(view.keyId).toBe(first.meta.signer.keyId);
    expect(view.minisign).toMatch(new RegExp(`^untrusted comment: minisign public key ${view.keyId}\\nRW[A-Za-z0-9+/]{54}\\n$`));
    expect(view.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]+\n-----END PUBLIC KEY-----\n$/);
    expect(parsePublicKey(view.pem).publicKey).toEqual(parsePublicKey(view.minisign).publicKey);
    const stored = JSON.parse((await secrets.get(GLOBAL_SCOPE, 'signing-key'))!) as { seed: string };
    // The seed appears nowhere but the keychain: not in the data folder, not in the bundles.
    const seedHex = Buffer.from(stored.seed, 'base64').toString('hex');
    for (const file of [path.join(dir, 'one.tar'), path.join(dir, 'two.tar'), ...readdirSync(path.join(dir, 'data', 'profiles')).map((f) => path.join(dir, 'data', 'profiles', f))]) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(stored.seed, 'base64'))).toBe(false);
      expect(bytes.toString('latin1')).not.toContain(stored.seed);
      expect(bytes.toString('latin1')).not.toContain(seedHex);
    }
    expect(await secrets.list()).toContainEqual({ scope: GLOBAL_SCOPE, kind: 'signing-key' });
  });

  it('creates one key when two first exports run at once', async () => {
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
    const service = new BundleService({ vault, secrets });
    const [a, b] = await Promise.all([
      service.export('prod', { target: recipientTarget }, path.join(dir, 'a.tar')),
      service.export('prod', { target: recipientTarget }, path.join(dir, 'b.tar')),
    ]);
    expect(a.meta.signer.keyId).toBe(b.meta.signer.keyId);
  });

  it('encrypts with a passphrase (scrypt) when no recipient is given, and verifies with it', async () => {
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
    const service = new BundleService({ vault, secrets });
    const passphrase = 'correct horse battery staple';
    const result = await service.export('prod', { target: { type: 'passphrase', passphrase } }, path.join(dir, 'p.tar'));
    expect(result.meta.recipient).toEqual({ type: 'passphrase', kdf: 'scrypt' });
    const { files } = readTar(readFileSync(result.path), { expected: ALL_BUNDLE_FILES, maxBytes: 1 << 20 });
    const ciphertext = files.get(BUNDLE_FILES.secrets)!;
    expect(ciphertext.toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
    expect(parseConfigValues(await ageDecrypt(ciphertext, { type: 'passphrase', passphrase }), 'x').values.map((v) => v.value)).toEqual([CLIENT_SECRET, WEBHOOK_SECRET]);
    const pub = (await service.signingKey())!.minisign;
    expect(await service.verifyFile(result.path, pub, { type: 'passphrase', passphrase })).toMatchObject({ valid: true, secrets: { checked: true } });
    expect(await service.verifyFile(result.path, pub, { type: 'passphrase', passphrase: 'wrong passphrase!!' })).toMatchObject({ valid: false, problems: [{ code: 'DECRYPT_FAILED' }] });
    expect(result.instructions.steps.find((s) => s.id === 'decrypt')!.command).toMatch(/^age -d -o secrets.configvalues.yaml secrets.configvalues.yaml.age \|\| fail/);
  }, 60_000);

  it('leaves nothing behind when the bundle cannot be written', async () => {
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
    const service = new BundleService({ vault, secrets });
    await expect(service.export('prod', { target: recipientTarget }, path.join(dir, 'missing-folder', 'b.tar'))).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    // A folder where the file should go: the rename fails after the temp file was written; the temp file is removed.
    await fs.mkdir(path.join(dir, 'taken.tar'));
    await fs.writeFile(path.join(dir, 'taken.tar', 'keep'), 'x');
    await expect(service.export('prod', { target: recipientTarget }, path.join(dir, 'taken.tar'))).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(readdirSync(dir).sort()).toEqual(['data', 'taken.tar']);
  });

  it('rejects an expiry outside 1h..90d', async () => {
    expect(parseExpiresIn('7d')).toBe(604800);
    expect(parseExpiresIn('36h')).toBe(129600);
    for (const bad of ['0d', '91d', '30m', '7', 'd7', '-1d', '']) expect(() => parseExpiresIn(bad)).toThrow(/between 1h and 90d/);
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
    await expect(new BundleService({ vault, secrets }).export('prod', { target: recipientTarget, expiresInSeconds: 60 }, path.join(dir, 'b.tar'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('exports through the channel: refusals before the dialog, CANCELLED when the dialog is cancelled', async () => {
    const dir = tempDir();
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data'), mapping: false });
    let asked = 0;
    let answer: string | null = null;
    const channels = new BundleChannels(new BundleService({ vault, secrets }), {
      chooseSavePath: async () => ((asked += 1), answer),
      chooseOpenPath: async () => answer,
    });
    await expect(channels.export({ profileId: 'prod', recipient: RECIPIENT })).rejects.toMatchObject({ code: 'NEEDS_MAPPING' });
    expect(asked).toBe(0);
    await vault.recordConsoleMapping('prod', { mapping: { enable: 'e', hostDomain: 'h', authorityHost: 'a', appId: 'i', clientSecret: 's', webhookSecret: 'w' }, source: 'console' });
    await expect(channels.export({ profileId: 'prod', recipient: RECIPIENT })).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(channels.export({ profileId: 'prod' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    answer = path.join(dir, 'x.tar');
    const result = await channels.export({ profileId: 'prod', recipient: RECIPIENT, expiresInDays: 3, deploy: true });
    expect(Date.parse(result.meta.expiresAt) - Date.parse(result.meta.createdAt)).toBe(3 * 86400_000);
    expect(result.instructions.script).toContain('kubectl kots set config deepsource --config-file values.yaml --merge --deploy -n "$NAMESPACE"');
    const verified = await channels.verify({ publicKey: (await channels.signingKey()).key!.minisign });
    expect(verified).toMatchObject({ path: answer, report: { valid: true }, instructions: { steps: expect.any(Array) } });
    expect(existsSync(answer)).toBe(true);
  });
});

describe('apply instructions', () => {
  it('quote paths for the shell and name the real bundle, folder and app', () => {
    expect(shellQuote('/media/usb/x.tar')).toBe('/media/usb/x.tar');
    expect(shellQuote("it's here/b.tar")).toBe(`'it'\\''s here/b.tar'`);
    const meta = {
      format: 'ads-setup-bundle' as const,
      formatVersion: 1,
      bundleId: '0123456789abcdef',
      createdAt: '2026-11-26T12:00:00Z',
      expiresAt: '2026-12-03T12:00:00Z',
      profileLabel: 'P',
      appSlug: 'deepsource-fowl',
      signer: { keyId: 'AAAAAAAAAAAAAAAA', fingerprint: Array(32).fill('AB').join(':') },
      recipient: { type: 'x25519' as const, recipient: RECIPIENT },
      items: { public: [], secret: [] },
    };
    const { script, steps } = renderHostScript(meta, { fileName: "it's my bundle.tar", tarSha256: 'ab'.repeat(32), namespace: 'ds' });
    expect(steps.map((s) => s.id)).toEqual(['prepare', 'read', 'unpack', 'signature', 'hashes', 'bundle', 'replay', 'items', 'decrypt', 'apply', 'record']);
    expect(script).toContain("NAMESPACE=${ADS_SETUP_NAMESPACE:-ds}");
    // The name is one quoted word, in the usage the admin copies as in the script's own variable.
    const usage = spawnSync('bash', ['-c', script, 'apply.sh', '--bogus'], { encoding: 'utf8' });
    expect(usage).toMatchObject({ status: 64, stderr: `usage: bash apply.sh [--allow-older] < 'it'\\''s my bundle.tar'\n` });
    expect(script).toContain(`BUNDLE_FILE='it'\\''s my bundle.tar'`);
    expect(script).toContain(`printf '%s  %s\\n' ${'ab'.repeat(32)} "$W/bundle.tar" | sha256sum -c --status -`);
    expect(script).toContain('cd "$W/x/ads-bundle-0123456789abcdef"');
    expect(script).toContain('openssl pkeyutl -verify -pubin -inkey "$HOST_DIR/signing.pem" -rawin -in MANIFEST -sigfile MANIFEST.sig');
    expect(script).toContain('age -d -i "$HOST_DIR/host.agekey" -o secrets.configvalues.yaml secrets.configvalues.yaml.age');
    expect(script).toContain('kubectl kots set config deepsource-fowl --config-file values.yaml --merge -n "$NAMESPACE"');
    expect(() => renderHostScript(meta, { fileName: 'b.tar', tarSha256: '$(reboot)' })).toThrow();
    expect(spawnSync('bash', ['-n', '-c', script]).status).toBe(0);
  });
});

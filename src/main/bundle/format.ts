import {
  ALL_BUNDLE_FILES,
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_MAX_BYTES,
  bundleMetaSchema,
  MANIFEST_FILES,
  READABLE_FORMAT_VERSIONS,
  type ApplyRecord,
  type BundleMeta,
  type InspectView,
  type VerifyProblem,
  type VerifyReport,
} from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import { ageDecrypt, ageEncrypt, type AgeKey, type AgeTarget } from './age';
import { folderName } from './host-script';
import { parseConfigValues, writeConfigValues, type ConfigValuesDoc } from './configvalues';
import { keyIdHex, minisignSign, minisignVerify, publicKeyFingerprint, rawSignature, rawVerify, type PublicKeyInfo, type SigningKeyPair } from './minisign';
import { readTar, writeTar } from './tar';
import { sha256Hex } from '../crypto/sha256';


/** ISO 8601 to the second, UTC: what bundle.json, the trusted comment and GNU `date -d` all read the same way. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function trustedCommentFor(meta: BundleMeta): string {
  return `ads-bundle v${meta.formatVersion} id=${meta.bundleId} app=${meta.appSlug} created=${meta.createdAt} expires=${meta.expiresAt}`;
}

/** `sha256sum` text mode lines: "<hex>  <name>". */
export function manifestFor(files: ReadonlyMap<string, Buffer>): string {
  return MANIFEST_FILES.map((name) => `${sha256Hex(files.get(name)!)}  ${name}\n`).join('');
}

export interface BundleValues {
  profileLabel: string;
  appSlug: string;
  public: ConfigValuesDoc['values'];
  secret: ConfigValuesDoc['values'];
}

export interface BuildInput {
  values: BundleValues;
  key: SigningKeyPair;
  target: AgeTarget;
  bundleId: string;
  now: Date;
  expiresInSeconds: number;
  /** What the admin asked for (format 2). */
  apply: ApplyRecord;
  /** Only tests set this, to check how a signed bundle of another version is treated. */
  formatVersion?: number;
}

export interface BuiltBundle {
  tar: Buffer;
  meta: BundleMeta;
  folder: string;
  files: Map<string, Buffer>;
}

export async function buildBundle(input: BuildInput): Promise<BuiltBundle> {
  const { values, key, target } = input;
  const formatVersion = input.formatVersion ?? BUNDLE_FORMAT_VERSION;
  const meta: BundleMeta = bundleMetaSchema.parse({
    format: BUNDLE_FORMAT,
    formatVersion,
    bundleId: input.bundleId,
    createdAt: isoSeconds(input.now),
    expiresAt: isoSeconds(new Date(input.now.getTime() + input.expiresInSeconds * 1000)),
    profileLabel: values.profileLabel,
    appSlug: values.appSlug,
    signer: { keyId: keyIdHex(key.keyId), fingerprint: publicKeyFingerprint(key.publicKey) },
    recipient: target.type === 'x25519' ? { type: 'x25519', recipient: target.recipient } : { type: 'passphrase', kdf: 'scrypt' },
    items: { public: values.public.map((v) => v.item), secret: values.secret.map((v) => v.item) },
    ...(formatVersion >= 2 ? { apply: input.apply } : {}),
  });
  const files = new Map<string, Buffer>();
  files.set(BUNDLE_FILES.public, Buffer.from(writeConfigValues({ name: values.appSlug, values: values.public }), 'utf8'));
  files.set(BUNDLE_FILES.secrets, await ageEncrypt(writeConfigValues({ name: values.appSlug, values: values.secret }), target));
  files.set(BUNDLE_FILES.meta, Buffer.from(`${JSON.stringify(meta, null, 2)}\n`, 'utf8'));
  const manifest = Buffer.from(manifestFor(files), 'utf8');
  files.set(BUNDLE_FILES.manifest, manifest);
  files.set(BUNDLE_FILES.minisig, Buffer.from(minisignSign(key, manifest, trustedCommentFor(meta), `ADS Setup Assistant bundle ${meta.bundleId}, signer key ${meta.signer.keyId}`), 'utf8'));
  files.set(BUNDLE_FILES.rawSig, rawSignature(key.seed, manifest));
  const folder = folderName(meta);
  const tar = writeTar(folder, ALL_BUNDLE_FILES.map((name) => ({ name, data: files.get(name)! })), input.now);
  return { tar, meta, folder, files };
}

function problem(code: VerifyProblem['code'], message: string, file?: string): VerifyProblem {
  return file === undefined ? { code, message } : { code, message, file };
}

/** Reads MANIFEST strictly: exactly the three expected names, in order, sha256sum text-mode lines. */
function parseManifest(text: string): Map<string, string> | null {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length !== MANIFEST_FILES.length) return null;
  const hashes = new Map<string, string>();
  for (const [index, line] of lines.entries()) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match || match[2] !== MANIFEST_FILES[index]) return null;
    hashes.set(match[2]!, match[1]!);
  }
  return hashes;
}

export interface VerifyOptions {
  now: Date;
  /** With a key, the secrets file is decrypted (in memory only) and validated. */
  ageKey?: AgeKey;
}

export function reportOf(pinned: PublicKeyInfo, problems: VerifyProblem[], extra: Partial<VerifyReport> = {}): VerifyReport {
  return {
    valid: problems.length === 0,
    ...(problems[0] ? { reason: problems[0].message } : {}),
    problems,
    ...(pinned.keyId ? { pinnedKeyId: keyIdHex(pinned.keyId) } : {}),
    pinnedFingerprint: publicKeyFingerprint(pinned.publicKey),
    secrets: { checked: false },
    ...extra,
  };
}

/**
 * Checks a bundle against the admin's pinned key only (a key inside the bundle is never consulted), in the order a
 * host would: structure, both signatures on MANIFEST, every hash, then bundle.json (format version, agreement with
 * the trusted comment, expiry) and, given an age key, the decrypted secrets.
 */
export async function verifyBundle(archive: Buffer, pinned: PublicKeyInfo, options: VerifyOptions): Promise<VerifyReport> {
  let files: Map<string, Buffer>;
  let folder: string;
  try {
    ({ files, folder } = readTar(archive, { expected: ALL_BUNDLE_FILES, maxBytes: BUNDLE_MAX_BYTES }));
  } catch (error) {
    if (error instanceof AppError && (error.code === 'BUNDLE_INVALID' || error.code === 'BUNDLE_TOO_LARGE')) return reportOf(pinned, [problem(error.code, error.message)]);
    throw error;
  }
  const missing = ALL_BUNDLE_FILES.filter((name) => !files.has(name));
  if (missing.length > 0) {
    return reportOf(pinned, missing.map((name) => problem('BUNDLE_INVALID', `${name} is missing from the bundle.`, name)));
  }
  const manifest = files.get(BUNDLE_FILES.manifest)!;
  const minisig = minisignVerify(pinned, manifest, files.get(BUNDLE_FILES.minisig)!.toString('utf8'));
  const signedByKeyId = 'keyId' in minisig && minisig.keyId ? { signedByKeyId: keyIdHex(minisig.keyId) } : {};
  if (!minisig.ok) {
    const message =
      minisig.reason === 'wrong-key'
        ? `The bundle was signed by another key: ${minisig.detail}.`
        : minisig.reason === 'malformed'
          ? `${BUNDLE_FILES.minisig} is damaged: ${minisig.detail}.`
          : minisig.reason === 'bad-trusted-comment'
            ? `${BUNDLE_FILES.minisig}: ${minisig.detail}.`
            : `${BUNDLE_FILES.manifest} changed after signing, or was signed by another key: ${minisig.detail}.`;
    return reportOf(pinned, [problem('SIGNATURE_INVALID', message, minisig.reason === 'bad-signature' ? BUNDLE_FILES.manifest : BUNDLE_FILES.minisig)], signedByKeyId);
  }
  const problems: VerifyProblem[] = [];
  if (!rawVerify(pinned.publicKey, manifest, files.get(BUNDLE_FILES.rawSig)!)) {
    problems.push(problem('SIGNATURE_INVALID', `${BUNDLE_FILES.rawSig} is not a valid signature of ${BUNDLE_FILES.manifest} by the pinned key.`, BUNDLE_FILES.rawSig));
  }
  const hashes = parseManifest(manifest.toString('utf8'));
  if (!hashes) {
    problems.push(problem('BUNDLE_INVALID', `${BUNDLE_FILES.manifest} does not list exactly ${MANIFEST_FILES.join(', ')}.`, BUNDLE_FILES.manifest));
    return reportOf(pinned, problems, { ...signedByKeyId, trustedComment: minisig.trustedComment });
  }
  for (const name of MANIFEST_FILES) {
    if (sha256Hex(files.get(name)!) !== hashes.get(name)) {
      problems.push(problem('HASH_MISMATCH', `${name} changed after signing: its SHA-256 does not match ${BUNDLE_FILES.manifest}.`, name));
    }
  }
  if (problems.length > 0) return reportOf(pinned, problems, { ...signedByKeyId, trustedComment: minisig.trustedComment });

  // From here every byte is covered by the signature.
  let meta: BundleMeta;
  try {
    const raw = JSON.parse(files.get(BUNDLE_FILES.meta)!.toString('utf8')) as { formatVersion?: unknown };
    if (typeof raw.formatVersion !== 'number' || !READABLE_FORMAT_VERSIONS.includes(raw.formatVersion)) {
      problems.push(problem('UNSUPPORTED_FORMAT', `The bundle uses format version ${String(raw.formatVersion)}; this app reads versions ${READABLE_FORMAT_VERSIONS.join(' and ')}.`, BUNDLE_FILES.meta));
      return reportOf(pinned, problems, { ...signedByKeyId, trustedComment: minisig.trustedComment });
    }
    meta = bundleMetaSchema.parse(raw);
  } catch {
    problems.push(problem('BUNDLE_INVALID', `${BUNDLE_FILES.meta} is not valid bundle metadata.`, BUNDLE_FILES.meta));
    return reportOf(pinned, problems, { ...signedByKeyId, trustedComment: minisig.trustedComment });
  }
  const context = { ...signedByKeyId, trustedComment: minisig.trustedComment, meta };
  if (minisig.trustedComment !== trustedCommentFor(meta)) {
    problems.push(problem('SIGNATURE_INVALID', `The signed trusted comment does not match ${BUNDLE_FILES.meta}.`, BUNDLE_FILES.minisig));
  }
  if (folder !== folderName(meta)) problems.push(problem('BUNDLE_INVALID', `The folder is named "${folder}", not "${folderName(meta)}".`));
  if (Date.parse(meta.expiresAt) <= options.now.getTime()) {
    problems.push(problem('BUNDLE_EXPIRED', `The bundle expired at ${meta.expiresAt}.`));
  }
  try {
    const publicDoc = parseConfigValues(files.get(BUNDLE_FILES.public)!.toString('utf8'), BUNDLE_FILES.public);
    if (publicDoc.name !== meta.appSlug || publicDoc.values.map((v) => v.item).join('\n') !== meta.items.public.join('\n') || publicDoc.values.some((v) => v.field !== 'value')) {
      problems.push(problem('BUNDLE_INVALID', `${BUNDLE_FILES.public} does not hold the items ${BUNDLE_FILES.meta} lists.`, BUNDLE_FILES.public));
    }
  } catch (error) {
    problems.push(problem('BUNDLE_INVALID', error instanceof AppError ? error.message : `${BUNDLE_FILES.public} is unreadable.`, BUNDLE_FILES.public));
  }
  if (!options.ageKey) return reportOf(pinned, problems, context);

  let plaintext: string;
  try {
    plaintext = await ageDecrypt(files.get(BUNDLE_FILES.secrets)!, options.ageKey);
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_INPUT') throw error;
    problems.push(
      problem(
        'DECRYPT_FAILED',
        meta.recipient.type === 'x25519'
          ? `${BUNDLE_FILES.secrets} could not be decrypted with the given identity (it was encrypted to ${meta.recipient.recipient}).`
          : `${BUNDLE_FILES.secrets} could not be decrypted with the given passphrase.`,
        BUNDLE_FILES.secrets,
      ),
    );
    return reportOf(pinned, problems, context);
  }
  try {
    const doc = parseConfigValues(plaintext, BUNDLE_FILES.secrets);
    const names = doc.values.map((v) => v.item);
    // eslint-disable-next-line no-control-regex
    const badValue = doc.values.some((v) => v.field !== 'valuePlaintext' || v.value.length === 0 || /[\u0000-\u001f\u007f]/.test(v.value));
    if (doc.name !== meta.appSlug || names.join('\n') !== meta.items.secret.join('\n') || badValue) {
      problems.push(problem('BUNDLE_INVALID', `The decrypted secrets do not hold the non-empty items ${BUNDLE_FILES.meta} lists.`, BUNDLE_FILES.secrets));
    }
    return reportOf(pinned, problems, { ...context, secrets: { checked: true, items: names } });
  } catch {
    problems.push(problem('BUNDLE_INVALID', 'The decrypted secrets are not a ConfigValues file this app wrote.', BUNDLE_FILES.secrets));
    return reportOf(pinned, problems, context);
  }
}

/** The non-secret contents, unverified (for a look before verifying; `verify` is what decides). */
export function inspectBundle(archive: Buffer): InspectView {
  const { files, folder } = readTar(archive, { expected: ALL_BUNDLE_FILES, maxBytes: BUNDLE_MAX_BYTES });
  const missing = ALL_BUNDLE_FILES.filter((name) => !files.has(name));
  if (missing.length > 0) throw new AppError('BUNDLE_INVALID', `This is not a usable bundle: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`, 'Use the .tar file exactly as it was exported.');
  let meta: BundleMeta;
  try {
    meta = bundleMetaSchema.parse(JSON.parse(files.get(BUNDLE_FILES.meta)!.toString('utf8')));
  } catch {
    throw new AppError('BUNDLE_INVALID', `This is not a usable bundle: ${BUNDLE_FILES.meta} is not valid bundle metadata.`, 'Use the .tar file exactly as it was exported.');
  }
  const publicDoc = parseConfigValues(files.get(BUNDLE_FILES.public)!.toString('utf8'), BUNDLE_FILES.public);
  const trusted = /^trusted comment: (.*)$/m.exec(files.get(BUNDLE_FILES.minisig)!.toString('utf8'));
  return {
    folder,
    sha256: sha256Hex(archive),
    files: ALL_BUNDLE_FILES.map((name) => ({ name, size: files.get(name)!.length, sha256: sha256Hex(files.get(name)!) })),
    manifest: files.get(BUNDLE_FILES.manifest)!.toString('utf8'),
    ...(trusted ? { trustedComment: trusted[1]! } : {}),
    meta,
    publicValues: publicDoc.values.map(({ item, value }) => ({ item, value })),
    verified: false,
  };
}

import { blake2b } from '@noble/hashes/blake2.js';
import { sha256Hex } from '../crypto/sha256';
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors';

/**
 * Ed25519 signatures in the two forms a console host can check without this app:
 *  - minisign (https://jedisct1.github.io/minisign/): public key `base64("Ed" ‖ keyId[8] ‖ pk[32])`; signature
 *    `base64("ED" ‖ keyId[8] ‖ Ed25519(BLAKE2b-512(file)))` followed by a trusted comment and the global signature
 *    `Ed25519(signature[64] ‖ trustedComment)`. "ED" is the prehashed form minisign ≥ 0.8 writes by default;
 *    the legacy "Ed" form (the file itself signed) is accepted on verify, as minisign does without -H.
 *  - raw: `Ed25519(file)`, 64 bytes, for `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin`.
 */

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_ALG = Buffer.from('Ed', 'latin1');
const SIG_ALG_PREHASHED = Buffer.from('ED', 'latin1');
const SIG_ALG_LEGACY = Buffer.from('Ed', 'latin1');
/** minisign refuses longer trusted comments. */
const MAX_TRUSTED_COMMENT = 1024;

export interface SigningKeyPair {
  /** 8 bytes, as stored in minisign blobs (little-endian order of the displayed hex). */
  keyId: Buffer;
  seed: Buffer;
  publicKey: Buffer;
}

export interface PublicKeyInfo {
  /** Absent for a PEM key: PEM carries no key id. */
  keyId?: Buffer;
  publicKey: Buffer;
}

/** The key id as minisign prints it: the 8 bytes read as a little-endian integer, upper-case hex. */
export function keyIdHex(keyId: Buffer): string {
  return Buffer.from(keyId).reverse().toString('hex').toUpperCase();
}

/** SHA-256 of the raw 32-byte public key, as upper-case hex pairs joined by colons. */
export function publicKeyFingerprint(publicKey: Buffer): string {
  return sha256Hex(publicKey).toUpperCase().match(/../g)!.join(':');
}

export function privateKeyObject(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function publicKeyObject(publicKey: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

export function publicKeyFromSeed(seed: Buffer): Buffer {
  const spki = createPublicKey(privateKeyObject(seed)).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(SPKI_ED25519_PREFIX.length));
}

export function minisignPublicKeyFile(key: { keyId: Buffer; publicKey: Buffer }): string {
  return `untrusted comment: minisign public key ${keyIdHex(key.keyId)}\n${Buffer.concat([KEY_ALG, key.keyId, key.publicKey]).toString('base64')}\n`;
}

export function pemPublicKey(publicKey: Buffer): string {
  return publicKeyObject(publicKey).export({ format: 'pem', type: 'spki' }).toString();
}

function badKey(detail: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `The public key file is not usable: ${detail}.`,
    'Give the signer\'s public key as a minisign .pub file (from `ads-setup bundle pubkey --format minisign`) or as a PEM file (`--format pem`).',
  );
}

function decodeStrictBase64(text: string, length: number, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw badKey(`${what} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== length || bytes.toString('base64') !== text) throw badKey(`${what} has the wrong length`);
  return bytes;
}

/** Reads a minisign public key file (or the bare base64 line, as `minisign -P` takes it) or an Ed25519 PEM key. */
export function parsePublicKey(text: string): PublicKeyInfo {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } catch {
      throw badKey('the PEM block does not hold a public key');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw badKey(`it is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
    const spki = key.export({ format: 'der', type: 'spki' });
    return { publicKey: Buffer.from(spki.subarray(SPKI_ED25519_PREFIX.length)) };
  }
  const lines = trimmed.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  const body = lines.length === 2 && lines[0]!.startsWith('untrusted comment:') ? lines[1]! : lines.length === 1 ? lines[0]! : '';
  if (!body) throw badKey('expected an "untrusted comment:" line and one base64 line, or a PEM block');
  const blob = decodeStrictBase64(body, 42, 'the key line');
  if (!blob.subarray(0, 2).equals(KEY_ALG)) throw badKey('it is not an Ed25519 minisign key');
  return { keyId: Buffer.from(blob.subarray(2, 10)), publicKey: Buffer.from(blob.subarray(10)) };
}

export function rawSignature(seed: Buffer, message: Buffer): Buffer {
  return edSign(null, message, privateKeyObject(seed));
}

export function rawVerify(publicKey: Buffer, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return edVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

function checkComment(comment: string, what: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\r\n\u0000]/.test(comment)) throw new AppError('INTERNAL', `The ${what} comment contains a line break.`, 'This is a bug in the app; report it.');
}

/**
 * minisign's prehash. Pure TypeScript (@noble/hashes), because Electron's Node is built on BoringSSL, whose digest
 * table has no BLAKE2: node:crypto's blake2b512 digest throws "Digest method not supported" inside the app.
 */
function blake2b512(message: Uint8Array): Buffer {
  return Buffer.from(blake2b(message, { dkLen: 64 }));
}

export function minisignSign(key: SigningKeyPair, message: Buffer, trustedComment: string, untrustedComment: string): string {
  checkComment(trustedComment, 'trusted');
  checkComment(untrustedComment, 'untrusted');
  if (Buffer.byteLength(trustedComment) > MAX_TRUSTED_COMMENT) throw new AppError('INTERNAL', 'The trusted comment is too long.', 'This is a bug in the app; report it.');
  const prehash = blake2b512(message);
  const signature = rawSignature(key.seed, prehash);
  const globalSignature = rawSignature(key.seed, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]));
  return [
    `untrusted comment: ${untrustedComment}`,
    Buffer.concat([SIG_ALG_PREHASHED, key.keyId, signature]).toString('base64'),
    `trusted comment: ${trustedComment}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}

export type MinisignCheck =
  | { ok: true; keyId: Buffer; trustedComment: string }
  | { ok: false; reason: 'malformed' | 'wrong-key' | 'bad-signature' | 'bad-trusted-comment'; detail: string; keyId?: Buffer };

/**
 * Verifies a minisign signature file the way `minisign -V` does: key id must match the pinned key's, the file
 * signature must verify, then the global signature over signature ‖ trusted comment.
 */
export function minisignVerify(pinned: PublicKeyInfo, message: Buffer, signatureFile: string): MinisignCheck {
  const lines = signatureFile.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== 4) return { ok: false, reason: 'malformed', detail: 'it does not have the four lines of a minisign signature' };
  const [untrusted = '', sigLine = '', trustedLine = '', globalLine = ''] = lines.map((line) => line.replace(/\r$/, ''));
  if (!untrusted.startsWith('untrusted comment: ')) return { ok: false, reason: 'malformed', detail: 'the first line is not an untrusted comment' };
  if (!trustedLine.startsWith('trusted comment: ')) return { ok: false, reason: 'malformed', detail: 'the third line is not a trusted comment' };
  const sigBlob = /^[A-Za-z0-9+/]+={0,2}$/.test(sigLine) ? Buffer.from(sigLine, 'base64') : Buffer.alloc(0);
  const globalSig = /^[A-Za-z0-9+/]+={0,2}$/.test(globalLine) ? Buffer.from(globalLine, 'base64') : Buffer.alloc(0);
  if (sigBlob.length !== 74 || globalSig.length !== 64) return { ok: false, reason: 'malformed', detail: 'a signature line is not valid base64 of the right length' };
  const algorithm = sigBlob.subarray(0, 2);
  const keyId = Buffer.from(sigBlob.subarray(2, 10));
  const signature = sigBlob.subarray(10);
  const prehashed = algorithm.equals(SIG_ALG_PREHASHED);
  if (!prehashed && !algorithm.equals(SIG_ALG_LEGACY)) return { ok: false, reason: 'malformed', detail: 'unsupported signature algorithm' };
  if (pinned.keyId && !pinned.keyId.equals(keyId)) {
    return { ok: false, reason: 'wrong-key', keyId, detail: `it was made with key ${keyIdHex(keyId)}, but the pinned key is ${keyIdHex(pinned.keyId)}` };
  }
  const signed = prehashed ? blake2b512(message) : message;
  if (!rawVerify(pinned.publicKey, signed, signature)) {
    return { ok: false, reason: 'bad-signature', keyId, detail: pinned.keyId ? 'the signature does not match the signed file' : 'the signature does not match the signed file with the pinned key' };
  }
  const trustedComment = trustedLine.slice('trusted comment: '.length);
  if (!rawVerify(pinned.publicKey, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), globalSig)) {
    return { ok: false, reason: 'bad-trusted-comment', keyId, detail: 'the trusted comment was changed after signing' };
  }
  return { ok: true, keyId, trustedComment };
}

// Vitest setup: node:crypto as Electron's main process has it. Electron's Node is built on BoringSSL, whose digest
// table is far smaller than OpenSSL's; code that asks for anything else works under plain Node and throws in the app.
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

/** `crypto.getHashes()` inside Electron 45 (reference/toolchain.md). */
export const BORINGSSL_DIGESTS = ['md4', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-256', 'md5-sha1', 'ripemd160'] as const;

const allowed = new Set<string>(BORINGSSL_DIGESTS);

function check(algorithm: unknown): void {
  if (algorithm === null || algorithm === undefined) return; // Ed25519 and friends take no digest
  const name = String(algorithm).toLowerCase().replace(/^rsa-/, '');
  if (!allowed.has(name)) {
    // The message BoringSSL-backed Node gives (electron/electron#16442).
    throw Object.assign(new Error('Digest method not supported'), { code: 'ERR_CRYPTO_INVALID_DIGEST', boringssl: true });
  }
}

type AnyFunction = (...args: never[]) => unknown;

function guard<K extends keyof typeof crypto>(name: K, digestArgument: (args: unknown[]) => unknown): void {
  const original = crypto[name] as unknown as AnyFunction | undefined;
  if (typeof original !== 'function') return;
  const guarded = function (this: unknown, ...args: unknown[]) {
    check(digestArgument(args));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.defineProperty(crypto, name, { value: guarded, writable: true, configurable: true, enumerable: true });
}

guard('createHash', (args) => args[0]);
guard('createHmac', (args) => args[0]);
guard('createSign', (args) => args[0]);
guard('createVerify', (args) => args[0]);
guard('hash', (args) => args[0]);
guard('sign', (args) => args[0]);
guard('verify', (args) => args[0]);
guard('pbkdf2', (args) => args[4]);
guard('pbkdf2Sync', (args) => args[4]);
guard('hkdf', (args) => args[0]);
guard('hkdfSync', (args) => args[0]);
Object.defineProperty(crypto, 'getHashes', { value: () => [...BORINGSSL_DIGESTS], writable: true, configurable: true, enumerable: true });
// `import { createHash } from 'node:crypto'` reads the ESM namespace: bring it in line with the patched module.
syncBuiltinESMExports();

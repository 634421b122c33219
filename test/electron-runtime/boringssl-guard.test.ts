import { createHash, createHmac, getHashes, hash } from 'node:crypto';
import * as cryptoNamespace from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BORINGSSL_DIGESTS } from './boringssl-guard';

// The guard is a vitest setup file (vitest.config.mts), so every suite runs on it; this proves it has teeth.
describe('node:crypto as Electron (BoringSSL) has it', () => {
  it('refuses the digests BoringSSL lacks, through every import style', () => {
    expect(() => createHash('blake2b512')).toThrow('Digest method not supported');
    expect(() => cryptoNamespace.createHash('sha3-256')).toThrow('Digest method not supported');
    expect(() => createHmac('sm3', 'k')).toThrow('Digest method not supported');
    expect(() => hash('blake2s256', 'x')).toThrow('Digest method not supported');
  });

  it('still gives what BoringSSL has', () => {
    expect(createHash('sha256').update('abc').digest('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(createHash('SHA512').digest('hex')).toHaveLength(128);
    expect(getHashes()).toEqual([...BORINGSSL_DIGESTS]);
  });
});

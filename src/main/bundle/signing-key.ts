import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SigningKeyView } from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import { GLOBAL_SCOPE, type SecretStore } from '../vault/secret-store';
import { keyIdHex, minisignPublicKeyFile, pemPublicKey, publicKeyFingerprint, publicKeyFromSeed, type SigningKeyPair } from './minisign';

/** What the keychain holds under `_global/signing-key`: the Ed25519 seed and the minisign key id. Never written elsewhere. */
const storedKeySchema = z.strictObject({
  v: z.literal(1),
  alg: z.literal('ed25519'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  seed: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  createdAt: z.iso.datetime({ offset: true }),
});

export interface SigningKey extends SigningKeyPair {
  createdAt: string;
}

export function viewOf(key: SigningKey): SigningKeyView {
  return {
    keyId: keyIdHex(key.keyId),
    fingerprint: publicKeyFingerprint(key.publicKey),
    createdAt: key.createdAt,
    minisign: minisignPublicKeyFile(key),
    pem: pemPublicKey(key.publicKey),
  };
}

/**
 * The app-wide bundle signing key: created on the first export, private half only in the keychain.
 * Concurrent first exports in one process share one creation.
 */
export class SigningKeyStore {
  readonly #secrets: SecretStore;
  readonly #now: () => Date;
  readonly #randomBytes: (size: number) => Buffer;
  #creating: Promise<SigningKey> | null = null;

  constructor(options: { secrets: SecretStore; now?: () => Date; randomBytes?: (size: number) => Buffer }) {
    this.#secrets = options.secrets;
    this.#now = options.now ?? (() => new Date());
    this.#randomBytes = options.randomBytes ?? nodeRandomBytes;
  }

  /** The key, or null when no bundle was ever exported from this keychain. */
  async get(): Promise<SigningKey | null> {
    const raw = await this.#secrets.get(GLOBAL_SCOPE, 'signing-key');
    if (raw === null) return null;
    let parsed: z.infer<typeof storedKeySchema>;
    try {
      parsed = storedKeySchema.parse(JSON.parse(raw));
    } catch {
      throw new AppError(
        'KEYCHAIN_FAILED',
        'The bundle signing key in the keychain is damaged.',
        'Delete the keychain entry "_global/signing-key" of ADS Setup Assistant; the next export creates a new key, which the console hosts must then pin.',
      );
    }
    const seed = Buffer.from(parsed.seed, 'base64');
    return { keyId: Buffer.from(parsed.keyId, 'hex'), seed, publicKey: publicKeyFromSeed(seed), createdAt: parsed.createdAt };
  }

  async require(): Promise<SigningKey> {
    const key = await this.get();
    if (!key) {
      throw new AppError('NOT_FOUND', 'There is no bundle signing key yet.', 'Export a bundle once (Set up → Deliver, or `ads-setup bundle export`): the key is created then.');
    }
    return key;
  }

  /** The existing key, or a new one stored in the keychain first. */
  async getOrCreate(): Promise<{ key: SigningKey; created: boolean }> {
    const existing = await this.get();
    if (existing) return { key: existing, created: false };
    if (!this.#creating) {
      this.#creating = this.#create().finally(() => {
        this.#creating = null;
      });
    }
    return { key: await this.#creating, created: true };
  }

  async #create(): Promise<SigningKey> {
    const seed = this.#randomBytes(32);
    const keyId = this.#randomBytes(8);
    const createdAt = this.#now().toISOString();
    const stored = { v: 1, alg: 'ed25519', keyId: keyId.toString('hex'), seed: seed.toString('base64'), createdAt };
    await this.#secrets.set(GLOBAL_SCOPE, 'signing-key', JSON.stringify(stored));
    return { keyId, seed, publicKey: publicKeyFromSeed(seed), createdAt };
  }
}

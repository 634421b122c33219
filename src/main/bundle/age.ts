import { Decrypter, Encrypter } from 'age-encryption';
import { AppError } from '../../shared/errors';

/**
 * age (https://age-encryption.org/v1) through the `age-encryption` package: to an X25519 recipient, or with a
 * passphrase (scrypt, the package's default work factor 2^18, the same as the age CLI). The output is the binary
 * age format that Debian's `age -d` reads.
 */
export type AgeTarget = { type: 'x25519'; recipient: string } | { type: 'passphrase'; passphrase: string };

export async function ageEncrypt(plaintext: string, target: AgeTarget): Promise<Buffer> {
  const encrypter = new Encrypter();
  if (target.type === 'x25519') encrypter.addRecipient(target.recipient);
  else encrypter.setPassphrase(target.passphrase);
  return Buffer.from(await encrypter.encrypt(plaintext));
}

export type AgeKey = { type: 'identity'; identityFile: string } | { type: 'passphrase'; passphrase: string };

/** The first `AGE-SECRET-KEY-1…` line of an identity file as `age-keygen` writes it (comments allowed). */
export function identityFromFile(text: string): string {
  const keys = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-1'));
  if (keys.length !== 1) {
    throw new AppError('INVALID_INPUT', 'The identity file holds no single age X25519 secret key.', 'Give the file `age-keygen -o host.key` wrote on the console host.');
  }
  return keys[0]!;
}

export async function ageDecrypt(ciphertext: Buffer, key: AgeKey): Promise<string> {
  const decrypter = new Decrypter();
  if (key.type === 'identity') decrypter.addIdentity(identityFromFile(key.identityFile));
  else decrypter.addPassphrase(key.passphrase);
  return decrypter.decrypt(new Uint8Array(ciphertext), 'text');
}

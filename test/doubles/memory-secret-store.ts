import type { SecretKind } from '../../src/shared/profile';
import { accountName, type SecretEntry, type SecretScope, type SecretStore } from '../../src/main/vault/secret-store';

/** In-memory twin of the keychain for unit tests. `unavailable` makes it fail closed like a missing keychain. */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, { entry: SecretEntry; value: string }>();
  failWith: Error | null = null;

  #check(): void {
    if (this.failWith) throw this.failWith;
  }

  async get(scope: SecretScope, kind: SecretKind): Promise<string | null> {
    this.#check();
    return this.entries.get(accountName(scope, kind))?.value ?? null;
  }

  async set(scope: SecretScope, kind: SecretKind, value: string): Promise<void> {
    this.#check();
    this.entries.set(accountName(scope, kind), { entry: { scope, kind }, value });
  }

  async delete(scope: SecretScope, kind: SecretKind): Promise<boolean> {
    this.#check();
    return this.entries.delete(accountName(scope, kind));
  }

  async list(): Promise<SecretEntry[]> {
    this.#check();
    return [...this.entries.values()].map(({ entry }) => entry);
  }
}

/** What the keychain holds for a profile's secret, under the profile's own keychain key. */
export async function keychainValue(
  vault: { get(id: string): Promise<{ keychainKey: string }> },
  secrets: Pick<SecretStore, 'get'>,
  profileId: string,
  kind: SecretKind,
): Promise<string | null> {
  return secrets.get((await vault.get(profileId)).keychainKey, kind);
}

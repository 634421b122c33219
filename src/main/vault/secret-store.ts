import type { SecretKind } from '../../shared/profile';

/** Keychain entries are per profile, except the app-wide signing key. `_global` can never be a profile id. */
export const GLOBAL_SCOPE = '_global';
export type SecretScope = string;

export interface SecretEntry {
  scope: SecretScope;
  kind: SecretKind;
}

/**
 * Where secrets live: the OS keychain in the app and the CLI, an in-memory twin in unit tests.
 * Implementations fail closed — they throw NO_KEYCHAIN rather than keep a secret anywhere else.
 */
export interface SecretStore {
  get(scope: SecretScope, kind: SecretKind): Promise<string | null>;
  set(scope: SecretScope, kind: SecretKind, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(scope: SecretScope, kind: SecretKind): Promise<boolean>;
  list(): Promise<SecretEntry[]>;
}

export function accountName(scope: SecretScope, kind: SecretKind): string {
  return `${scope}/${kind}`;
}

import { fileSink, Logger } from './log/logger';
import { ProviderRegistry, providers as allProviders } from './registration/providers';
import type { Provider } from './registration/providers/types';
import { KeytarSecretStore } from './vault/keytar-store';
import { ProfileStore } from './vault/profile-store';
import type { SecretStore } from './vault/secret-store';
import { VaultService } from './vault/vault';

// Part of the composition root (compose.ts re-exports it) without the shell, so it runs under plain Node too.

/** Where a run keeps its profiles, secrets and logs. */
export interface Storage {
  dataDir: string;
  keychainService: string;
  secrets: SecretStore;
  logger: Logger;
  vault: VaultService;
}

/**
 * `providers` is the one list of providers the run knows (default: the registry): profiles, the window's choices,
 * registration and the sign-in check all take it from the vault built here.
 */
export function openStorage(
  dataDir: string,
  keychainService: string,
  secrets: SecretStore = new KeytarSecretStore({ service: keychainService }),
  providers: readonly Provider[] = allProviders,
): Storage {
  const logger = new Logger(fileSink(dataDir));
  const profiles = new ProfileStore({ dataDir, providers: new ProviderRegistry(providers) });
  return { dataDir, keychainService, secrets, logger, vault: new VaultService({ profiles, secrets, redactor: logger }) };
}

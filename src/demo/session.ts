import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SecretStore } from '../main/vault/secret-store';

/** Demo secrets never share the real keychain service: a demo can never read or overwrite a real secret. */
export const DEMO_KEYCHAIN_SERVICE = 'ads-setup-assistant-demo';

export interface DemoSession {
  dataDir: string;
  keychainService: string;
  /** Removes the throwaway data folder and every demo keychain entry. Safe to call twice. */
  dispose: () => Promise<void>;
}

async function clearKeychain(secrets: SecretStore): Promise<void> {
  for (const entry of await secrets.list()) await secrets.delete(entry.scope, entry.kind);
}

/**
 * A demo run's storage: a fresh temp folder and the demo keychain service, both emptied on exit. Leftovers of a
 * demo that crashed are cleared on start.
 */
export async function startDemoSession(secrets: SecretStore, tmpRoot: string = os.tmpdir()): Promise<DemoSession> {
  await clearKeychain(secrets);
  const dataDir = await mkdtemp(path.join(tmpRoot, 'ads-setup-demo-'));
  let disposed = false;
  return {
    dataDir,
    keychainService: DEMO_KEYCHAIN_SERVICE,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await clearKeychain(secrets).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

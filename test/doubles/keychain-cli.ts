import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../src/main/cli/run';
import { KeytarSecretStore } from '../../src/main/vault/keytar-store';
import { readyVault, type ReadyOptions } from './bundle-fixture';
import { recordingIo } from './cli-io';

/**
 * The CLI in process on the real keychain (the throwaway gnome-keyring of scripts/with-keyring.sh): each call makes
 * its own keychain service and data folder holding the ready profile "prod", and a `cli` that runs commands there.
 * Every keychain entry made is deleted after the file's tests.
 */
export function useKeychainCli(name: string, tempDir: () => string) {
  const stores: KeytarSecretStore[] = [];
  afterAll(async () => {
    for (const store of stores) for (const entry of await store.list()) await store.delete(entry.scope, entry.kind);
  });
  return async (ready: ReadyOptions = {}) => {
    const service = `ads-setup-test-${name}-${randomBytes(6).toString('hex')}`;
    const secrets = new KeytarSecretStore({ service });
    stores.push(secrets);
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const { vault } = await readyVault({ dataDir, secrets, ...ready });
    const env = { ADS_SETUP_KEYCHAIN_SERVICE: service, ADS_SETUP_DATA_DIR: dataDir };
    const cli = async (argv: string[], options: { tty?: boolean; stdin?: string } = {}) => {
      const { io, out } = recordingIo({ env, ...options });
      return { code: await runCli(argv, io, { version: '0.0.0-test' }), ...out };
    };
    return { dir, dataDir, env, vault, secrets, cli };
  };
}

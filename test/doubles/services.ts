import { BundleChannels } from '../../src/main/bundle/bundle-channels';
import { BundleService } from '../../src/main/bundle/bundle-service';
import { ConsoleService } from '../../src/main/console/console-service';
import { nodeConsoleTransport } from '../../src/main/console/node-transport';
import { createHandlerTable } from '../../src/main/handlers';
import type { HandlerTable } from '../../src/main/ipc/dispatch';
import { ProfileStore } from '../../src/main/vault/profile-store';
import { VaultService } from '../../src/main/vault/vault';
import { testAppInfo } from './app-info';
import { MemorySecretStore } from './memory-secret-store';

/** The complete handler table over a data folder and the in-memory keychain; dialogs answer Cancel. */
export function testHandlerTable(dataDir: string): { table: HandlerTable; vault: VaultService; secrets: MemorySecretStore } {
  const secrets = new MemorySecretStore();
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets });
  const picker = { chooseSavePath: async () => null, chooseOpenPath: async () => null };
  const table = createHandlerTable({
    appInfo: testAppInfo({ dataDir }),
    vault,
    bundle: new BundleChannels(new BundleService({ vault, secrets }), picker),
    console: new ConsoleService({ vault, transport: nodeConsoleTransport }),
  });
  return { table, vault, secrets };
}

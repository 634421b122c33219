// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { AppInfoService } from './app-info/app-info';
import { ConsoleService } from './console/console-service';
import { createHandlerTable } from './handlers';
import { runShell } from './shell/app';
import { electronConsoleTransport } from './shell/console-fetch';
import { KEYCHAIN_SERVICE, KeytarSecretStore } from './vault/keytar-store';
import { ProfileStore } from './vault/profile-store';
import { VaultService } from './vault/vault';

runShell((environment) => {
  const vault = new VaultService({
    profiles: new ProfileStore({ dataDir: process.env['ADS_SETUP_DATA_DIR'] ?? environment.userDataDir }),
    secrets: new KeytarSecretStore({ service: process.env['ADS_SETUP_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE }),
  });
  return createHandlerTable({
    appInfo: new AppInfoService(environment.runtime),
    console: new ConsoleService({ vault, transport: electronConsoleTransport }),
  });
});

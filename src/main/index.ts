// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { AppInfoService } from './app-info/app-info';
import { createHandlerTable } from './handlers';
import { errorFields, fileSink, Logger } from './log/logger';
import { runShell } from './shell/app';
import { KEYCHAIN_SERVICE, KeytarSecretStore } from './vault/keytar-store';
import { ProfileStore } from './vault/profile-store';
import { VaultService } from './vault/vault';

runShell((environment) => {
  const logger = new Logger(fileSink(environment.userDataDir));
  const vault = new VaultService({
    profiles: new ProfileStore({ dataDir: environment.userDataDir }),
    secrets: new KeytarSecretStore({ service: KEYCHAIN_SERVICE }),
    redactor: logger,
  });
  return {
    table: createHandlerTable({
      appInfo: new AppInfoService(environment.runtime, { demo: false, dataDir: environment.userDataDir, keychainService: KEYCHAIN_SERVICE }),
      vault,
    }),
    reportUnexpected: (channel, error) => logger.error(`channel ${channel} failed unexpectedly`, errorFields(error)),
  };
});

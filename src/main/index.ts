// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { AppInfoService } from './app-info/app-info';
import { BundleChannels } from './bundle/bundle-channels';
import { BundleService } from './bundle/bundle-service';
import { createHandlerTable } from './handlers';
import { runShell } from './shell/app';
import { electronBundlePicker } from './shell/dialogs';
import { KeytarSecretStore } from './vault/keytar-store';
import { ProfileStore } from './vault/profile-store';
import { VaultService } from './vault/vault';

runShell((environment) => {
  const secrets = new KeytarSecretStore();
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir: environment.userDataDir }), secrets });
  return createHandlerTable({
    appInfo: new AppInfoService(environment.runtime),
    bundle: new BundleChannels(new BundleService({ vault, secrets }), electronBundlePicker),
  });
});

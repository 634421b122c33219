// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { isDemoRun } from './app-info/app-info';
import { composeServices, openStorage } from './compose';
import { runShell } from './shell/app';
import { KEYCHAIN_SERVICE } from './vault/keytar-store';

runShell(async (environment) => {
  // The demo (its replicas, the console double, throwaway storage) is a separate chunk, loaded only for --demo.
  if (isDemoRun(environment.argv)) return (await import('../demo')).composeDemo(environment);
  return composeServices(environment, openStorage(environment.userDataDir, KEYCHAIN_SERVICE));
});

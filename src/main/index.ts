// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { randomUUID } from 'node:crypto';
import { AppInfoService } from './app-info/app-info';
import { ConsoleService } from './console/console-service';
import { BundleChannels } from './bundle/bundle-channels';
import { BundleService } from './bundle/bundle-service';
import { startDemoEnvironment } from './demo/demo-environment';
import { DEMO_KEYCHAIN_SERVICE, isDemoRun, startDemoSession } from './demo/demo-session';
import { createHandlerTable } from './handlers';
import { errorFields, fileSink, Logger } from './log/logger';
import { ProviderRegistry } from './registration/providers';
import { RegistrationService } from './registration/service';
import { maskSecret } from './secrets/mask';
import { runShell } from './shell/app';
import { electronConsoleTransport } from './shell/console-fetch';
import { electronBundlePicker, electronTrustDecisions } from './shell/dialogs';
import { RegistrationViews } from './shell/registration-view';
import { SignInViews } from './shell/signin-view';
import { SignInService } from './signin/service';
import { KEYCHAIN_SERVICE, KeytarSecretStore } from './vault/keytar-store';
import { ProfileStore } from './vault/profile-store';
import { VaultService } from './vault/vault';

runShell(async (environment) => {
  const demo = isDemoRun(environment.argv);
  const keychainService = demo ? DEMO_KEYCHAIN_SERVICE : KEYCHAIN_SERVICE;
  const secrets = new KeytarSecretStore({ service: keychainService });
  const session = demo ? await startDemoSession(secrets) : undefined;
  const dataDir = session?.dataDir ?? environment.userDataDir;
  const logger = new Logger(fileSink(dataDir));
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets, redactor: logger });
  // Demo: the replica Azure site and the KOTS double on 127.0.0.1, and the demo profiles in the throwaway vault.
  const demoEnvironment = session
    ? await startDemoEnvironment({ vault }).catch(async (error: unknown) => {
        await session.dispose();
        throw error;
      })
    : undefined;
  return {
    table: createHandlerTable({
      appInfo: new AppInfoService(environment.runtime, { demo, dataDir, keychainService, ...demoEnvironment?.info }),
      vault,
      bundle: new BundleChannels(new BundleService({ vault, secrets }), electronBundlePicker),
      console: new ConsoleService({ vault, transport: electronConsoleTransport, trust: electronTrustDecisions }),
      registration: new RegistrationService({
        providers: demoEnvironment?.providers ?? new ProviderRegistry(),
        browser: new RegistrationViews(environment.mainWindow, { certificatePins: demoEnvironment?.certificatePins ?? [] }),
        clock: { now: () => new Date() },
        randomId: randomUUID,
        maskSecret,
      }),
      signin: new SignInService({
        browser: new SignInViews(environment.mainWindow),
        vault,
        randomId: randomUUID,
        // The demo's login page is rendered by its server, so a short look is enough there.
        ...(demoEnvironment ? { loginUrlFor: demoEnvironment.signIn.loginUrlFor, pins: demoEnvironment.signIn.pins, timing: { lookMs: 2_000, retryMs: 2_000 } } : {}),
      }),
    }),
    reportUnexpected: (channel, error) => logger.error(`channel ${channel} failed unexpectedly`, errorFields(error)),
    ...(session
      ? {
          dispose: async () => {
            await demoEnvironment?.stop();
            await session.dispose();
          },
        }
      : {}),
  };
});

import { randomUUID } from 'node:crypto';
import type { AppInfo } from '../shared/contract';
import { AppInfoService } from './app-info/app-info';
import { BundleChannels } from './bundle/bundle-channels';
import { BundleService } from './bundle/bundle-service';
import { ConsoleService } from './console/console-service';
import { createHandlerTable } from './handlers';
import { errorFields } from './log/logger';
import type { EndpointsFor } from './entra-graph/endpoints';
import { nodeHttpsClient } from './entra-graph/https-client';
import { EntraGraphService } from './entra-graph/service';
import { electronSystemBrowser } from './shell/system-browser';
import type { ProviderRegistry } from './registration/providers';
import { RegistrationService } from './registration/service';
import { maskSecret } from './secrets/mask';
import type { Composed, ShellEnvironment } from './shell/app';
import { electronConsoleTransport } from './shell/console-fetch';
import { electronBundlePicker, electronTrustDecisions } from './shell/dialogs';
import { RegistrationViews } from './shell/registration-view';
import { SignInViews } from './shell/signin-view';
import { SignInService, type SignInServiceOptions } from './signin/service';
import type { CertificateTrust } from './tls/certificate-trust';
import { openStorage, type Storage } from './storage';

export { openStorage, type Storage };

/** What the demo changes in a run: the sites the services talk to and the certificates they accept. */
export interface RunSetting {
  demo?: { password: string; environment: NonNullable<AppInfo['demoEnvironment']> };
  /** The storage's providers with other addresses (the demo's, mapped onto its replicas); same ids and rules. */
  providers?: ProviderRegistry;
  /** What the registration view's session trusts besides Chromium's verification (the demo's own replica). */
  registrationTrust?: CertificateTrust;
  /** The sign-in check's trust and timing, and the proxy its browser's session goes through (the demo's network). */
  signIn?: Pick<SignInServiceOptions, 'loginUrlFor' | 'trust' | 'timing'> & { proxy?: string };
  /** Where the Graph route's requests go and the one extra CA they trust (the demo's double); default Microsoft's. */
  entraGraph?: { endpointsFor: EndpointsFor; extraCaPem: string };
  /** Runs once before the app exits. */
  dispose?: () => Promise<void>;
}

/** Builds the services on a storage and hands the shell their handler table. */
export function composeServices(environment: ShellEnvironment, storage: Storage, setting: RunSetting = {}): Composed {
  const { vault, secrets, logger, dataDir, keychainService } = storage;
  const consoleService = new ConsoleService({ vault, transport: electronConsoleTransport, trust: electronTrustDecisions });
  const run = { demo: setting.demo !== undefined, dataDir, keychainService, ...(setting.demo ? { demoPassword: setting.demo.password, demoEnvironment: setting.demo.environment } : {}) };
  return {
    table: createHandlerTable({
      appInfo: new AppInfoService(environment.runtime, run),
      vault,
      bundle: new BundleChannels(new BundleService({ vault, secrets }), electronBundlePicker),
      console: consoleService,
      registration: new RegistrationService({
        providers: setting.providers ?? vault.providers,
        browser: new RegistrationViews(environment.mainWindow, { trust: setting.registrationTrust ?? {} }),
        randomId: randomUUID,
        maskSecret,
      }),
      signin: new SignInService({ browser: new SignInViews(environment.mainWindow, setting.signIn?.proxy ? { proxy: setting.signIn.proxy } : {}), vault, randomId: randomUUID, ...signInOptions(setting) }),
      entraGraph: new EntraGraphService({
        vault,
        http: nodeHttpsClient(setting.entraGraph ? { extraCaPem: setting.entraGraph.extraCaPem } : {}),
        browser: electronSystemBrowser,
        randomId: randomUUID,
        ...(setting.entraGraph ? { endpointsFor: setting.entraGraph.endpointsFor } : {}),
      }),
    }),
    reportUnexpected: (channel, error) => logger.error(`channel ${channel} failed unexpectedly`, errorFields(error)),
    // On quit the console sessions end first (a kubectl port-forward with them), then what the run set up.
    dispose: async () => {
      await consoleService.close();
      await setting.dispose?.();
    },
  };
}

/** The service's part of the run's sign-in setting (the proxy is the browser's). */
function signInOptions(setting: RunSetting): Pick<SignInServiceOptions, 'loginUrlFor' | 'trust' | 'timing'> {
  const { proxy: _proxy, ...rest } = setting.signIn ?? {};
  return rest;
}

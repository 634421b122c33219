import { AppError } from '../shared/errors';
import type { AppInfoService } from './app-info/app-info';
import type { ConsoleService } from './console/console-service';
import type { EntraGraphService } from './entra-graph/service';
import type { BundleChannels } from './bundle/bundle-channels';
import type { HandlerTable } from './ipc/dispatch';
import type { RegistrationService } from './registration/service';
import type { SignInService } from './signin/service';
import { SetupService } from './setup/setup-service';
import { DeepSourceProbe, probeView } from './signin/probe';
import type { VaultService } from './vault/vault';

export interface Services {
  appInfo: AppInfoService;
  vault: VaultService;
  bundle: BundleChannels;
  console: ConsoleService;
  /** Absent where there is no built-in browser (the CLI). */
  registration?: RegistrationService;
  /** The sign-in check in the built-in browser; absent in the CLI (it runs its own Chromium). */
  signin?: SignInService;
  /** The Entra app through Microsoft Graph (the CLI's commands call the service directly). */
  entraGraph?: EntraGraphService;
}

/** The one handler table: driven by the Electron shell, the CLI and the tests alike. */
export function createHandlerTable(services: Services): HandlerTable {
  const { vault, bundle } = services;
  // Before the Azure work, a look at DeepSource's login decides the new app's account type (where a browser runs).
  const probe = services.signin ? new DeepSourceProbe({ signIn: services.signin }) : undefined;
  const setup = new SetupService({ registration: services.registration, vault, ...(probe ? { probe } : {}) });
  const registration = (): RegistrationService => setup.registration();
  const signin = (): SignInService => {
    if (services.signin) return services.signin;
    throw new AppError('BROWSER_UNAVAILABLE', 'The built-in browser is not available here.', 'Run the check from the desktop app, or with `ads-setup signin-check`.');
  };
  const graph = (): EntraGraphService => {
    if (services.entraGraph) return services.entraGraph;
    throw new AppError('BROWSER_UNAVAILABLE', 'Microsoft Graph is not set up in this run.', 'Use the desktop app, or `ads-setup register --via graph`.');
  };
  return {
    appInfo: () => services.appInfo.info(),
    providerList: () => ({ providers: vault.providers.descriptors() }),

    profileList: () => vault.list(),
    profileGet: ({ id }) => vault.view(id),
    profileCreate: (input) => vault.create(input),
    // Moving an established console to another address or CA is the admin's decision, asked by the main process.
    profileUpdate: async ({ id, patch }) => {
      await services.console.approveProfilePatch(id, patch);
      return setup.updateProfile(id, patch);
    },
    profileDelete: async ({ id }) => {
      await vault.delete(id);
      return { deleted: id };
    },

    secretSet: ({ profileId, kind, value }) => vault.setSecret(profileId, kind, value),
    secretStatus: async ({ profileId }) => ({ secrets: await vault.secretStatuses(profileId) }),
    secretForget: ({ profileId }) => vault.forgetSecrets(profileId),
    webhookSecretGenerate: ({ profileId }) => vault.generateWebhookSecret(profileId),

    bundleSigningKey: () => bundle.signingKey(),
    bundleExport: (request) => bundle.export(request),
    bundleVerify: (request) => bundle.verify(request),
    bundleSaveHostScript: () => bundle.saveHostScript(),
    bundleDiscoveryScript: (request) => bundle.discoveryScript(request),
    bundleReadDiscovery: (request) => bundle.readDiscovery(request),
    profileSetMapping: (request) => bundle.setMapping(request),

    registrationStart: ({ profileId }) => setup.startRegistration(profileId),
    registrationState: ({ flowId }) => registration().state(flowId),
    registrationNavigate: ({ flowId, action }) => registration().navigate(flowId, action),
    registrationExtract: ({ flowId }) => registration().extract(flowId),
    registrationPick: ({ flowId, field }) => registration().pick(flowId, field),
    registrationCancelPick: ({ flowId }) => registration().cancelPick(flowId),
    registrationEnd: ({ flowId }) => registration().end(flowId),
    registrationSetBounds: ({ flowId, ...bounds }) => {
      registration().setBounds(flowId, bounds);
      return {};
    },
    registrationFocus: ({ flowId }) => {
      registration().focus(flowId);
      return {};
    },
    registrationOpenPage: ({ flowId, page }) => registration().openPage(flowId, page),
    registrationSave: (request) => setup.saveCapture(request),
    secretRotateStart: ({ profileId }) => setup.startRotation(profileId),

    consoleRoutes: () => services.console.routes(),
    graphStart: async ({ profileId, purpose, options }) => {
      // An installation whose built-in browser is open is being registered there: one route at a time.
      if (services.registration?.isOpenFor(profileId)) await services.registration.discardFlowsOf(profileId);
      if (purpose === 'rotate') return graph().start(profileId, purpose, options);
      const { decision } = await setup.prepare(profileId);
      return graph().start(profileId, purpose, options, { audience: decision });
    },
    graphState: ({ runId }) => graph().state(runId),
    graphDecide: ({ runId, choice }) => graph().decide(runId, choice),
    graphCancel: ({ runId }) => graph().cancel(runId),
    graphCheck: ({ profileId }) => graph().check(profileId),
    graphRetireSecret: ({ profileId }) => graph().retireOldSecret(profileId),
    secretProve: ({ profileId }) => graph().prove(profileId),

    consolePlan: (request) => services.console.plan(request),
    consoleApply: (request) => services.console.apply(request),
    consoleDeploy: (request) => services.console.deploy(request),
    consoleStatus: (request) => services.console.status(request),
    consoleFollow: (request) => services.console.follow(request),
    consoleProgress: (request) => services.console.progress(request.profileId),

    signinProbe: async ({ profileId }) => {
      const { decision, probe: seen } = await setup.prepare(profileId);
      return probeView(seen, decision);
    },
    signinStart: (request) => signin().start(request),
    signinState: ({ runId }) => signin().state(runId),
    signinEnd: ({ runId }) => signin().end(runId),
    signinSetBounds: ({ runId, ...bounds }) => {
      signin().setBounds(runId, bounds);
      return {};
    },
  };
}

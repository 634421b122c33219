import type { AppInfoService } from './app-info/app-info';
import type { ConsoleService } from './console/console-service';
import { AppError } from '../shared/errors';
import type { BundleChannels } from './bundle/bundle-channels';
import type { HandlerTable } from './ipc/dispatch';
import type { VaultService } from './vault/vault';

export interface Services {
  appInfo: AppInfoService;
  vault: VaultService;
  bundle: BundleChannels;
  /** Admin-console push; absent in compositions that do not offer it (e.g. `ads-setup info`). */
  console?: ConsoleService;
}

function consoleOf(services: Services): ConsoleService {
  if (!services.console) throw new AppError('INTERNAL', 'The admin-console push is not available here.', 'Use the app or `ads-setup push`.');
  return services.console;
}

/** The one handler table: driven by the Electron shell, the CLI and the tests alike. */
export function createHandlerTable(services: Services): HandlerTable {
  const { vault, bundle } = services;
  return {
    appInfo: () => services.appInfo.info(),

    profileList: () => vault.list(),
    profileGet: ({ id }) => vault.view(id),
    profileCreate: (input) => vault.create(input),
    profileUpdate: ({ id, patch }) => vault.update(id, patch),
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

    consolePlan: (request) => consoleOf(services).plan(request),
    consoleApply: (request) => consoleOf(services).apply(request),
    consoleDeploy: (request) => consoleOf(services).deploy(request),
    consoleStatus: (request) => consoleOf(services).status(request),
  };
}

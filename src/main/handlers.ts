import { AppError } from '../shared/errors';
import type { AppInfoService } from './app-info/app-info';
import type { BundleChannels } from './bundle/bundle-channels';
import type { HandlerTable } from './ipc/dispatch';

export interface Services {
  appInfo: AppInfoService;
  /** Composed where a vault exists (the app, the e2e harness); other callers (e.g. `ads-setup info`) leave it out. */
  bundle?: BundleChannels;
}

function bundleOf(services: Services): BundleChannels {
  if (!services.bundle) throw new AppError('INTERNAL', 'Bundles are not available in this process.', 'Use the app window or `ads-setup bundle …`.');
  return services.bundle;
}

/** The one handler table: driven by the Electron shell, the CLI and the tests alike. */
export function createHandlerTable(services: Services): HandlerTable {
  return {
    appInfo: () => services.appInfo.info(),
    bundleSigningKey: () => bundleOf(services).signingKey(),
    bundleExport: (request) => bundleOf(services).export(request),
    bundleVerify: (request) => bundleOf(services).verify(request),
  };
}

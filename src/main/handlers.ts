import type { AppInfoService } from './app-info/app-info';
import type { ConsoleService } from './console/console-service';
import { AppError } from '../shared/errors';
import type { HandlerTable } from './ipc/dispatch';

export interface Services {
  appInfo: AppInfoService;
  /** Admin-console push; absent in compositions that do not offer it (e.g. `ads-setup info`). */
  console?: ConsoleService;
}

function consoleOf(services: Services): ConsoleService {
  if (!services.console) throw new AppError('INTERNAL', 'The admin-console push is not available here.', 'Use the app or `ads-setup push`.');
  return services.console;
}

/** The one handler table: driven by the Electron shell, the CLI and the tests alike. */
export function createHandlerTable(services: Services): HandlerTable {
  return {
    appInfo: () => services.appInfo.info(),
    consolePlan: (request) => consoleOf(services).plan(request),
    consoleApply: (request) => consoleOf(services).apply(request),
    consoleDeploy: (request) => consoleOf(services).deploy(request),
    consoleStatus: (request) => consoleOf(services).status(request),
  };
}

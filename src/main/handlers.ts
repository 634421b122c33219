import type { AppInfoService } from './app-info/app-info';
import type { HandlerTable } from './ipc/dispatch';

export interface Services {
  appInfo: AppInfoService;
}

/** The one handler table: driven by the Electron shell, the CLI and the tests alike. */
export function createHandlerTable(services: Services): HandlerTable {
  return {
    appInfo: () => services.appInfo.info(),
  };
}

// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { AppInfoService } from './app-info/app-info';
import { createHandlerTable } from './handlers';
import { runShell } from './shell/app';

runShell((environment) =>
  createHandlerTable({
    appInfo: new AppInfoService(environment.runtime),
  }),
);

// Composition root: builds the services, wires them to the Electron shell. No logic lives here.
import { randomUUID } from 'node:crypto';
import { AppInfoService } from './app-info/app-info';
import { createHandlerTable } from './handlers';
import { ProviderRegistry } from './registration/providers';
import { RegistrationService } from './registration/service';
import { maskSecret } from './secrets/mask';
import { runShell } from './shell/app';
import { RegistrationViews } from './shell/registration-view';

runShell((environment) =>
  createHandlerTable({
    appInfo: new AppInfoService(environment.runtime),
    registration: new RegistrationService({
      providers: new ProviderRegistry(),
      browser: new RegistrationViews(environment.mainWindow),
      clock: { now: () => new Date() },
      randomId: randomUUID,
      maskSecret,
    }),
  }),
);

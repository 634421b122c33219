import { AppError } from '../shared/errors';
import type { AppInfoService } from './app-info/app-info';
import type { HandlerTable } from './ipc/dispatch';
import type { RegistrationService } from './registration/service';

export interface Services {
  appInfo: AppInfoService;
  /** Absent where there is no built-in browser (the CLI's info command). */
  registration?: RegistrationService;
}

/** The one handler table: driven by the Electron shell, the CLI and the tests alike. */
export function createHandlerTable(services: Services): HandlerTable {
  const registration = (): RegistrationService => {
    if (services.registration) return services.registration;
    throw new AppError('BROWSER_UNAVAILABLE', 'The built-in browser is not available here.', 'Registration runs in the desktop app; use `ads-setup extract` to read a saved page.');
  };
  return {
    appInfo: () => services.appInfo.info(),
    registrationStart: (request) => registration().start(request),
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
  };
}

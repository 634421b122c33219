import { AppError } from '../../../shared/errors';
import { addressRoute } from './address';

/** The console signs admins in through its identity service: a password is never sent there. */
export function passwordLoginDisabled(origin: string): AppError {
  return new AppError(
    'PASSWORD_LOGIN_DISABLED',
    `The admin console at ${origin} does not take passwords: it signs admins in through its identity service. The password was not sent.`,
    'Reach it with its kotsadm authstring (“Address and authstring”; command line: --authstring-stdin) or through kubectl (“Through kubectl”; command line: --via kubectl), or export a signed bundle instead.',
  );
}

/** The console's address and its shared admin password (POST /api/v1/login), asked how it signs in first. */
export const passwordRoute = addressRoute({
  id: 'password',
  title: 'Address and password',
  summary: 'The admin console’s address and its admin password.',
  secret: {
    name: 'password',
    kind: 'secret',
    label: 'Console password',
    cli: { flag: 'password-stdin', usage: 'Read the console password from standard input (one line).' },
    env: 'ADS_SETUP_CONSOLE_PASSWORD',
    ask: {
      prompt: 'Admin console password: ',
      missing: 'The admin console password is needed to log in.',
      remedy: 'Enter it (it is used for one login and kept only if you choose to remember it).',
    },
  },
  remember: {
    name: 'remember',
    kind: 'remember',
    label: 'Remember the password in the system keychain',
    cli: { flag: 'remember-password', usage: 'Keep the console password in the OS keychain for later pushes, bound to this console and its certificate (or CA): it is never sent anywhere else.' },
  },
  // login/info carries no secret: a console that takes no passwords never receives one (and is never asked one).
  before: async (client, origin) => {
    if ((await client.loginInfo()) === 'identity-service') throw passwordLoginDisabled(origin);
  },
  signIn: async (client, password, origin) => {
    try {
      await client.login(password);
    } catch (error) {
      if (error instanceof AppError && error.code === 'PASSWORD_LOGIN_DISABLED') throw passwordLoginDisabled(origin);
      throw error;
    }
  },
});

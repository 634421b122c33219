import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { secretKinds, type SecretKind } from '../../shared/profile';
import { accountName, type SecretEntry, type SecretScope, type SecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'ads-setup-assistant';
/** The throwaway entry that checks a keychain which claims to hold nothing (no "/<kind>": never a profile's). */
const PROBE_ACCOUNT = 'keychain-probe';

/** The slice of keytar this store uses (injected so a test can hand in a failing one). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** The README section that shows how to get a usable keychain without a desktop (the README test checks it exists). */
export const KEYCHAIN_HELP_SECTION = 'A keychain without a desktop';
const seeReadme = `See "${KEYCHAIN_HELP_SECTION}" in the README.`;

function remedyFor(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return `Unlock the login keychain (Keychain Access, or \`security unlock-keychain\` over SSH) and allow "ADS Setup Assistant" to use it, then try again. ${seeReadme}`;
    case 'win32':
      return `Sign in to Windows with your own account (not a service account without a profile) so Credential Manager is available, then try again. ${seeReadme}`;
    default:
      return `Start a Secret Service (gnome-keyring or KWallet) and unlock it: log in to a desktop session, or over SSH or on a server run a long-lived one with \`dbus-run-session\` and \`gnome-keyring-daemon --unlock\`. ${seeReadme}`;
  }
}

/** Keychain failures that mean "there is no usable keychain" rather than "this one call failed". */
const UNAVAILABLE = [
  /autolaunch D-Bus/i,
  /org\.freedesktop\.secrets/i,
  /ServiceUnknown/i,
  /No such interface/i,
  /locked collection|is locked|cannot unlock|prompt (was )?dismissed/i,
  /not provided by any \.service files/i,
  /User canceled|denied|not allowed/i,
  // Windows over OpenSSH: a network logon has no credential set (ERROR_NO_SUCH_LOGON_SESSION).
  /logon session/i,
  /Cannot find module|libsecret/i,
];

export function keychainError(error: unknown, platform: NodeJS.Platform = process.platform): AppError {
  const text = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE.some((pattern) => pattern.test(text))) {
    return new AppError('NO_KEYCHAIN', 'No usable OS keychain, so secrets can be neither stored nor read (no secret was written anywhere).', remedyFor(platform));
  }
  return new AppError('KEYCHAIN_FAILED', 'The OS keychain refused the request (no secret was written anywhere).', remedyFor(platform));
}

function parseAccount(account: string): SecretEntry | null {
  const slash = account.lastIndexOf('/');
  if (slash <= 0) return null;
  const kind = account.slice(slash + 1);
  if (!(secretKinds as readonly string[]).includes(kind)) return null;
  return { scope: account.slice(0, slash), kind: kind as SecretKind };
}

/** The OS keychain through keytar: service `ads-setup-assistant` (or a separate one for demo/tests), account `<scope>/<kind>`. */
export class KeytarSecretStore implements SecretStore {
  readonly #service: string;
  readonly #loadKeytar: () => Promise<KeytarApi>;
  readonly #platform: NodeJS.Platform;
  #usableUntil = 0;

  constructor(options: { service?: string; loadKeytar?: () => Promise<KeytarApi>; platform?: NodeJS.Platform } = {}) {
    this.#service = options.service ?? KEYCHAIN_SERVICE;
    this.#loadKeytar = options.loadKeytar ?? (async () => (await import('keytar')).default as KeytarApi);
    this.#platform = options.platform ?? process.platform;
  }

  async #call<T>(operation: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    try {
      return await operation(await this.#loadKeytar());
    } catch (error) {
      throw error instanceof AppError ? error : keychainError(error, this.#platform);
    }
  }

  get(scope: SecretScope, kind: SecretKind): Promise<string | null> {
    return this.#call(async (keytar) => {
      const value = await keytar.getPassword(this.#service, accountName(scope, kind));
      if (value === null) await this.#assertUsable(keytar);
      return value;
    });
  }

  /**
   * A locked Secret Service answers a read with "nothing stored" when it cannot prompt (no display: an SSH session,
   * a wrong unlock password), which would report secrets as missing. A write tells the truth, so a read that finds
   * nothing is confirmed with a throwaway entry (outside every profile's accounts) once a minute at most.
   */
  async #assertUsable(keytar: KeytarApi): Promise<void> {
    if (this.#platform === 'darwin' || this.#platform === 'win32') return; // their keychains refuse a locked read loudly
    if (this.#usableUntil > Date.now()) return;
    const probe = randomBytes(12).toString('hex');
    await keytar.setPassword(this.#service, PROBE_ACCOUNT, probe);
    const kept = (await keytar.getPassword(this.#service, PROBE_ACCOUNT)) === probe;
    await keytar.deletePassword(this.#service, PROBE_ACCOUNT);
    if (!kept) throw new AppError('NO_KEYCHAIN', 'The OS keychain is locked or keeps nothing, so secrets can be neither stored nor read.', remedyFor(this.#platform));
    this.#usableUntil = Date.now() + 60_000;
  }

  set(scope: SecretScope, kind: SecretKind, value: string): Promise<void> {
    return this.#call(async (keytar) => {
      await keytar.setPassword(this.#service, accountName(scope, kind), value);
      // Read back: some Secret Service setups accept a write into a locked collection and store nothing.
      if ((await keytar.getPassword(this.#service, accountName(scope, kind))) !== value) {
        throw new AppError('KEYCHAIN_FAILED', 'The OS keychain did not keep the secret.', remedyFor(this.#platform));
      }
    });
  }

  delete(scope: SecretScope, kind: SecretKind): Promise<boolean> {
    return this.#call((keytar) => keytar.deletePassword(this.#service, accountName(scope, kind)));
  }

  list(): Promise<SecretEntry[]> {
    return this.#call(async (keytar) => {
      const credentials = await keytar.findCredentials(this.#service);
      return credentials.map((c) => parseAccount(c.account)).filter((entry): entry is SecretEntry => entry !== null);
    });
  }
}

import type { ConsoleTarget } from '../../shared/console';
import { AppError } from '../../shared/errors';
import type { ConsoleBinding, Profile, ProfilePatch } from '../../shared/profile';
import { readSmallFile } from '../files/small-file';
import type { VaultService } from '../vault/vault';
import { sha256Hex as sha256 } from '../crypto/sha256';
import { ConsoleTlsError, KotsClient } from './kots-client';
import { isLoopbackHost, normalizeFingerprint, type ConsoleTransport, type TlsPolicy, type TransportFactory } from './transport';
import { refuseTrustChanges, type TrustChange, type TrustDecisions } from './trust';

/** A CA file is a few KB; anything larger is not one. */
const MAX_CA_FILE_BYTES = 1024 * 1024;

/** The console's origin from a URL the admin gave: https, or plain http on loopback only. */
export function consoleOrigin(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('INVALID_INPUT', 'The admin console address is not a URL.', 'Give it as https://host:8800 (or http://localhost:8800 for a port-forward).');
  }
  if (url.username || url.password) throw new AppError('INVALID_INPUT', 'The admin console address must not contain a user name or password.', 'Give only https://host[:port].');
  if (url.protocol === 'https:') return new URL(url.origin);
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return new URL(url.origin);
    throw new AppError(
      'CONSOLE_INSECURE_URL',
      `Refusing plain http to ${url.host}: the console password and the client secret would cross the network unencrypted.`,
      'Use https://host:8800, or open a port-forward (`kubectl kots admin-console -n <namespace>`) and use http://localhost:8800.',
    );
  }
  throw new AppError('INVALID_INPUT', `The admin console address uses ${url.protocol}, not https.`, 'Give it as https://host:8800.');
}

/** Reads a CA file as the small-file reader allows: a regular file of at most 1 MB holding a PEM certificate. */
export async function readCaFile(file: string): Promise<string> {
  let pem: string;
  try {
    pem = (await readSmallFile(file, MAX_CA_FILE_BYTES)).toString('utf8');
  } catch {
    throw new AppError('CONSOLE_TLS', `The CA file ${file} could not be read: it must be a regular file of at most 1 MB.`, 'Check the CA file’s path and permissions.');
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) throw new AppError('CONSOLE_TLS', `The CA file ${file} holds no PEM certificate.`, 'Give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----).');
  return pem;
}

export interface Session {
  origin: string;
  binding: ConsoleBinding;
  transport: ConsoleTransport;
  client: KotsClient;
}

/** Why a password is needed, for a caller that can ask the admin (the CLI on a terminal). */
export type AskPassword = (reason: string) => Promise<string>;

export interface ConsoleSessionsOptions {
  vault: VaultService;
  /** Builds the fetch for one console: Electron's net.fetch in the app, node:https in the CLI and tests. */
  transport: TransportFactory;
  /** How the main process asks the admin to confirm another console address, pin or CA; every change is refused without it. */
  trust?: TrustDecisions;
  /** Asks for the console password when none may be used (the CLI on a terminal); without it, NEEDS_PASSWORD. */
  askPassword?: AskPassword;
  readCaFile?: (path: string) => Promise<string>;
  requestTimeoutMs?: number;
  getRetries?: number;
  backoffMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

type SessionTarget = Pick<ConsoleTarget, 'password' | 'rememberPassword' | 'consoleUrl' | 'trustFingerprint' | 'caFile'>;

function storedOrigin(profile: Profile): string | undefined {
  try {
    return profile.console.url ? consoleOrigin(profile.console.url).origin : undefined;
  } catch {
    return undefined;
  }
}

function fingerprintOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const normalized = normalizeFingerprint(raw);
  if (!normalized) throw new AppError('INVALID_INPUT', 'The fingerprint to trust is not a SHA-256 fingerprint.', 'Copy it as shown, e.g. AB:CD:… (32 pairs).');
  return normalized;
}

/**
 * Logged-in console sessions, one per profile, and the rules for where a console secret may go:
 * - a console used before (established) keeps its address, pin and CA unless the admin confirms a change through
 *   `trust` (the window only ever triggers the question);
 * - a remembered password is sent only to the console and certificate it was remembered for;
 * - the typed password is registered with the logger before anything else happens.
 */
export class ConsoleSessions {
  readonly #options: ConsoleSessionsOptions;
  readonly #vault: VaultService;
  readonly #trust: TrustDecisions;
  readonly #readCaFile: (path: string) => Promise<string>;
  readonly #sessions = new Map<string, Session>();

  constructor(options: ConsoleSessionsOptions) {
    this.#options = options;
    this.#vault = options.vault;
    this.#trust = options.trust ?? refuseTrustChanges;
    this.#readCaFile = options.readCaFile ?? readCaFile;
  }

  /** A logged-in session for the profile: reused while the address and trust are unchanged. */
  async open(initial: Profile, target: SessionTarget): Promise<Session> {
    if (target.password !== undefined) this.#vault.keepOutOfLogs(target.password);
    const raw = target.consoleUrl ?? initial.console.url;
    if (!raw) throw new AppError('INVALID_INPUT', `Profile "${initial.id}" has no admin console address yet.`, 'Add the console address to the installation (Installations → Edit; command line: --console https://host:8800).');
    const origin = consoleOrigin(raw).origin;
    const trust = fingerprintOf(target.trustFingerprint);
    const profile = await this.#settleTrust(initial, origin, trust, target.caFile);
    const sameConsole = storedOrigin(profile) === origin;
    const policy: TlsPolicy = {};
    const pin = trust ?? (sameConsole ? profile.console.pinnedFingerprint : undefined);
    if (pin) policy.pinnedFingerprint = pin;
    const caFile = target.caFile ?? (sameConsole ? profile.console.caFile : undefined);
    if (caFile) policy.caPem = await this.#readCaFile(caFile);
    const binding: ConsoleBinding = { origin, ...(pin ? { pinnedFingerprint: pin } : {}), ...(policy.caPem ? { caSha256: sha256(policy.caPem) } : {}) };
    const existing = this.#sessions.get(profile.id);
    if (existing && JSON.stringify(existing.binding) === JSON.stringify(binding) && existing.client.loggedIn) return existing;
    existing?.transport.close();
    this.#sessions.delete(profile.id);

    const password = target.password ?? (await this.#passwordFor(profile.id, binding));
    const transport = this.#options.transport(policy);
    const client = this.#client(origin, transport);
    try {
      await client.login(password);
    } catch (error) {
      transport.close();
      if (answered(error)) await this.#keepFirstAddress(profile, origin);
      if (error instanceof ConsoleTlsError && trust !== undefined && error.kind === 'changed') throw notTheGivenCertificate(error);
      throw error;
    }
    const session: Session = { origin, binding, transport, client };
    this.#sessions.set(profile.id, session);
    if (target.rememberPassword && target.password !== undefined) await this.#vault.rememberConsolePassword(profile.id, target.password, binding);
    const now = new Date(this.#options.now()).toISOString();
    await this.#vault.recordConsoleContact(profile.id, { origin, at: now, ...(trust ? { pinnedFingerprint: trust } : {}), ...(target.caFile ? { caFile: target.caFile } : {}) });
    return session;
  }

  /**
   * A profile edit from the window that moves an established console to another address or CA: asked of the admin
   * first. Refused, nothing changes; confirmed, the vault starts the new console from nothing (no pin, no trust).
   */
  async approveProfilePatch(profileId: string, patch: ProfilePatch): Promise<void> {
    const profile = await this.#vault.get(profileId);
    if (!profile.console.establishedAt) return;
    const from = storedOrigin(profile);
    if (patch.consoleUrl !== undefined && from !== undefined && consoleOrigin(patch.consoleUrl).origin !== from) {
      await this.#confirm({ kind: 'console', profileId, profileLabel: profile.label, from, to: consoleOrigin(patch.consoleUrl).origin });
    }
    if (patch.caFile !== undefined && patch.caFile !== profile.console.caFile) {
      await this.#confirm({ kind: 'ca', profileId, profileLabel: profile.label, console: from ?? '', ...(profile.console.caFile ? { from: profile.console.caFile } : {}), to: patch.caFile });
    }
  }

  /** Ends one profile's session: its transport (the app: a private browser session) is closed and forgotten. */
  release(profileId: string): void {
    this.#sessions.get(profileId)?.transport.close();
    this.#sessions.delete(profileId);
  }

  /** Ends the in-memory console sessions (the CLI calls this before exiting). */
  close(): void {
    for (const session of this.#sessions.values()) session.transport.close();
    this.#sessions.clear();
  }

  /** Another address, pin or CA for an established console is the admin's decision; a first contact is not. */
  async #settleTrust(profile: Profile, origin: string, trust: string | undefined, caFile: string | undefined): Promise<Profile> {
    const from = storedOrigin(profile);
    if (!profile.console.establishedAt || from === undefined) return profile;
    const about = { profileId: profile.id, profileLabel: profile.label };
    if (origin !== from) {
      await this.#confirm({ kind: 'console', ...about, from, to: origin });
      return this.#vault.moveConsole(profile.id, origin);
    }
    if (trust !== undefined && trust !== profile.console.pinnedFingerprint) {
      // Ask only about a certificate the console really presents: checked with a request that carries no secret.
      await this.#probe(origin, { pinnedFingerprint: trust });
      await this.#confirm({ kind: 'certificate', ...about, console: origin, ...(profile.console.pinnedFingerprint ? { pinned: profile.console.pinnedFingerprint } : {}), presented: trust });
    }
    if (caFile !== undefined && caFile !== profile.console.caFile) {
      await this.#confirm({ kind: 'ca', ...about, console: origin, ...(profile.console.caFile ? { from: profile.console.caFile } : {}), to: caFile });
    }
    return profile;
  }

  /**
   * The address the admin typed for a console not used before is kept once the console answered (its certificate
   * still to be trusted, or the password refused), so the next command need not repeat it. Nothing is trusted by
   * this: the vault drops the pin and the push record of another address, and an established console is never
   * moved here (#settleTrust asks first).
   */
  async #keepFirstAddress(profile: Profile, origin: string): Promise<void> {
    if (profile.console.establishedAt || storedOrigin(profile) === origin) return;
    await this.#vault.update(profile.id, { consoleUrl: origin });
  }

  async #confirm(change: TrustChange): Promise<void> {
    if (await this.#trust.confirm(change)) return;
    if (change.kind === 'console') {
      throw new AppError('NEEDS_CONFIRMATION', `The admin console of this installation stays ${change.from}; nothing was sent to ${change.to}.`, 'Change the console only when you moved it yourself, and confirm the question the app asks.');
    }
    if (change.kind === 'certificate') {
      throw new AppError(
        'CERT_CHANGED',
        `The pinned certificate of ${change.console} was kept (${change.pinned ?? 'none'}); the one presented now (${change.presented}) was not trusted. Nothing was sent.`,
        'If the console’s certificate was renewed on purpose, compare the new fingerprint with the console’s and confirm it (command line: --trust-fingerprint with the new fingerprint); otherwise someone may be intercepting the connection.',
      );
    }
    throw new AppError('NEEDS_CONFIRMATION', `The console of this installation is still trusted as before; the CA file ${change.to} was not taken.`, 'Confirm the question the app asks to trust the console through another CA.');
  }

  async #probe(origin: string, policy: TlsPolicy): Promise<void> {
    const transport = this.#options.transport(policy);
    try {
      await this.#client(origin, transport).loginInfo();
    } catch (error) {
      if (error instanceof ConsoleTlsError && error.kind === 'changed') throw notTheGivenCertificate(error);
      throw error;
    } finally {
      transport.close();
    }
  }

  async #passwordFor(profileId: string, binding: ConsoleBinding): Promise<string> {
    const remembered = await this.#vault.rememberedConsolePassword(profileId, binding);
    if ('password' in remembered) return remembered.password;
    const ask = this.#options.askPassword;
    if (ask) {
      const typed = await ask(remembered.missing);
      this.#vault.keepOutOfLogs(typed);
      return typed;
    }
    throw new AppError('NEEDS_PASSWORD', `The admin console password is needed to log in. ${remembered.missing}`, 'Enter it (it is used for one login and kept only if you choose to remember it).');
  }

  #client(origin: string, transport: ConsoleTransport): KotsClient {
    const { requestTimeoutMs, getRetries, backoffMs, sleep } = this.#options;
    return new KotsClient({
      baseUrl: origin,
      fetch: transport.fetch,
      ...(requestTimeoutMs !== undefined ? { timeoutMs: requestTimeoutMs } : {}),
      ...(getRetries !== undefined ? { getRetries } : {}),
      ...(backoffMs !== undefined ? { backoffMs } : {}),
      sleep,
    });
  }
}

/** The console itself answered: a certificate to decide on, or a refused login (not a network failure or a bug). */
function answered(error: unknown): boolean {
  if (error instanceof ConsoleTlsError) return true;
  return error instanceof AppError && (error.code === 'CONSOLE_AUTH' || error.code === 'CONSOLE_LOCKED');
}

function notTheGivenCertificate(error: ConsoleTlsError): AppError {
  return new AppError('CONSOLE_TLS', `The console presented a certificate with SHA-256 ${error.fingerprint ?? 'unknown'}, not the fingerprint given to trust. Nothing was sent.`, 'Compare the fingerprints again; pin only the one the console itself shows.');
}

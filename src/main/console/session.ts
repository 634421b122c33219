import type { ConsoleAccess, ConsoleTarget } from '../../shared/console';
import { AppError } from '../../shared/errors';
import type { ConsoleBinding, Profile, ProfilePatch } from '../../shared/profile';
import type { VaultService } from '../vault/vault';
import { consoleOrigin, readCaFile, storedOrigin } from './access/address';
import type { ConsoleRoute, RouteContext, RouteOption, RouteValues } from './access/route';
import { consoleRoute } from './access/routes';
import type { ConsoleApi } from './console-api';
import { ConsoleState, sameBinding } from './console-state';
import { KotsClient } from './kots-client';
import type { ConsoleTransport, TransportFactory } from './transport';
import { refuseTrustChanges, type TrustChange, type TrustDecisions } from './trust';

export { consoleOrigin, readCaFile };

/** What the reports say once signed in: the console, and how the route reached it. */
export function loggedInTo(session: Pick<Session, 'origin' | 'detail'>): string {
  return `logged in to ${session.origin}${session.detail ? ` ${session.detail}` : ''}`;
}

/** A signed-in console, whichever route reached it: plan, save, deploy and follow need only this. */
export interface Session {
  /** The console as plans and reports name it: its origin, or the route's own name for it. */
  origin: string;
  via: string;
  binding: ConsoleBinding;
  /** How the route connected (a port-forward), for the reports; absent: straight to the console's address. */
  detail?: string;
  client: ConsoleApi;
  close: () => Promise<void>;
  /** Signed in, and the route's connection still stands: the session may be used again. */
  usable: () => boolean;
}

/** Asks the admin for a route's secret option (the CLI on a terminal), saying why no known value may be used. */
export type AskSecret = (option: RouteOption, reason: string) => Promise<string>;

export interface ConsoleSessionsOptions {
  vault: VaultService;
  /** Builds the fetch for one console: Electron's net.fetch in the app, node:https in the CLI and tests. */
  transport: TransportFactory;
  /** How the main process asks the admin to confirm another console, pin or CA; every change is refused without it. */
  trust?: TrustDecisions;
  /** Asks for a route's secret when none may be used (the CLI on a terminal); without it, NEEDS_PASSWORD. */
  askSecret?: AskSecret;
  readCaFile?: (path: string) => Promise<string>;
  /** The environment routes run their tools in (kubectl: PATH, KUBECONFIG); default: this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  requestTimeoutMs?: number;
  /** The save and the deploy (default: KotsClient's 16 minutes). */
  writeTimeoutMs?: number;
  getRetries?: number;
  backoffMs?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

type SessionTarget = Pick<ConsoleTarget, 'access' | 'consoleUrl' | 'trustFingerprint' | 'caFile'>;

/** The route a call uses: the one it names, else the one the console was last reached by, else the password. */
function routeOf(profile: Profile, access: ConsoleAccess | undefined): ConsoleRoute {
  return consoleRoute(access?.via ?? profile.console.access?.via ?? 'password');
}

/** A route's values: given now, over the settings it kept the last time it worked (same route only); each checked. */
function valuesOf(route: ConsoleRoute, profile: Profile, access: ConsoleAccess | undefined): RouteValues {
  const kept = profile.console.access?.via === route.id ? (profile.console.access.settings ?? {}) : {};
  const values: Record<string, string | boolean> = { ...kept, ...(access?.values ?? {}) };
  for (const [name, value] of Object.entries(values)) {
    const option = route.options.find((candidate) => candidate.name === name);
    if (!option) throw new AppError('INVALID_INPUT', `The ${route.title} route has no option “${name}”.`, `Its options are: ${route.options.map((o) => o.name).join(', ')}.`);
    if ((option.kind === 'remember') !== (typeof value === 'boolean')) throw new AppError('INVALID_INPUT', `“${option.label}” has the wrong kind of value.`, 'Give it as the window or the command line does.');
    if (typeof value === 'string' && option.check && !option.check.safeParse(value).success) {
      throw new AppError('INVALID_INPUT', `“${option.label}” is not ${option.check.safeParse(value).error?.issues[0]?.message ?? 'valid'}.`, 'Correct it and try again.');
    }
  }
  return values;
}

/** The console the profile is established with, as its route names it. */
function storedIdentity(profile: Profile): string | undefined {
  try {
    const route = routeOf(profile, undefined);
    return route.identity(valuesOf(route, profile, undefined), profile.console.url);
  } catch {
    return undefined;
  }
}

/**
 * Signed-in console sessions, one per profile, and the rules for where a console secret may go:
 * - a console used before (established) is left for another (another address, or the console another route names)
 *   only once the admin confirms it through `trust`; the move is saved only after the new console's certificate was
 *   trusted and its login succeeded;
 * - a remembered secret is sent only to the console, certificate and route it was remembered for;
 * - a typed secret is registered with the logger before anything else happens.
 */
export class ConsoleSessions {
  readonly #options: ConsoleSessionsOptions;
  readonly #vault: VaultService;
  readonly #state: ConsoleState;
  readonly #trust: TrustDecisions;
  readonly #sessions = new Map<string, Session>();

  constructor(options: ConsoleSessionsOptions) {
    this.#options = options;
    this.#vault = options.vault;
    this.#state = new ConsoleState(options.vault);
    this.#trust = options.trust ?? refuseTrustChanges;
  }

  get state(): ConsoleState {
    return this.#state;
  }

  /** A signed-in session for the profile: reused while the console, trust and route are unchanged. */
  async open(profile: Profile, target: SessionTarget): Promise<Session> {
    const route = routeOf(profile, target.access);
    const values = valuesOf(route, profile, target.access);
    for (const option of route.options) if (option.kind === 'secret' && typeof values[option.name] === 'string') this.#vault.keepOutOfLogs(values[option.name] as string);
    const url = target.consoleUrl ?? (route.usesAddress ? profile.console.url : undefined);
    const identity = route.identity(values, url);
    const from = storedIdentity(profile);
    const moving = Boolean(profile.console.establishedAt) && from !== undefined && from !== identity;
    if (moving) await this.#confirm({ kind: 'console', profileId: profile.id, profileLabel: profile.label, from: from as string, to: identity });

    const context: RouteContext = {
      profile,
      target,
      values,
      identity,
      moving,
      state: this.#state,
      confirm: (change) => this.#confirm(change),
      transport: this.#options.transport,
      client: (baseUrl, transport) => this.#client(baseUrl, transport),
      readCaFile: this.#options.readCaFile ?? readCaFile,
      secret: (option, binding) => this.#secret(profile, values, option, binding),
      env: this.#options.env ?? process.env,
      keepOutOfLogs: (value) => this.#vault.keepOutOfLogs(value),
    };
    const prepared = await route.prepare(context);
    const existing = this.#sessions.get(profile.id);
    if (existing && existing.via === route.id && sameBinding(existing.binding, prepared.binding) && existing.usable()) return existing;
    this.release(profile.id);

    const opened = await prepared.connect();
    const session: Session = {
      origin: identity,
      via: route.id,
      binding: prepared.binding,
      ...(opened.detail ? { detail: opened.detail } : {}),
      client: opened.client,
      close: opened.close,
      usable: () => opened.client.loggedIn && (opened.alive?.() ?? true),
    };
    this.#sessions.set(profile.id, session);
    try {
      if (opened.remember !== undefined) await this.#state.remember(profile.id, opened.remember, prepared.binding);
      const settings = Object.fromEntries(route.options.filter((o) => o.kind === 'text' && typeof values[o.name] === 'string').map((o) => [o.name, values[o.name] as string]));
      const at = new Date(this.#options.now()).toISOString();
      await this.#state.recordContact(profile.id, { at, via: route.id, ...(Object.keys(settings).length > 0 ? { settings } : {}), ...opened.contact, moving });
    } catch (error) {
      this.release(profile.id);
      throw error;
    }
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

  /** Ends one profile's session: its connection (a private browser session, a port-forward) is closed and forgotten. */
  release(profileId: string): Promise<void> {
    const session = this.#sessions.get(profileId);
    this.#sessions.delete(profileId);
    return session ? session.close() : Promise.resolve();
  }

  /** Ends every session (the CLI calls this before exiting); resolves once their connections ended. */
  async close(): Promise<void> {
    const open = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(open.map((session) => session.close()));
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

  /** A route's secret: given now, remembered for exactly this binding, or asked; never guessed. */
  async #secret(profile: Profile, values: RouteValues, option: RouteOption, binding: ConsoleBinding): Promise<string> {
    const given = values[option.name];
    if (typeof given === 'string') return given;
    const what = option.label.toLowerCase();
    const remembered = await this.#state.remembered(profile, binding, what);
    if ('secret' in remembered) return remembered.secret;
    const ask = this.#options.askSecret;
    const missing = option.ask ?? { prompt: `${option.label}: `, missing: `The ${what} is needed.`, remedy: 'Enter it.' };
    if (ask) {
      const typed = await ask(option, remembered.missing);
      this.#vault.keepOutOfLogs(typed);
      if (option.check && !option.check.safeParse(typed).success) throw new AppError('INVALID_INPUT', `What was entered is not ${option.check.safeParse(typed).error?.issues[0]?.message ?? 'valid'}.`, missing.remedy);
      return typed;
    }
    throw new AppError('NEEDS_PASSWORD', `${missing.missing} ${remembered.missing}`, missing.remedy);
  }

  #client(baseUrl: string, transport: ConsoleTransport): KotsClient {
    const { requestTimeoutMs, writeTimeoutMs, getRetries, backoffMs, sleep } = this.#options;
    return new KotsClient({
      baseUrl,
      fetch: transport.fetch,
      ...(requestTimeoutMs !== undefined ? { timeoutMs: requestTimeoutMs } : {}),
      ...(writeTimeoutMs !== undefined ? { writeTimeoutMs } : {}),
      ...(getRetries !== undefined ? { getRetries } : {}),
      ...(backoffMs !== undefined ? { backoffMs } : {}),
      sleep,
    });
  }
}

import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import {
  callbackUrlFor, type ConsoleBinding, DEFAULT_HOST_DOMAIN, PROFILE_SCHEMA_VERSION, profileInputSchema, profilePatchSchema,
  type Profile, type ProfileInput, type ProfilePatch, type ProfileView, type SecretKind, type SecretStatus,
} from '../../shared/profile';
import type { ProviderRegistry } from '../registration/providers';
import { maskPassword, maskSecret } from '../secrets/mask';
import { parseInput } from '../validation';
import type { Capture } from './capture';
import { expiryFields } from './expiry';
import { applyProfileInput, slugify } from './profile-input';
import { recordGraphFacts } from './graph-record';
import { checkSecretValue } from './secret-value';
import type { ProfileProblem, ProfileStore } from './profile-store';
import type { SecretStore } from './secret-store';

/** The kinds a profile owns in the keychain (the signing key is app-wide). */
const PROFILE_SECRET_KINDS = ['client-secret', 'webhook-secret', 'console-password'] as const;
type ProfileSecretKind = (typeof PROFILE_SECRET_KINDS)[number];

/** Whoever must never print a secret (the logger) is told each one the vault handles. */
export interface SecretRedactor {
  told(secret: string): void;
}

export interface VaultOptions {
  profiles: ProfileStore;
  secrets: SecretStore;
  redactor?: SecretRedactor;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
}

/**
 * The part of a profile that belongs to its admin console (address, pin, binding, route, items found there):
 * console/console-state.ts decides what it holds; the vault only stores it.
 */
export type ConsoleSection = Pick<Profile, 'console' | 'consoleItems' | 'consoleItemsSource' | 'plainSecretItems'>;
const CONSOLE_SECTION_KEYS = ['console', 'consoleItems', 'consoleItemsSource', 'plainSecretItems'] as const;

/**
 * Installation profiles and their secrets. Non-secret settings live in the profile files; secrets only in the
 * keychain. Every change either completes or leaves the previous state intact.
 */
export class VaultService {
  readonly #profiles: ProfileStore;
  readonly #secrets: SecretStore;
  readonly #now: () => Date;
  readonly #randomBytes: (size: number) => Buffer;
  readonly #redactor: SecretRedactor | undefined;
  /** The providers a profile may use: the profile store's, so files and edits are held to the same list. */
  readonly providers: ProviderRegistry;

  constructor(options: VaultOptions) {
    this.providers = options.profiles.providers;
    this.#profiles = options.profiles;
    this.#secrets = options.secrets;
    this.#redactor = options.redactor;
    this.#now = options.now ?? (() => new Date());
    this.#randomBytes = options.randomBytes ?? nodeRandomBytes;
  }

  async list(): Promise<{ profiles: ProfileView[]; problems: ProfileProblem[] }> {
    const { profiles, problems } = await this.#profiles.list();
    const views: ProfileView[] = [];
    for (const profile of profiles) views.push(await this.#view(await this.#settled(profile).catch(() => profile)));
    return { profiles: views, problems };
  }

  async view(id: string): Promise<ProfileView> {
    const profile = await this.#profiles.get(id);
    return this.#view(await this.#settled(profile).catch(() => profile));
  }

  /** The stored profile, for main-process services (console, bundle). */
  async get(id: string): Promise<Profile> {
    return this.#settled(await this.#profiles.get(id));
  }

  /**
   * Finishes moving a schema-1 profile's keychain entries from `<id>/<kind>` to its own key. Each entry is copied
   * (and read back) before its old account is deleted, and the marker goes only once all are moved, so an
   * interruption at any point loses nothing: the next call goes on where it stopped.
   */
  async #settled(profile: Profile): Promise<Profile> {
    const move = profile.keychainMove;
    if (!move) return profile;
    for (const kind of PROFILE_SECRET_KINDS) {
      const old = await this.#secrets.get(move.from, kind);
      if (old === null) continue;
      if ((await this.#secrets.get(profile.keychainKey, kind)) === null) await this.#secrets.set(profile.keychainKey, kind, old);
      await this.#secrets.delete(move.from, kind);
    }
    const next = { ...profile };
    delete next.keychainMove;
    await this.#profiles.save(next);
    return next;
  }

  async create(rawInput: ProfileInput): Promise<ProfileView> {
    const input = parseInput(profileInputSchema, rawInput, 'profile');
    const id = input.id ?? (await this.#freeId(slugify(input.label)));
    if (await this.#profiles.exists(id)) {
      throw new AppError('ALREADY_EXISTS', `A profile "${id}" already exists.`, 'Choose another id, or update the existing profile.');
    }
    const now = this.#now().toISOString();
    const profile: Profile = applyProfileInput(
      {
        schemaVersion: PROFILE_SCHEMA_VERSION,
        id,
        keychainKey: `p_${this.#randomBytes(16).toString('hex')}`,
        label: input.label,
        hostname: input.hostname,
        organization: input.organization,
        provider: input.provider,
        callbackTrailingSlash: false,
        hostDomain: DEFAULT_HOST_DOMAIN,
        authorityHost: this.providers.require(input.provider).profile.defaultAuthorityHost,
        console: {},
        azure: {},
        secrets: {},
        consoleItems: {},
        createdAt: now,
        updatedAt: now,
      },
      input,
      this.providers,
    );
    await this.#profiles.save(profile);
    return this.#view(profile);
  }

  async update(id: string, rawPatch: ProfilePatch): Promise<ProfileView> {
    const patch = parseInput(profilePatchSchema, rawPatch, 'profile change');
    return this.#view(await this.#change(id, (profile) => applyProfileInput(profile, patch, this.providers)));
  }

  /** Replaces the console's part of a profile (console/console-state.ts says what goes in); nothing else changes. */
  changeConsole(id: string, change: (section: ConsoleSection, profile: Profile) => ConsoleSection): Promise<Profile> {
    return this.#change(id, (profile) => {
      const section = change(structuredClone({ console: profile.console, consoleItems: profile.consoleItems, consoleItemsSource: profile.consoleItemsSource, plainSecretItems: profile.plainSecretItems }), profile);
      const next: Profile = { ...profile };
      for (const key of CONSOLE_SECTION_KEYS) {
        if (section[key] === undefined) delete next[key];
        else Object.assign(next, { [key]: section[key] });
      }
      return next;
    });
  }

  /** Applies a change to a stored profile and saves it; what may change is what the named operations above say. */
  async #change(id: string, change: (profile: Profile) => Profile): Promise<Profile> {
    const current = await this.get(id);
    const next = { ...change(structuredClone(current)), id: current.id, keychainKey: current.keychainKey, createdAt: current.createdAt, updatedAt: this.#now().toISOString() };
    delete next.keychainMove;
    await this.#profiles.save(next);
    return next;
  }

  /** Removes the keychain entries first: if the keychain refuses, the profile stays and can be deleted again. */
  async delete(id: string): Promise<void> {
    const profile = await this.get(id);
    for (const kind of PROFILE_SECRET_KINDS) await this.#secrets.delete(profile.keychainKey, kind);
    await this.#profiles.remove(id);
  }

  async forgetSecrets(id: string): Promise<ProfileView> {
    const profile = await this.get(id);
    for (const kind of PROFILE_SECRET_KINDS) await this.#secrets.delete(profile.keychainKey, kind);
    return this.#view(await this.#change(id, (p) => ({ ...p, secrets: {} })));
  }

  /** A value the app was given that must never reach a log (a typed console password, a bundle passphrase). */
  keepOutOfLogs(value: string): void {
    this.#redactor?.told(value);
  }

  /**
   * Stores a secret. `boundTo` (the console secret only: console/console-state.ts) names the console it may be sent
   * to; a console secret set without it is bound to none and never sent.
   */
  async setSecret(id: string, kind: ProfileSecretKind, value: string, boundTo?: ConsoleBinding): Promise<SecretStatus> {
    checkSecretValue(value);
    const profile = await this.#replaceSecrets(id, { [kind]: value }, (p) => {
      if (kind === 'console-password' && boundTo) return { ...p, secrets: { ...p.secrets, 'console-password': { ...(p.secrets['console-password'] ?? { capturedAt: this.#now().toISOString() }), boundTo } } };
      // A secret typed in is not the one Graph named: its keyId and hint no longer apply.
      if (kind === 'client-secret') return { ...p, azure: recordGraphFacts(p.azure, { kind: 'secret-only' }) };
      return p;
    });
    return this.#status(profile, kind, value);
  }

  async generateWebhookSecret(id: string): Promise<SecretStatus> {
    const value = this.#randomBytes(32).toString('hex');
    const profile = await this.#replaceSecrets(id, { 'webhook-secret': value }, (p) => p);
    return this.#status(profile, 'webhook-secret', value);
  }

  /**
   * Stores what the registration flow (or the Graph route) captured. `new` records the app and, if none exists yet,
   * a webhook secret; `rotate` replaces only the client secret, and only for the same app.
   */
  async applyCapture(id: string, capture: Capture, mode: 'new' | 'rotate'): Promise<ProfileView> {
    checkSecretValue(capture.clientSecret);
    const current = await this.get(id);
    if (mode === 'rotate') {
      const known = current.azure.appId;
      if (!known) throw new AppError('INVALID_INPUT', 'This profile has no app yet, so there is no secret to rotate.', 'Run the registration first.');
      if (known.toLowerCase() !== capture.appId.toLowerCase()) {
        throw new AppError(
          'INVALID_INPUT',
          `The page shows app ${capture.appId}, but this profile uses app ${known}. Rotation only replaces the secret of the same app.`,
          'Open the page of the app this profile uses, or start a new registration instead.',
        );
      }
    }
    const replacements: Partial<Record<ProfileSecretKind, string>> = { 'client-secret': capture.clientSecret };
    if (mode === 'new' && (await this.#secrets.get(current.keychainKey, 'webhook-secret')) === null) {
      replacements['webhook-secret'] = this.#randomBytes(32).toString('hex');
    }
    const profile = await this.#replaceSecrets(id, replacements, (p) => {
      const azure = { ...p.azure };
      delete azure.clientSecretExpiresOn;
      if (capture.clientSecretExpiresOn) azure.clientSecretExpiresOn = capture.clientSecretExpiresOn;
      if (mode === 'new') {
        // Ids are stored in lower case, however the page wrote them (as a typed profile edit is).
        azure.appId = capture.appId.toLowerCase();
        if (capture.tenantId) azure.tenantId = capture.tenantId.toLowerCase();
        else delete azure.tenantId;
        azure.authorizeUrl = capture.authorizeUrl;
        if (capture.signInAudience) azure.signInAudience = capture.signInAudience;
        else delete azure.signInAudience;
      }
      const authorityHost = mode === 'new' && capture.authorityHost ? capture.authorityHost : p.authorityHost;
      return { ...p, azure: recordGraphFacts(azure, capture.graph ? { kind: 'graph', graph: capture.graph, rotate: mode === 'rotate' } : { kind: mode === 'new' ? 'new-app' : 'secret-only' }), authorityHost };
    });
    return this.#view(profile);
  }

  /** The rotated-out secret was removed from Azure (through Graph): the profile forgets it. */
  forgetRetiringSecret(id: string): Promise<Profile> {
    return this.#change(id, (profile) => ({ ...profile, azure: recordGraphFacts(profile.azure, { kind: 'retired' }) }));
  }

  /**
   * A secret's value, for the main-process services that deliver it (console push, bundle). Never for IPC. The
   * console secret only through console/console-state.ts, which checks its binding first.
   */
  async readSecret(id: string, kind: ProfileSecretKind): Promise<string> {
    const value = await this.#secrets.get((await this.get(id)).keychainKey, kind);
    if (value !== null) this.#redactor?.told(value);
    if (value === null) {
      throw new AppError('NOT_FOUND', `Profile "${id}" has no ${kind} in the keychain.`, kind === 'console-password' ? 'Enter it again.' : kind === 'webhook-secret' ? 'Generate one under Installations (command line: `ads-setup webhook-secret generate`).' : 'Read it from Azure with Set up → Register in Azure (command line: `ads-setup secret set`).');
    }
    return value;
  }

  /** The secrets' states; unlike a view, fails closed (NO_KEYCHAIN / KEYCHAIN_FAILED) when the keychain cannot say. */
  async secretStatuses(id: string): Promise<SecretStatus[]> {
    const view = await this.view(id);
    if (view.keychainProblem) throw AppError.fromShape(view.keychainProblem);
    return view.secrets;
  }

  /**
   * Writes new keychain values and the profile's record of them as one change: if saving the profile fails, the
   * previous keychain values are put back.
   */
  async #replaceSecrets(id: string, values: Partial<Record<ProfileSecretKind, string>>, change: (profile: Profile) => Profile): Promise<Profile> {
    const { keychainKey: key } = await this.get(id);
    const kinds = Object.keys(values) as ProfileSecretKind[];
    const previous = new Map<ProfileSecretKind, string | null>();
    for (const kind of kinds) previous.set(kind, await this.#secrets.get(key, kind));
    const capturedAt = this.#now().toISOString();
    for (const kind of kinds) this.#redactor?.told(values[kind] as string);
    try {
      for (const kind of kinds) await this.#secrets.set(key, kind, values[kind] as string);
      // A replaced value starts a new record: a console password set this way is bound to no console until remembered.
      return await this.#change(id, (profile) => {
        const secrets = { ...profile.secrets };
        for (const kind of kinds) secrets[kind] = { capturedAt };
        return change({ ...profile, secrets });
      });
    } catch (error) {
      for (const [kind, old] of previous) {
        await (old === null ? this.#secrets.delete(key, kind) : this.#secrets.set(key, kind, old)).catch(() => undefined);
      }
      throw error;
    }
  }

  async #freeId(base: string): Promise<string> {
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.#profiles.exists(candidate))) return candidate;
    }
    throw new AppError('ALREADY_EXISTS', 'Could not find a free profile id.', 'Give the installation another name (command line: --id).');
  }

  #status(profile: Profile, kind: SecretKind, value: string | null): SecretStatus {
    const record = kind === 'signing-key' ? undefined : profile.secrets[kind];
    const boundTo = kind === 'console-password' ? profile.secrets['console-password']?.boundTo : undefined;
    return {
      kind,
      present: value !== null,
      ...(value !== null ? { secret: kind === 'console-password' ? maskPassword(value) : maskSecret(value) } : {}),
      ...(value !== null && boundTo ? { boundTo } : {}),
      ...(record ? { capturedAt: record.capturedAt } : {}),
      ...(value !== null ? expiryFields(profile, kind, this.#now(), this.providers.get(profile.provider)?.profile.secretLifetimeDays ?? null) : {}),
    };
  }

  /** Settings stay readable without a keychain; the secrets part then says why it is missing instead of guessing. */
  async #view(profile: Profile): Promise<ProfileView> {
    const view = { profile, callbackUrl: callbackUrlFor(profile) };
    try {
      const secrets: SecretStatus[] = [];
      if (profile.keychainMove) await this.#settled(profile);
      for (const kind of PROFILE_SECRET_KINDS) secrets.push(this.#status(profile, kind, await this.#secrets.get(profile.keychainKey, kind)));
      return { ...view, secrets };
    } catch (error) {
      if (error instanceof AppError && (error.code === 'NO_KEYCHAIN' || error.code === 'KEYCHAIN_FAILED')) {
        return { ...view, secrets: [], keychainProblem: error.toShape() };
      }
      throw error;
    }
  }
}

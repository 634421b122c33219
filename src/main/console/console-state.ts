import { AppError } from '../../shared/errors';
import type { ConsoleBinding, MappingSource, Profile } from '../../shared/profile';
import type { ConsoleSection, VaultService } from '../vault/vault';

/** The keychain entry of the remembered console secret (the password, or another route's secret: its binding says). */
const REMEMBERED = 'console-password';

/** Same console, same pin, same CA, same route (an absent pin, CA or route matches only an absent one). */
export function sameBinding(a: ConsoleBinding, b: ConsoleBinding): boolean {
  return a.origin === b.origin && a.pinnedFingerprint === b.pinnedFingerprint && a.caSha256 === b.caSha256 && a.via === b.via;
}

export function describeBinding(binding: ConsoleBinding): string {
  const trust = binding.pinnedFingerprint ? `certificate ${binding.pinnedFingerprint}` : binding.caSha256 ? 'a CA file' : "the system's trust store";
  return binding.origin.startsWith('https://') || binding.origin.startsWith('http://') ? `${binding.origin} (${trust})` : binding.origin;
}

/** Another console starts from nothing: the old pin, the record of what was pushed and the trust belong to the old one. */
export function startOver(console: Profile['console']): Profile['console'] {
  const next = { ...console };
  delete next.pinnedFingerprint;
  delete next.pushed;
  delete next.establishedAt;
  delete next.deepsourceHost;
  return next;
}

/** What a push plan or the mapping form learned about the console's items. */
export interface ConsoleMappingRecord {
  mapping: Profile['consoleItems'];
  source: MappingSource;
  appSlug?: string;
  /** Replaces the items accepted for a secret although KOTS does not encrypt them; absent keeps them. */
  plainSecretItems?: string[];
}

/** A login that worked, and what the profile keeps of it. */
export interface ConsoleContact {
  at: string;
  /** The route that worked and its non-secret settings (absent settings: none). */
  via: string;
  settings?: Record<string, string>;
  /** The console's address (routes that go to one). */
  url?: string;
  pinnedFingerprint?: string;
  caFile?: string;
  /** The admin confirmed another console than the established one: nothing of the old one is kept. */
  moving?: boolean;
}

/** A remembered console secret, or why none may be used for this console. */
export type RememberedSecret = { secret: string } | { missing: string };

/**
 * The admin console's state in a profile: its address, pin and CA, how it was reached, when it was first trusted,
 * what was pushed, which items hold the fields, and the remembered secret with the console it is bound to. Every
 * change goes through here; the vault stores the section.
 */
export class ConsoleState {
  readonly #vault: VaultService;

  constructor(vault: VaultService) {
    this.#vault = vault;
  }

  #change(id: string, change: (section: ConsoleSection) => ConsoleSection): Promise<Profile> {
    return this.#vault.changeConsole(id, change);
  }

  /**
   * A login succeeded through `contact.via`: the console counts as established from the first success on (another
   * address, pin, CA or route's console is then the admin's decision). A confirmed move is saved only here, once the
   * new console's certificate was trusted and its login succeeded.
   */
  recordContact(id: string, contact: ConsoleContact): Promise<Profile> {
    return this.#change(id, (section) => {
      const base = contact.moving ? startOver(section.console) : section.console;
      const console: Profile['console'] = {
        ...base,
        ...(contact.url ? { url: contact.url } : {}),
        establishedAt: base.establishedAt ?? contact.at,
        ...(contact.pinnedFingerprint ? { pinnedFingerprint: contact.pinnedFingerprint } : {}),
        ...(contact.caFile ? { caFile: contact.caFile } : {}),
      };
      delete console.access;
      if (contact.via !== 'password' || contact.settings) console.access = { via: contact.via, ...(contact.settings && Object.keys(contact.settings).length > 0 ? { settings: contact.settings } : {}) };
      return { ...section, console };
    });
  }

  /**
   * The address the admin typed for a console not used before is kept once the console answered (its certificate
   * still to be trusted, or the secret refused), so the next command need not repeat it. Nothing is trusted by this:
   * the pin and the push record of another address are dropped, and an established console is never moved here.
   */
  async keepFirstAddress(profile: Profile, origin: string): Promise<void> {
    if (profile.console.establishedAt || profile.console.url === origin) return;
    await this.#change(profile.id, (section) => ({ ...section, console: { ...startOver(section.console), url: origin } }));
  }

  /** Pins a console certificate the app itself knows (the demo made its console's), before any contact. */
  pin(id: string, fingerprint: string): Promise<Profile> {
    return this.#change(id, (section) => ({ ...section, console: { ...section.console, pinnedFingerprint: fingerprint } }));
  }

  /**
   * What a push plan, a discovery file or the admin's typing established about the console's items: the mapping
   * (replaced whole), where it came from, the app, and the plain items accepted for a secret.
   */
  recordMapping(id: string, record: ConsoleMappingRecord): Promise<Profile> {
    return this.#change(id, (section) => ({
      ...section,
      consoleItems: { ...record.mapping },
      consoleItemsSource: record.source,
      ...(record.plainSecretItems ? { plainSecretItems: [...record.plainSecretItems] } : {}),
      console: { ...section.console, ...(record.appSlug ? { appSlug: record.appSlug } : {}) },
    }));
  }

  /** DeepSource's host name as the console's config gave it (offered to the admin; the profile's own is not changed). */
  recordDeepSourceHost(id: string, host: string | undefined): Promise<Profile> {
    return this.#change(id, (section) => {
      const console = { ...section.console };
      if (host) console.deepsourceHost = host;
      else delete console.deepsourceHost;
      return { ...section, console };
    });
  }

  /** What the last verified push left in the console for each secret item, as hashes (see profile.console.pushed). */
  recordPushed(id: string, pushed: NonNullable<Profile['console']['pushed']>): Promise<Profile> {
    return this.#change(id, (section) => ({ ...section, console: { ...section.console, pushed: { ...(section.console.pushed ?? {}), ...pushed } } }));
  }

  /** Keeps a console secret in the keychain, bound to the console (origin, pin or CA, route) it was just used with. */
  async remember(id: string, secret: string, binding: ConsoleBinding): Promise<void> {
    await this.#vault.setSecret(id, REMEMBERED, secret, binding);
  }

  /** The remembered secret, only for the console, trust and route it was remembered with; otherwise why not. */
  async remembered(profile: Profile, binding: ConsoleBinding, what: string): Promise<RememberedSecret> {
    const record = profile.secrets[REMEMBERED];
    if (!record) return { missing: `No ${what} is remembered for this installation.` };
    if (!record.boundTo || !sameBinding(record.boundTo, binding)) {
      const kept = `console ${record.boundTo?.via ?? 'password'}`;
      const where = record.boundTo ? `was remembered for ${describeBinding(record.boundTo)}` : 'was remembered before passwords were bound to a console';
      const goes = record.boundTo && record.boundTo.via !== binding.via ? `this login uses the ${binding.via ?? 'password'} route` : `this login goes to ${describeBinding(binding)}`;
      return { missing: `The remembered ${kept} ${where}; ${goes}, so it is not sent there.` };
    }
    try {
      return { secret: await this.#vault.readSecret(profile.id, REMEMBERED) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return { missing: `The remembered ${what} is no longer in the keychain.` };
      throw error;
    }
  }
}

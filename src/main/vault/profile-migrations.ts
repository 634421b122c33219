import { originOf } from '../../shared/origin';
import { sha256Hex } from '../crypto/sha256';

/** What a migration may know besides the document: where it is stored. */
export interface MigrationContext {
  dataDir: string;
}

/** Upgrades a stored document from version N to N+1. */
export type Migration = (document: Record<string, unknown>, context: MigrationContext) => Record<string, unknown>;
export type Migrations = Readonly<Record<number, Migration>>;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The keychain key a schema-1 profile moves to. Derived, not random, so that two processes migrating the same file
 * at once (the app and the CLI) agree on it; it names this file's profile only (data folder, id, creation time), so
 * a profile re-created later, or one in another data folder, gets a different key.
 */
export function legacyKeychainKey(dataDir: string, id: string, createdAt: string): string {
  return `p_${sha256Hex(`ads-setup legacy keychain key\0${dataDir}\0${id}\0${createdAt}`).slice(0, 32)}`;
}


/**
 * 1 → 2: keychain accounts move from `<id>/<kind>` to `<keychainKey>/<kind>` (the vault finishes the move, see
 * `keychainMove`); a console already used counts as established; a remembered console password is bound to the
 * console and certificate it was used with. With a CA file its content is unknown here, so it is left unbound and
 * asked for again.
 */
export function toVersion2(document: Record<string, unknown>, { dataDir }: MigrationContext): Record<string, unknown> {
  const id = String(document['id']);
  const consoleDoc = { ...record(document['console']) };
  const secrets = { ...record(document['secrets']) };
  const origin = originOf(consoleDoc['url']);
  const used = consoleDoc['pinnedFingerprint'] !== undefined || consoleDoc['caFile'] !== undefined || consoleDoc['pushed'] !== undefined || Object.keys(record(document['consoleItems'])).length > 0;
  if (origin && used) consoleDoc['establishedAt'] = document['updatedAt'];
  const password = record(secrets['console-password']);
  if (secrets['console-password'] !== undefined && origin && consoleDoc['caFile'] === undefined) {
    const pin = consoleDoc['pinnedFingerprint'];
    secrets['console-password'] = { ...password, boundTo: { origin, ...(typeof pin === 'string' ? { pinnedFingerprint: pin } : {}) } };
  }
  return {
    ...document,
    console: consoleDoc,
    secrets,
    keychainKey: legacyKeychainKey(dataDir, id, String(document['createdAt'])),
    keychainMove: { from: id },
  };
}

export const profileMigrations: Migrations = { 1: toVersion2 };

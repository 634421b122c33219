import { randomBytes as nodeRandomBytes } from 'node:crypto';
import path from 'node:path';
import { BUNDLE_MAX_BYTES, type ApplyInstructions, type BundleMeta, type BundleTarget, type ExportResult, type InspectView, type SigningKeyView, type VerifyReport } from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import { CONSOLE_FIELDS, type DeliveredValues } from '../../shared/console-fields';
import { CONSOLE_FIELD_TITLES, consoleFieldRoles, type ConsoleFieldRole, type Profile } from '../../shared/profile';
import type { SecretStore } from '../vault/secret-store';
import type { VaultService } from '../vault/vault';
import type { AgeKey, AgeTarget } from './age';
import { checkBundleFileName, renderHostScript, type HostScriptOptions } from './host-script';
import { printable } from '../../shared/printable';
import { sha256Hex } from '../crypto/sha256';
import { buildBundle, inspectBundle, reportOf, verifyBundle, type BundleValues } from './format';
import { minisignSign, parsePublicKey } from './minisign';
import { SigningKeyStore, viewOf } from './signing-key';
import { writeFileAtomic } from '../files/atomic-file';
import { readSmallFile, SmallFileError } from '../files/small-file';
import { tooLarge } from './tar';

export const DEFAULT_EXPIRES_IN_SECONDS = 7 * 24 * 3600;
export const MAX_EXPIRES_IN_SECONDS = 90 * 24 * 3600;
export const MIN_EXPIRES_IN_SECONDS = 3600;


/** Reads a bundle file, checking its size before a single byte is read. */
export async function readBundleFile(file: string, maxBytes = BUNDLE_MAX_BYTES, open?: Parameters<typeof readSmallFile>[2]): Promise<Buffer> {
  try {
    return await readSmallFile(file, maxBytes, open);
  } catch (error) {
    const problem = error instanceof SmallFileError ? error.problem : 'unreadable';
    if (problem === 'too-large') throw tooLarge((error as SmallFileError).size ?? 0, maxBytes);
    if (problem === 'not-a-file') throw new AppError('BUNDLE_INVALID', `${file} is not a regular file.`, 'Give the path to the bundle .tar.');
    throw new AppError('NOT_FOUND', `Cannot open ${file}.`, 'Check the path to the bundle .tar.');
  }
}

/** Writes an output file (a bundle, a host script) whole or not at all; a failure says what to check. */
export async function writeOutputFile(target: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  try {
    await writeFileAtomic(target, data, { mode });
  } catch {
    throw new AppError('STORAGE_FAILED', `Could not write ${target}; nothing was written there.`, 'Check that the folder exists and is writable, and that there is free space.');
  }
}

/** `7d`, `36h`: at least an hour, at most 90 days. */
export function parseExpiresIn(text: string): number {
  const match = /^(\d{1,4})([dh])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (match[2] === 'd' ? 86400 : 3600) : NaN;
  if (!(seconds >= MIN_EXPIRES_IN_SECONDS && seconds <= MAX_EXPIRES_IN_SECONDS)) {
    throw new AppError('INVALID_INPUT', 'The expiry must be a number of days or hours between 1h and 90d, such as 7d or 36h.', 'Use 7 days, the default (command line: --expires-in 7d).');
  }
  return seconds;
}

/**
 * Verifies a bundle file against the admin's pinned key (minisign .pub or PEM text). Needs no keychain and no
 * profile, so it runs as well on a console host as on the admin's machine.
 */
export async function verifyBundleFile(file: string, publicKeyText: string, options: { now?: Date; ageKey?: AgeKey } = {}): Promise<VerifyReport> {
  const pinned = parsePublicKey(publicKeyText);
  const now = options.now ?? new Date();
  let archive: Buffer;
  try {
    archive = await readBundleFile(file);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'BUNDLE_TOO_LARGE' || error.code === 'BUNDLE_INVALID')) {
      return reportOf(pinned, [{ code: error.code, message: error.message }]);
    }
    throw error;
  }
  return verifyBundle(archive, pinned, { now, ...(options.ageKey ? { ageKey: options.ageKey } : {}) });
}

export async function inspectBundleFile(file: string): Promise<InspectView> {
  return inspectBundle(await readBundleFile(file));
}

export interface ExportOptions {
  target: AgeTarget;
  expiresInSeconds?: number;
  /** Recorded in the bundle: the host script deploys the new version. */
  deploy?: boolean;
  /** Recorded in the bundle: where the host script applies it (default: a KOTS admin console). */
  hostTarget?: BundleTarget;
}

export interface BundleServiceOptions {
  vault: VaultService;
  secrets: SecretStore;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
}

/** Exports, verifies and inspects signed config bundles. Secrets are read from the vault and leave only encrypted. */
export class BundleService {
  readonly #vault: VaultService;
  readonly #keys: SigningKeyStore;
  readonly #now: () => Date;
  readonly #randomBytes: (size: number) => Buffer;

  constructor(options: BundleServiceOptions) {
    this.#vault = options.vault;
    this.#now = options.now ?? (() => new Date());
    this.#randomBytes = options.randomBytes ?? nodeRandomBytes;
    this.#keys = new SigningKeyStore({ secrets: options.secrets, now: this.#now, randomBytes: this.#randomBytes });
  }

  /** The signing key's public half, or null before the first export. */
  async signingKey(): Promise<SigningKeyView | null> {
    const key = await this.#keys.get();
    return key ? viewOf(key) : null;
  }

  async requireSigningKey(): Promise<SigningKeyView> {
    return viewOf(await this.#keys.require());
  }

  profile(id: string): Promise<Profile> {
    return this.#vault.get(id);
  }

  /** The vault, for the channels that save a console mapping in a profile. */
  get vault(): VaultService {
    return this.#vault;
  }

  /** What goes into the bundle, or a refusal that says what is missing and how to get it. */
  async valuesFor(profile: Profile): Promise<BundleValues> {
    const missing = consoleFieldRoles.filter((role) => !profile.consoleItems[role]);
    if (missing.length > 0) {
      throw new AppError(
        'NEEDS_MAPPING',
        `The console's item names for ${missing.map((role) => `"${CONSOLE_FIELD_TITLES[role]}"`).join(', ')} are not known for profile "${profile.id}", so the bundle cannot name them.`,
        'Without access to the console: run the discovery script on the console host (`ads-setup bundle discovery-script`) and export with `--mapping-file`, or give the names with `--map ROLE=ITEM` (in the app: the console mapping in the bundle panel or the installation\'s Edit). With access: a push plan reads them.',
      );
    }
    const items = profile.consoleItems as Record<ConsoleFieldRole, string>;
    if (new Set(Object.values(items)).size !== consoleFieldRoles.length) {
      throw new AppError('NEEDS_MAPPING', 'Two console fields are mapped to the same item name.', 'Correct the profile\'s console mapping so each field has its own item.');
    }
    const appSlug = profile.console.appSlug;
    if (!appSlug) {
      throw new AppError('NEEDS_MAPPING', `Profile "${profile.id}" has no admin-console app slug.`, 'Give it with `--app SLUG` (`kubectl kots get apps` lists it; the discovery file names it), or in the console mapping.');
    }
    const appId = profile.azure.appId;
    if (!appId) throw new AppError('NOT_FOUND', `Profile "${profile.id}" has no Azure app ID yet.`, 'Register the app (or enter its App ID) first.');
    const delivered: DeliveredValues = {
      hostDomain: profile.hostDomain,
      authorityHost: profile.authorityHost,
      appId,
      clientSecret: await this.#vault.readSecret(profile.id, 'client-secret'),
      webhookSecret: await this.#vault.readSecret(profile.id, 'webhook-secret'),
    };
    // The field table says what each item holds; secrets go into the encrypted part as KOTS's valuePlaintext.
    const entry = (role: ConsoleFieldRole) => ({ item: items[role], value: CONSOLE_FIELDS[role].value(delivered) });
    return {
      profileLabel: profile.label,
      appSlug,
      public: consoleFieldRoles.filter((role) => !CONSOLE_FIELDS[role].secret).map((role) => ({ ...entry(role), field: 'value' as const })),
      secret: consoleFieldRoles.filter((role) => CONSOLE_FIELDS[role].secret).map((role) => ({ ...entry(role), field: 'valuePlaintext' as const })),
    };
  }

  /** Builds the bundle in memory and writes it to `outFile` atomically; on any failure nothing is left there. */
  async export(profileId: string, options: ExportOptions, outFile: string): Promise<ExportResult> {
    const expiresInSeconds = options.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS;
    if (!(expiresInSeconds >= MIN_EXPIRES_IN_SECONDS && expiresInSeconds <= MAX_EXPIRES_IN_SECONDS)) {
      throw new AppError('INVALID_INPUT', 'The expiry must be between 1 hour and 90 days.', 'Choose a shorter or longer validity (7 days is the default).');
    }
    if (options.target.type === 'passphrase') this.#vault.keepOutOfLogs(options.target.passphrase);
    const target = path.resolve(outFile);
    checkBundleFileName(path.basename(target)); // before anything is written: its host script could not name it
    const profile = await this.#vault.get(profileId);
    const values = await this.valuesFor(profile);
    const { key, created } = await this.#keys.getOrCreate();
    const built = await buildBundle({
      values,
      key,
      target: options.target,
      bundleId: this.#randomBytes(8).toString('hex'),
      now: this.#now(),
      expiresInSeconds,
      apply: { deploy: options.deploy === true, target: options.hostTarget ?? 'kots', mappingSource: profile.consoleItemsSource ?? 'console' },
    });
    await writeOutputFile(target, built.tar);
    return {
      path: target,
      fileName: path.basename(target),
      size: built.tar.length,
      sha256: sha256Hex(built.tar),
      meta: built.meta,
      signingKeyCreated: created,
      instructions: renderHostScript(built.meta, { fileName: path.basename(target), tarSha256: sha256Hex(built.tar) }),
    };
  }

  verifyFile(file: string, publicKeyText: string, ageKey?: AgeKey): Promise<VerifyReport> {
    if (ageKey?.type === 'passphrase') this.#vault.keepOutOfLogs(ageKey.passphrase);
    return verifyBundleFile(file, publicKeyText, { now: this.#now(), ...(ageKey ? { ageKey } : {}) });
  }

  inspectFile(file: string): Promise<InspectView> {
    return inspectBundleFile(file);
  }

  /**
   * The host script for a bundle this app signed, to sign in turn: the bytes are read once and verified against the
   * app's own signing key (signature, hashes, format, expiry) before anything is made from them, so a bundle signed
   * by another key, or changed, gets no script and no signature (issue 22). The script names exactly these bytes.
   */
  async hostScriptFor(file: string, options: Omit<HostScriptOptions, 'fileName' | 'tarSha256'> = {}) {
    const archive = await readBundleFile(file);
    const key = await this.#keys.get();
    if (!key) {
      throw new AppError('NOT_FOUND', 'This machine has no bundle signing key, so it cannot tell whether the bundle is one it signed; no host script was made.', 'Make the host script on the machine that exported the bundle (`ads-setup bundle host-script BUNDLE`).');
    }
    const report = await verifyBundle(archive, parsePublicKey(viewOf(key).minisign), { now: this.#now() });
    if (!report.valid || !report.meta) {
      throw new AppError(
        'BUNDLE_INVALID',
        `${printable(path.basename(file), { max: 120 })} is not a bundle signed by this app's key, unchanged and unexpired (${report.reason ?? 'it does not verify'}); no host script was made or signed.`,
        'Export the bundle again on this machine (`ads-setup bundle export`), then make its host script.',
      );
    }
    return { meta: report.meta, instructions: renderHostScript(report.meta, { ...options, fileName: path.basename(file), tarSha256: sha256Hex(archive) }) };
  }

  /** The host script to show for a bundle already verified with the admin's pinned key (the window's Verify): not signed. */
  async instructionsFor(file: string, verified: BundleMeta): Promise<ApplyInstructions> {
    const archive = await readBundleFile(file);
    return renderHostScript(verified, { fileName: path.basename(file), tarSha256: sha256Hex(archive) });
  }

  /** A minisign signature of a host script by the app's signing key, to check on the host before running it. */
  async signHostScript(script: string, meta: BundleMeta): Promise<string> {
    const key = await this.#keys.require();
    return minisignSign(key, Buffer.from(script, 'utf8'), `ads-host-script v1 bundle=${meta.bundleId} app=${meta.appSlug}`, `ADS Setup Assistant host script for bundle ${meta.bundleId}, signer key ${meta.signer.keyId}`);
  }
}

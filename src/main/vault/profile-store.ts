import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { PROFILE_SCHEMA_VERSION, profileIdSchema, profileSchema, type Profile } from '../../shared/profile';
import { nodeAtomicFs, TEMP_MARKER, writeFileAtomic, type AtomicFs } from '../files/atomic-file';
import { ProviderRegistry } from '../registration/providers';
import { profileMigrations, type Migrations } from './profile-migrations';

/**
 * A profile file that could not be used; it was moved aside (never overwritten) and is reported to the admin. A
 * file whose provider this app does not know is left where it is (`keptAs` is its own path): another version of the
 * app may know it.
 */
export interface ProfileProblem {
  path: string;
  keptAs: string;
  reason: string;
}

export interface ProfileStoreOptions {
  dataDir: string;
  migrations?: Migrations;
  currentVersion?: number;
  fs?: AtomicFs;
  now?: () => Date;
  /** The providers a stored profile may use (default: every provider of the app). */
  providers?: ProviderRegistry;
}

const PROFILE_FILE = /^([a-z0-9][a-z0-9-]{0,62})\.json$/;
/** A temp file older than this belongs to a write that died. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Profiles as one JSON file each under `<dataDir>/profiles/`, so one damaged file never costs the others.
 * Writes are atomic; unreadable files are kept aside with a timestamped name and reported.
 */
export class ProfileStore {
  readonly dir: string;
  readonly #dataDir: string;
  readonly #migrations: Migrations;
  readonly #currentVersion: number;
  readonly #fs: AtomicFs;
  readonly #now: () => Date;
  /** The providers a stored profile may use. */
  readonly providers: ProviderRegistry;

  constructor(options: ProfileStoreOptions) {
    this.providers = options.providers ?? new ProviderRegistry();
    this.dir = path.join(options.dataDir, 'profiles');
    this.#dataDir = path.resolve(options.dataDir);
    this.#migrations = options.migrations ?? profileMigrations;
    this.#currentVersion = options.currentVersion ?? PROFILE_SCHEMA_VERSION;
    this.#fs = options.fs ?? nodeAtomicFs;
    this.#now = options.now ?? (() => new Date());
  }

  fileFor(id: string): string {
    return path.join(this.dir, `${profileIdSchema.parse(id)}.json`);
  }

  async list(): Promise<{ profiles: Profile[]; problems: ProfileProblem[] }> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: [], problems: [] };
      throw this.#unreadable(this.dir);
    }
    const profiles: Profile[] = [];
    const problems: ProfileProblem[] = [];
    for (const name of names.sort()) {
      if (name.includes(TEMP_MARKER)) {
        await this.#removeIfStale(path.join(this.dir, name));
        continue;
      }
      const match = PROFILE_FILE.exec(name);
      if (!match) continue;
      const result = await this.#load(match[1] as string);
      if ('profile' in result) profiles.push(result.profile);
      else if (result.problem) problems.push(result.problem);
    }
    return { profiles, problems };
  }

  async get(id: string): Promise<Profile> {
    const result = await this.#load(id);
    if ('profile' in result) return result.profile;
    if ('unknownProvider' in result) {
      const known = this.providers.all().map((p) => `${p.id} (${p.title})`).join(', ');
      throw new AppError(
        'UNKNOWN_PROVIDER',
        `The profile file ${result.problem.path} uses the provider "${result.unknownProvider}", which this app does not know; it knows ${known}.`,
        'Open it with the version of the app that made it, or create the installation again with one of these providers. The file is left as it is.',
      );
    }
    if (result.problem) {
      throw new AppError(
        'PROFILE_FILE_CORRUPT',
        `The profile file ${result.problem.path} could not be used (${result.problem.reason}). It was kept as ${result.problem.keptAs}.`,
        'Recreate the profile, or repair the kept file and move it back.',
      );
    }
    throw new AppError('NOT_FOUND', `There is no profile "${id}".`, 'See the installations under Installations (command line: `ads-setup profile list`).');
  }

  async exists(id: string): Promise<boolean> {
    try {
      await fs.access(this.fileFor(id));
      return true;
    } catch {
      return false;
    }
  }

  async save(profile: Profile): Promise<void> {
    const valid = profileSchema.parse(profile);
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.fileFor(valid.id), `${JSON.stringify(valid, null, 2)}\n`, { io: this.#fs });
    } catch {
      throw new AppError('STORAGE_FAILED', `Could not write the profile to ${this.dir}; the previous version is unchanged.`, 'Check that the data folder exists, is writable and the disk is not full.');
    }
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.fileFor(id), { force: true });
  }

  async #load(id: string): Promise<{ profile: Profile } | { problem: ProfileProblem; unknownProvider: string } | { problem: ProfileProblem | null }> {
    const file = this.fileFor(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problem: null };
      throw this.#unreadable(file);
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return { problem: await this.#keepAside(file, 'not valid JSON') };
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      return { problem: await this.#keepAside(file, 'not a JSON object') };
    }
    let record = document as Record<string, unknown>;
    const version = record['schemaVersion'];
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      return { problem: await this.#keepAside(file, 'no schema version') };
    }
    if (version > this.#currentVersion) {
      return { problem: await this.#keepAside(file, `written by a newer app (schema version ${version}; this app reads up to ${this.#currentVersion})`) };
    }
    for (let v = version; v < this.#currentVersion; v++) {
      const migrate = this.#migrations[v];
      if (!migrate) return { problem: await this.#keepAside(file, `no migration from schema version ${v}`) };
      record = { ...migrate(record, { dataDir: this.#dataDir }), schemaVersion: v + 1 };
    }
    const parsed = profileSchema.safeParse(record);
    if (!parsed.success) return { problem: await this.#keepAside(file, 'fields missing or invalid') };
    if (parsed.data.id !== id) return { problem: await this.#keepAside(file, `its id "${parsed.data.id}" does not match the file name`) };
    const provider = parsed.data.provider;
    if (!this.providers.get(provider)) {
      return { unknownProvider: provider, problem: { path: file, keptAs: file, reason: `its provider "${provider}" is not one this app knows (${this.providers.ids().join(', ')})` } };
    }
    if (version !== this.#currentVersion) await this.save(parsed.data);
    return { profile: parsed.data };
  }

  /**
   * A temp file is either a write in progress (another window, the CLI) or one that died before its rename; the
   * real file is intact either way. Only old ones are removed, so a concurrent save never loses its temp file.
   */
  async #removeIfStale(file: string): Promise<void> {
    try {
      const { mtimeMs } = await fs.stat(file);
      if (this.#now().getTime() - mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true });
    } catch {
      // Gone already (its write finished): nothing to clean.
    }
  }

  async #keepAside(file: string, reason: string): Promise<ProfileProblem> {
    const stamp = this.#now().toISOString().replace(/[:.]/g, '-');
    const keptAs = `${file}.unusable-${stamp}`;
    await fs.rename(file, keptAs);
    return { path: file, keptAs, reason };
  }

  #unreadable(where: string): AppError {
    return new AppError('PROFILE_FILE_UNREADABLE', `Could not read ${where}.`, 'Check the permissions of the data folder.');
  }
}

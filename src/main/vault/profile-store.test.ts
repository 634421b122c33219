import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_SCHEMA_VERSION, type Profile } from '../../shared/profile';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { nodeAtomicFs } from '../files/atomic-file';
import { profileMigrations } from './profile-migrations';
import { ProfileStore } from './profile-store';

const tempDir = useTempDirs();
const now = new Date('2026-11-26T10:00:00.000Z');

function profile(id: string, label = 'Production'): Profile {
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    id,
    label,
    hostname: 'deepsource.example.com',
    organization: 'Example',
    provider: 'ado-oauth',
    callbackTrailingSlash: false,
    hostDomain: 'dev.azure.com',
    authorityHost: 'app.vssps.visualstudio.com',
    console: {},
    azure: {},
    keychainKey: `p_${'0'.repeat(31)}${id.length % 10}`,
    secrets: {},
    consoleItems: {},
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

function store(dataDir: string, extra: Partial<ConstructorParameters<typeof ProfileStore>[0]> = {}) {
  return new ProfileStore({ dataDir, now: () => now, ...extra });
}

describe('ProfileStore', () => {
  it('leaves a file whose provider the registry does not know where it is, reports it, and refuses it by a typed error', async () => {
    const dataDir = tempDir();
    const s = store(dataDir);
    await s.save(profile('a'));
    const file = path.join(dataDir, 'profiles', 'b.json');
    const text = `${JSON.stringify({ ...profile('b'), provider: 'gitlab-oauth' }, null, 2)}\n`;
    writeFileSync(file, text);
    const listed = await s.list();
    expect(listed.profiles.map((p) => p.id)).toEqual(['a']);
    expect(listed.problems).toEqual([{ path: file, keptAs: file, reason: 'its provider "gitlab-oauth" is not one this app knows (ado-oauth, entra)' }]);
    await expect(s.get('b')).rejects.toMatchObject({ code: 'UNKNOWN_PROVIDER', message: expect.stringContaining('"gitlab-oauth", which this app does not know; it knows ado-oauth ('), remedy: expect.stringContaining('left as it is') });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(path.join(dataDir, 'profiles')).sort()).toEqual(['a.json', 'b.json']);
  });

  it('round-trips profiles as one 0600 file each', async () => {
    const dataDir = tempDir();
    const s = store(dataDir);
    await s.save(profile('a'));
    await s.save(profile('b'));
    expect((await s.list()).profiles.map((p) => p.id)).toEqual(['a', 'b']);
    expect(await s.get('a')).toEqual(profile('a'));
    const mode = (await import('node:fs')).statSync(path.join(dataDir, 'profiles', 'a.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('survives a crash between write and rename: the old file stays whole, the leftover is ignored and cleaned', async () => {
    const dataDir = tempDir();
    await store(dataDir).save(profile('a', 'Before'));
    const crashing = store(dataDir, { fs: { ...nodeAtomicFs, rename: async () => Promise.reject(new Error('killed')), rm: async () => undefined } });
    await expect(crashing.save(profile('a', 'After'))).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    const dir = path.join(dataDir, 'profiles');
    expect(readdirSync(dir).some((name) => name.includes('.tmp-'))).toBe(true);
    // Right away the leftover could still be someone's write in progress: it is ignored, not removed.
    expect((await store(dataDir, { now: () => new Date() }).list()).profiles.map((p) => p.label)).toEqual(['Before']);
    expect(readdirSync(dir).some((name) => name.includes('.tmp-'))).toBe(true);
    // Once it is old, it is garbage from a write that died.
    const later = store(dataDir, { now: () => new Date(Date.now() + 60 * 60 * 1000) });
    expect((await later.list()).profiles.map((p) => p.label)).toEqual(['Before']);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a listing between a save\'s write and its rename does not take the save\'s temp file away', async () => {
    const dataDir = tempDir();
    // Another window (or the CLI) lists the profiles at the worst moment: the temp file is written, not yet renamed.
    const other = store(dataDir, { now: () => new Date() });
    const saving = store(dataDir, {
      now: () => new Date(),
      fs: {
        ...nodeAtomicFs,
        rename: async (from, to) => {
          await other.list();
          return nodeAtomicFs.rename(from, to);
        },
      },
    });
    await saving.save(profile('a'));
    expect((await other.list()).profiles.map((p) => p.id)).toEqual(['a']);
  });

  it('keeps a corrupt file aside, reports its path and loads the others', async () => {
    const dataDir = tempDir();
    const s = store(dataDir);
    await s.save(profile('good'));
    const bad = path.join(dataDir, 'profiles', 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 1, "id": "bad", trunc');
    const { profiles, problems } = await s.list();
    expect(profiles.map((p) => p.id)).toEqual(['good']);
    expect(problems).toEqual([{ path: bad, keptAs: `${bad}.unusable-2026-11-26T10-00-00-000Z`, reason: 'not valid JSON' }]);
    expect(existsSync(bad)).toBe(false);
    expect(readFileSync(problems[0]!.keptAs, 'utf8')).toContain('trunc');
    await expect(s.get('bad')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a file from a newer app instead of overwriting it', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'profiles'), { recursive: true });
    const file = path.join(dataDir, 'profiles', 'future.json');
    writeFileSync(file, JSON.stringify({ ...profile('future'), schemaVersion: 99 }));
    await expect(store(dataDir).get('future')).rejects.toMatchObject({
      code: 'PROFILE_FILE_CORRUPT',
      message: expect.stringContaining('written by a newer app (schema version 99'),
    });
    expect(readdirSync(path.join(dataDir, 'profiles'))).toEqual(['future.json.unusable-2026-11-26T10-00-00-000Z']);
  });

  it.each([
    ['fields missing or invalid', { ...profile('x'), hostname: 'http://evil' }],
    ['its id "y" does not match the file name', profile('y')],
    ['no schema version', { id: 'x' }],
    ['not a JSON object', [1, 2]],
  ])('keeps aside a file with %s', async (reason, document) => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'profiles'), { recursive: true });
    writeFileSync(path.join(dataDir, 'profiles', 'x.json'), JSON.stringify(document));
    expect((await store(dataDir).list()).problems.map((p) => p.reason)).toEqual([reason]);
  });

  it('runs the migration hook on an older file and saves the upgraded version', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'profiles'), { recursive: true });
    const file = path.join(dataDir, 'profiles', 'old.json');
    const { label, ...withoutLabel } = profile('old', 'Legacy name');
    writeFileSync(file, JSON.stringify({ ...withoutLabel, schemaVersion: 0, name: label }));
    const migrating = store(dataDir, { migrations: { ...profileMigrations, 0: ({ name, ...rest }) => ({ ...rest, label: name }) } });
    expect((await migrating.get('old')).label).toBe('Legacy name');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: PROFILE_SCHEMA_VERSION, label: 'Legacy name' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('name');
  });

  it('keeps aside an older file when no migration exists for it', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'profiles'), { recursive: true });
    writeFileSync(path.join(dataDir, 'profiles', 'old.json'), JSON.stringify({ ...profile('old'), schemaVersion: 0 }));
    expect((await store(dataDir).list()).problems.map((p) => p.reason)).toEqual(['no migration from schema version 0']);
  });

  it('refuses ids that could escape the folder', () => {
    const s = store(tempDir());
    expect(() => s.fileFor('../etc/passwd')).toThrow();
    expect(() => s.fileFor('A')).toThrow();
  });
});

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { nodeAtomicFs, writeFileAtomic } from './atomic-file';

const tempDir = useTempDirs();

describe('writeFileAtomic (the one atomic writer: profiles, bundles, host scripts)', () => {
  it('replaces the file whole, owner-only by default or with the mode asked for', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await writeFileAtomic(path.join(dir, 'b.sh'), Buffer.from('#!/bin/sh\n'), { mode: 0o755 });
    expect(statSync(path.join(dir, 'b.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.sh']);
  });

  it('a failure while writing or renaming keeps the old file and leaves no temp file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.json');
    writeFileSync(file, 'old');
    const failingWrite = {
      ...nodeAtomicFs,
      open: (async (...args: Parameters<typeof nodeAtomicFs.open>) => {
        const handle = await nodeAtomicFs.open(...args);
        return Object.assign(Object.create(handle) as typeof handle, { sync: async () => Promise.reject(new Error('EIO')), close: () => handle.close() });
      }) as typeof nodeAtomicFs.open,
    };
    await expect(writeFileAtomic(file, 'new', { io: failingWrite })).rejects.toThrow('EIO');
    await expect(writeFileAtomic(file, 'new', { io: { ...nodeAtomicFs, rename: async () => Promise.reject(new Error('ENOSPC')) } })).rejects.toThrow('ENOSPC');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The file operations an atomic write needs; injected so a test can "crash" between the steps. */
export interface AtomicFs {
  open: typeof fs.open;
  rename: typeof fs.rename;
  rm: typeof fs.rm;
}

export const nodeAtomicFs: AtomicFs = { open: fs.open, rename: fs.rename, rm: fs.rm };

export const TEMP_MARKER = '.tmp-';

/**
 * Writes `data` so that a reader sees either the old file or the new one, never a mix: temp file in the same folder,
 * fsync, rename over the target, fsync the folder. A crash leaves at most a stray temp file, which readers ignore.
 */
export async function writeFileAtomic(target: string, data: string, io: AtomicFs = nodeAtomicFs): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `${path.basename(target)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  const handle = await io.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await io.rename(temp, target);
  } catch (error) {
    await io.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  const dirHandle = await io.open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

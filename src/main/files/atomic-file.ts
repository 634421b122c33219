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

/** Part of every temp file's name, so a reader of the folder can pass over one a crash left behind. */
export const TEMP_MARKER = '.tmp-';

export interface AtomicWriteOptions {
  /** The new file's mode (default 0600: owner only). */
  mode?: number;
  io?: AtomicFs;
}

/**
 * Writes `data` so that a reader sees either the old file or the new one, never a mix: temp file in the same folder,
 * fsync, rename over the target, fsync the folder (so the rename itself survives a power cut). A failure removes the
 * temp file; a crash leaves at most a stray one, which readers ignore.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const io = options.io ?? nodeAtomicFs;
  const dir = path.dirname(target);
  const temp = path.join(dir, `${path.basename(target)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  const handle = await io.open(temp, 'wx', options.mode ?? 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await io.rename(temp, target);
  } catch (error) {
    await io.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(dir, io);
}

async function syncFolder(dir: string, io: AtomicFs): Promise<void> {
  // Windows cannot open a folder as a file; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await io.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

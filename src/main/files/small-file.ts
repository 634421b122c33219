import { constants, promises as fs } from 'node:fs';

export type SmallFileProblem = 'unreadable' | 'not-a-file' | 'too-large';

/** Why a small file was not read; callers turn it into their own typed error. */
export class SmallFileError extends Error {
  constructor(
    readonly problem: SmallFileProblem,
    readonly size?: number,
  ) {
    super(`small file: ${problem}`);
    this.name = 'SmallFileError';
  }
}

/**
 * Reads a file an admin (or a window) named, refusing anything but a regular file of at most `maxBytes`. The size
 * and type come from the open handle, so the file cannot be swapped between the check and the read; the open does
 * not block, so a FIFO or a device is refused instead of hanging the process.
 */
export async function readSmallFile(file: string, maxBytes: number, open: (file: string, flags: number) => Promise<fs.FileHandle> = fs.open): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw new SmallFileError('unreadable');
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SmallFileError('not-a-file');
    if (stat.size > maxBytes) throw new SmallFileError('too-large', stat.size);
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw error instanceof SmallFileError ? error : new SmallFileError('unreadable');
  } finally {
    await handle.close();
  }
}

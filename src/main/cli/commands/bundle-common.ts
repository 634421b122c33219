import { AppError } from '../../../shared/errors';
import { readSmallFile } from '../../files/small-file';
import type { CliIo } from '../io';

/** Reads a small text file the admin named on the command line (a public key, an age identity). */
export async function readKeyFile(file: string, what: string, remedy: string): Promise<string> {
  try {
    return (await readSmallFile(file, 64 * 1024)).toString('utf8');
  } catch {
    throw new AppError('NOT_FOUND', `Cannot read ${what} ${file} (a regular file of at most 64 KB).`, remedy);
  }
}

/** A passphrase piped on stdin (one line, the trailing line break removed), or asked for without echo on a terminal. */
export async function readPassphrase(io: CliIo): Promise<string> {
  const text = io.stdinIsTTY ? await io.promptHidden('Passphrase: ') : (await io.readStdin()).replace(/\r?\n$/, '');
  if (text.length < 12 || /[\r\n]/.test(text)) {
    throw new AppError('INVALID_INPUT', 'The passphrase on standard input must be one line of at least 12 characters.', 'Pipe a long random passphrase, e.g. from a password manager, or use --recipient with the host\'s age key instead.');
  }
  return text;
}

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function usageError(message: string, remedy: string): AppError {
  return new AppError('INVALID_INPUT', message, remedy);
}

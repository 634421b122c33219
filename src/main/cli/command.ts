import type { ParseArgsConfig } from 'node:util';
import { AppError, type AppErrorShape } from '../../shared/errors';
import type { Logger } from '../log/logger';
import type { CliIo } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Exit codes every command shares; a command documents its own codes (2–6) in its usage text. */
export const EXIT = { ok: 0, failed: 1, usage: 64 } as const;

export interface CliContext {
  io: CliIo;
  /** The version stamped into this build. */
  version: string;
  /** The redacting logger (file in the data folder); services handling secrets tell it each one. */
  logger: Logger;
}

export interface ParsedArgs {
  values: OptionValues & { json?: boolean; 'data-dir'?: string };
  positionals: string[];
}

/** One `ads-setup` command. Capabilities each contribute theirs; `commands.ts` lists them. */
export interface CliCommand {
  /** The words that select it, e.g. ['profile', 'create']. */
  words: readonly string[];
  summary: string;
  /** Full usage text shown by `ads-setup <words> --help` (without the common options, which are appended). */
  usage: string;
  options: OptionSpec;
  run: (args: ParsedArgs, context: CliContext) => Promise<number>;
}

/** The profile a command is about (--profile ID), or the typed error that says how to name one. */
export function profileFlag(args: ParsedArgs): string {
  const id = args.values['profile'];
  if (typeof id !== 'string') throw new AppError('INVALID_INPUT', 'Name the profile with --profile ID.', 'List them with `ads-setup profile list`.');
  return id;
}

/** Flags every command accepts. */
export const commonOptions = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
} as const satisfies OptionSpec;

export const COMMON_USAGE = `Common options:
  --json            Machine-readable output on stdout.
  --data-dir DIR    Where profiles live (default: the app's data folder; env ADS_SETUP_DATA_DIR).
  -h, --help        Show this help.
`;

export function writeError(io: CliIo, error: AppErrorShape, json = false): void {
  if (json) {
    io.stdout(`${JSON.stringify({ error })}\n`);
    return;
  }
  io.stderr(`error: ${error.message}\n`);
  if (error.remedy) io.stderr(`  remedy: ${error.remedy}\n`);
}

/** Anything a command throws, as a shape safe to print: AppErrors as they are, everything else generic. */
export function toErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return { code: 'INTERNAL', message: 'The command failed unexpectedly.', remedy: 'Run it again; if it keeps failing, report the command line you used (not its secrets).' };
}

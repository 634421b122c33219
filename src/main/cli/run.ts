import { parseArgs } from 'node:util';
import { COMMON_USAGE, commonOptions, EXIT, toErrorShape, writeError, type CliCommand, type CliContext, type ParsedArgs } from './command';
import { commands as allCommands } from './commands';
import { AppError } from '../../shared/errors';
import { errorFields, fileSink, Logger } from '../log/logger';
import { resolveDataDir } from '../vault/data-dir';
import type { CliIo } from './io';
import { printableLines } from '../../shared/printable';

export const CLI_NAME = 'ads-setup';

function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length)) + 2;
  const list = commands.map((c) => `  ${c.words.join(' ').padEnd(width)}${c.summary}`).join('\n');
  return `${CLI_NAME} — connect DeepSource Enterprise to Azure DevOps from the command line.

Usage:
  ${CLI_NAME} <command> [options]
  ${CLI_NAME} <command> --help
  ${CLI_NAME} --help | --version

Commands:
${list}

${COMMON_USAGE}`;
}

/** The command whose words match the most leading words of argv. */
function findCommand(argv: readonly string[], commands: readonly CliCommand[]): CliCommand | undefined {
  let best: CliCommand | undefined;
  for (const command of commands) {
    const matches = command.words.every((word, index) => argv[index] === word);
    if (matches && (!best || command.words.length > best.words.length)) best = command;
  }
  return best;
}

export interface RunOptions {
  version: string;
  commands?: readonly CliCommand[];
  logger?: Logger;
}

/**
 * What every command prints passes the one printable rule on its way out: each field from outside is made printable
 * where it is printed (so it cannot start a line either), and this last guard keeps any that was missed inert. In
 * JSON the escapes it writes are JSON's own, so the values read back unchanged.
 */
function printableIo(io: CliIo): CliIo {
  return { ...io, stdout: (text) => io.stdout(printableLines(text)), stderr: (text) => io.stderr(printableLines(text)) };
}

export async function runCli(argv: readonly string[], terminal: CliIo, options: RunOptions): Promise<number> {
  const io = printableIo(terminal);
  const commands = options.commands ?? allCommands;
  const first = argv[0];
  if (first === undefined) {
    io.stderr(mainHelp(commands));
    return EXIT.usage;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    io.stdout(mainHelp(commands));
    return EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    io.stdout(`${options.version}\n`);
    return EXIT.ok;
  }
  const command = findCommand(argv, commands);
  if (!command) {
    const words = argv.filter((word) => !word.startsWith('-')).slice(0, 3).join(' ');
    io.stderr(`error: unknown command '${words || first}'.\nRun '${CLI_NAME} --help' for the list of commands.\n`);
    return EXIT.usage;
  }
  const usage = `Usage: ${command.usage}\n${COMMON_USAGE}`;
  let parsed: ParsedArgs;
  try {
    const result = parseArgs({
      args: argv.slice(command.words.length),
      allowPositionals: true,
      strict: true,
      options: { ...commonOptions, ...command.options },
    });
    parsed = { values: result.values as ParsedArgs['values'], positionals: result.positionals };
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n${usage}`);
    return EXIT.usage;
  }
  if (parsed.values['help']) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const logger = options.logger ?? new Logger(fileSink(resolveDataDir(parsed.values['data-dir'], io.env)));
  const context: CliContext = { io, version: options.version, logger };
  try {
    return await command.run(parsed, context);
  } catch (error) {
    if (!(error instanceof AppError)) logger.error(`ads-setup ${command.words.join(' ')} failed unexpectedly`, errorFields(error));
    writeError(io, toErrorShape(error), parsed.values.json === true);
    return EXIT.failed;
  }
}

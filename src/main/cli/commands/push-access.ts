import type { ConsoleAccess } from '../../../shared/console';
import { AppError } from '../../../shared/errors';
import type { RouteOption } from '../../console/access/route';
import { consoleRoute, consoleRoutes } from '../../console/access/routes';
import type { AskSecret } from '../../console/session';
import type { OptionSpec, OptionValues } from '../command';
import type { CliIo } from '../io';

/**
 * The console routes on the command line, from their own declarations (console/access/): `--via ROUTE`, and each
 * route's flags (a secret's `--…-stdin`, a text's `--flag VALUE`, a `--remember-…` switch). A route's flags select
 * it; without any, the route the console was last reached by is used, else the password.
 */

export function accessOptions(): OptionSpec {
  const options: OptionSpec = { via: { type: 'string' } };
  for (const route of consoleRoutes) {
    for (const option of route.options) options[option.cli.flag] = { type: option.kind === 'text' ? 'string' : 'boolean' };
  }
  return options;
}

const WIDTH = 118;
const FLAG_COLUMN = 29;

/** Words filled into lines of at most WIDTH characters; the first starts with `head`, the rest are indented. */
function wrapped(head: string, text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = head.padEnd(indent);
  for (const word of text.split(/\s+/)) {
    if (line.trim() !== '' && line.length + word.length + 1 > WIDTH && line.length > indent) {
      lines.push(line.trimEnd());
      line = ' '.repeat(indent);
    }
    line += line.length > indent ? ` ${word}` : word;
  }
  lines.push(line.trimEnd());
  return lines;
}

function flagOf(option: RouteOption): string {
  return `--${option.cli.flag}${option.kind === 'text' ? ` ${option.cli.metavar ?? 'VALUE'}` : ''}`;
}

/** The synopsis lines, indented: `[--via a|b|c]` and every route's flags. */
export function accessSynopsis(indent: number): string {
  const flags = [`[--via ${consoleRoutes.map((r) => r.id).join('|')}]`, ...consoleRoutes.flatMap((route) => route.options.map((option) => `[${flagOf(option)}]`))];
  return wrapped('', flags.join(' '), indent).join('\n');
}

export function accessUsage(): string {
  const lines = wrapped('  --via ROUTE', `How to reach the console: ${consoleRoutes.map((r) => r.id).join(', ')} (default: the way it was last reached, else password).`, FLAG_COLUMN);
  for (const route of consoleRoutes) {
    lines.push(...wrapped(`  ${route.id}:`, route.summary, 4));
    for (const option of route.options) lines.push(...wrapped(`    ${flagOf(option)}`, `${option.cli.usage}${option.env ? ` Or set ${option.env}.` : ''}`, FLAG_COLUMN));
  }
  return `${lines.join('\n')}\n`;
}

function given(values: OptionValues, option: RouteOption): boolean {
  return values[option.cli.flag] !== undefined && values[option.cli.flag] !== false;
}

/** One line from a pipe, never from the terminal. */
async function secretFromStdin(io: CliIo, option: RouteOption): Promise<string> {
  const what = option.label.toLowerCase();
  if (io.stdinIsTTY) throw new AppError('INVALID_INPUT', `--${option.cli.flag} reads the ${what} from a pipe, not from the terminal.`, `Pipe it in (e.g. from a password manager), or leave the flag out to be asked without echo.`);
  const piped = (await io.readStdin()).replace(/\r?\n$/, '');
  if (!piped || /[\r\n]/.test(piped)) throw new AppError('NEEDS_PASSWORD', `Standard input held no one-line ${what}.`, remedyFor(option));
  return piped;
}

function remedyFor(option: RouteOption): string {
  return `Pipe it with --${option.cli.flag}${option.env ? `, set ${option.env}` : ''}, or run in a terminal to be asked for it.`;
}

/** The route and values this command line names (`storedVia`: how the console was last reached); undefined: none named. */
export async function accessFromArgs(values: OptionValues, io: CliIo, storedVia: string | undefined): Promise<ConsoleAccess | undefined> {
  const named = typeof values['via'] === 'string' ? consoleRoute(values['via']) : undefined;
  const flagged = consoleRoutes.filter((route) => route.options.some((option) => given(values, option)));
  const other = flagged.find((route) => route !== (named ?? flagged[0]));
  if (other) {
    const flags = other.options.filter((option) => given(values, option)).map((option) => `--${option.cli.flag}`);
    throw new AppError('INVALID_INPUT', `${flags.join(', ')} belong to the ${other.id} route, not ${(named ?? flagged[0])?.id}.`, 'Give the flags of one route only.');
  }
  const route = named ?? flagged[0] ?? consoleRoute(storedVia ?? 'password');
  const routeValues: Record<string, string | boolean> = {};
  for (const option of route.options) {
    const raw = values[option.cli.flag];
    if (option.kind === 'text' && typeof raw === 'string') routeValues[option.name] = raw;
    if (option.kind === 'remember' && raw === true) routeValues[option.name] = true;
    if (option.kind !== 'secret') continue;
    if (raw === true) routeValues[option.name] = await secretFromStdin(io, option);
    else if (option.env && io.env[option.env]) routeValues[option.name] = io.env[option.env] as string;
  }
  if (!named && flagged.length === 0 && Object.keys(routeValues).length === 0) return undefined;
  return { via: route.id, ...(Object.keys(routeValues).length > 0 ? { values: routeValues } : {}) };
}

/** Asks on the terminal when no secret may be used; without a terminal, exit 3 with the reason. */
export function askOnTerminal(io: CliIo): AskSecret {
  return async (option, reason) => {
    const what = option.label.toLowerCase();
    if (!io.stdinIsTTY) throw new AppError('NEEDS_PASSWORD', `The ${what} is needed. ${reason}`, remedyFor(option));
    io.stderr(`${reason}\n`);
    const typed = await io.promptHidden(option.ask?.prompt ?? `${option.label}: `);
    if (!typed) throw new AppError('NEEDS_PASSWORD', `No ${what} was entered.`, `Run again and type the ${what}.`);
    return typed;
  };
}

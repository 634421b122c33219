import { channels, type Channel } from '../../shared/channels';
import { contract, type ParsedRequestOf, type RequestOf, type ResponseOf } from '../../shared/contract';
import { AppError, type AppErrorShape, type Envelope } from '../../shared/errors';
import { printableLines } from '../../shared/printable';
import { describeIssues } from '../validation';

export interface CallContext {
  /** The webContents id (Electron), or a synthetic id for the CLI and the test harness. */
  senderId: number;
}

export type Handler<C extends Channel> = (
  request: ParsedRequestOf<C>,
  context: CallContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type HandlerTable = { [C in Channel]: Handler<C> };

/** The set of senders allowed to call any channel. Only the app's own window is ever added. */
export class TrustedSenders {
  readonly #ids = new Set<number>();
  add(id: number): void {
    this.#ids.add(id);
  }
  delete(id: number): void {
    this.#ids.delete(id);
  }
  has(id: number): boolean {
    return this.#ids.has(id);
  }
}

export type Dispatch = (senderId: number, channel: unknown, payload: unknown) => Promise<Envelope<unknown>>;

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (channels as readonly string[]).includes(value);
}

function toErrorShape(error: unknown, channel: Channel): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  // Unknown errors may carry anything (paths, values, secrets): the admin gets a generic, safe sentence.
  return {
    code: 'INTERNAL',
    message: `"${channel}" failed unexpectedly.`,
    remedy: 'Try again. If it keeps failing, restart the app and report the steps that led here.',
  };
}

/**
 * Validates and runs one call against the table: parse the request, run the handler, parse the response.
 * No sender check: this is the path the CLI and the tests take directly.
 */
/** Told about every unexpected (non-AppError) failure, which the caller only sees as a generic INTERNAL error. */
export type UnexpectedErrorReporter = (channel: Channel, error: unknown) => void;

export async function invokeChannel(
  table: HandlerTable,
  channel: unknown,
  payload: unknown,
  context: CallContext,
  onUnexpected?: UnexpectedErrorReporter,
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'No such channel.', remedy: 'Update the app: the window and the main process disagree about the contract.' } };
  }
  const spec = contract[channel];
  const request = spec.request.safeParse(payload);
  if (!request.success) {
    return {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `Malformed request on "${channel}": ${describeIssues(request.error)}.`,
        remedy: 'This is a bug in the caller; nothing was changed.',
      },
    };
  }
  let value: unknown;
  try {
    const handler = table[channel] as (request: unknown, context: CallContext) => unknown;
    value = await handler(request.data, context);
  } catch (error) {
    if (!(error instanceof AppError)) onUnexpected?.(channel, error);
    return { ok: false, error: toErrorShape(error, channel) };
  }
  const response = spec.response.safeParse(value);
  if (!response.success) {
    return {
      ok: false,
      error: { code: 'BAD_RESPONSE', message: `"${channel}" produced an answer outside the contract.`, remedy: 'This is a bug in the app; report it.' },
    };
  }
  return { ok: true, value: response.data };
}

/**
 * Every string the window is answered with, keys included (a page names some), passes the one printable rule: a
 * console's titles, a page's values, a bundle's reasons and a profile file's label cannot reorder or hide what the
 * window shows (issue 22). Line breaks stay, for the scripts and keys the window shows as text.
 */
function printableAnswer(value: unknown): unknown {
  if (typeof value === 'string') return printableLines(value);
  if (Array.isArray(value)) return value.map(printableAnswer);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [printableLines(key), printableAnswer(inner)]));
  return value;
}

/** The guarded entry for IPC: untrusted senders are refused before anything is parsed. */
export function createDispatcher(table: HandlerTable, trusted: TrustedSenders, onUnexpected?: UnexpectedErrorReporter): Dispatch {
  return async (senderId, channel, payload) => {
    if (!trusted.has(senderId)) {
      return {
        ok: false,
        error: { code: 'UNTRUSTED_SENDER', message: 'This page may not talk to the app.', remedy: 'Only the app’s own window can use its functions.' },
      };
    }
    return printableAnswer(await invokeChannel(table, channel, payload, { senderId }, onUnexpected)) as Envelope<unknown>;
  };
}

/** Typed convenience over invokeChannel for in-process callers (the CLI): the value, or a thrown AppError. */
export async function callChannel<C extends Channel>(
  table: HandlerTable,
  channel: C,
  request: RequestOf<C>,
  context: CallContext,
): Promise<ResponseOf<C>> {
  const envelope = await invokeChannel(table, channel, request, context);
  if (envelope.ok) return envelope.value as ResponseOf<C>;
  throw AppError.fromShape(envelope.error);
}

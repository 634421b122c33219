import { AppError } from '../../shared/errors';

/** What a CLI command may touch, injected so commands run the same in tests as in a terminal. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdin is a terminal (then secrets are prompted for without echo). */
  stdinIsTTY: boolean;
  /** All of stdin, as UTF-8 (bounded). */
  readStdin: () => Promise<string>;
  /** Asks on the terminal without echoing what is typed. */
  promptHidden: (question: string) => Promise<string>;
  /**
   * Calls `handler` on SIGINT or SIGTERM instead of the default exit, until the returned function is called, so a
   * command can close what it opened (a browser) and end with its own code. A second signal exits at once.
   */
  onInterrupt?: (handler: (signal: InterruptSignal) => void) => () => void;
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a process ended by a signal, as shells report it. */
export const INTERRUPT_EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

function onProcessInterrupt(handler: (signal: InterruptSignal) => void): () => void {
  let received = false;
  const listener = (signal: InterruptSignal) => {
    if (received) process.exit(INTERRUPT_EXIT[signal]);
    received = true;
    handler(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

const MAX_STDIN_BYTES = 1024 * 1024;

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new AppError('INVALID_INPUT', 'More than 1 MiB arrived on standard input.', 'Pipe only the value itself.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal in raw mode, echoing nothing; Ctrl-C aborts. */
function promptWithoutEcho(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.reject(new AppError('INVALID_INPUT', 'No terminal to ask on.', 'Pipe the value on standard input instead.'));
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new AppError('INVALID_INPUT', 'Cancelled.', 'Run the command again when ready.'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    readStdin: readAllStdin,
    promptHidden: promptWithoutEcho,
    onInterrupt: onProcessInterrupt,
  };
}

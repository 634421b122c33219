import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogSink {
  write(line: string): void;
}

/** Runs of 32+ token characters (JWTs, base64, hex keys) — redacted even when nobody said they were secret. */
const TOKEN_LIKE = /[A-Za-z0-9+/_~.=-]{32,}/g;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Shorter values are too likely to occur by chance in ordinary text to be matched by value. */
const MIN_TOLD_LENGTH = 8;

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The one logger of main and CLI. It redacts every secret it has been told about — matched by value, while keeping
 * only their SHA-256 digests, never the secrets themselves — and any long token-looking string.
 */
export class Logger {
  readonly #sink: LogSink;
  readonly #now: () => Date;
  /** length → digests of the told secrets of that length. */
  readonly #told = new Map<number, Set<string>>();

  constructor(sink: LogSink, now: () => Date = () => new Date()) {
    this.#sink = sink;
    this.#now = now;
  }

  /** Remember a value as secret (by digest) so it never appears in a log line. */
  told(secret: string): void {
    if (secret.length < MIN_TOLD_LENGTH) return;
    let digests = this.#told.get(secret.length);
    if (!digests) this.#told.set(secret.length, (digests = new Set()));
    digests.add(digest(secret));
  }

  redact(text: string): string {
    let result = text;
    for (const [length, digests] of this.#told) {
      let out = '';
      let i = 0;
      while (i <= result.length - length) {
        if (digests.has(digest(result.slice(i, i + length)))) {
          out += `[secret:${length} chars]`;
          i += length;
        } else {
          out += result[i];
          i += 1;
        }
      }
      result = out + result.slice(i);
    }
    return result.replace(TOKEN_LIKE, (run) => (GUID.test(run) ? run : `[redacted:${run.length} chars]`));
  }

  log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    const line = JSON.stringify({ at: this.#now().toISOString(), level, message, ...fields });
    this.#sink.write(this.redact(line));
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }
}

/** Appends one line per entry to `<dataDir>/logs/ads-setup.log` (0600). */
export function fileSink(dataDir: string): LogSink {
  const dir = path.join(dataDir, 'logs');
  const file = path.join(dir, 'ads-setup.log');
  return {
    write(line) {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        appendFileSync(file, `${line}\n`, { mode: 0o600 });
      } catch {
        // A log that cannot be written must never break the work it describes.
      }
    },
  };
}

/** Describes a caught error for the log: its class and message, redacted by the logger like everything else. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.name, detail: error.message, code: (error as { code?: unknown }).code };
  return { error: typeof error };
}

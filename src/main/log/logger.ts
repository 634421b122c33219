import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { GUID } from '../../shared/identifiers';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogSink {
  write(line: string): void;
}

/** Runs of 32+ token characters (JWTs, base64, hex keys) — redacted even when nobody said they were secret. */
const TOKEN_LIKE = /[A-Za-z0-9+/_~.=-]{32,}/g;
/** Shorter values are too likely to occur by chance in ordinary text to be matched by value. */
const MIN_TOLD_LENGTH = 4;

/** JSON's escaping of a string, without the quotes: how the value appears inside a JSON log line. */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Every form in which a secret can reach a log line: as is, URL-encoded (a query or form body), and each of those
 * JSON-escaped once (a field of the line) or twice (a JSON body quoted inside a field).
 */
export function secretForms(secret: string): string[] {
  const plain = [secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)];
  const forms = new Set<string>();
  for (const form of plain) {
    forms.add(form);
    forms.add(jsonEscaped(form));
    forms.add(jsonEscaped(jsonEscaped(form)));
  }
  return [...forms].filter((form) => form.length >= MIN_TOLD_LENGTH);
}

/**
 * The one logger of main and CLI. It redacts every secret it has been told about, in every form it can take in a
 * line — matched by value while keeping only keyed digests (HMAC under a key made per process), never the secrets
 * themselves nor a digest anyone could check a guess against — and any long token-looking string.
 */
export class Logger {
  readonly #sink: LogSink;
  readonly #now: () => Date;
  readonly #key = randomBytes(32);
  /** length → keyed digests of the told secrets' forms of that length. */
  readonly #told = new Map<number, Set<string>>();

  constructor(sink: LogSink, now: () => Date = () => new Date()) {
    this.#sink = sink;
    this.#now = now;
  }

  /** Remember a value as secret (by digest) so it never appears in a log line. */
  told(secret: string): void {
    for (const form of secretForms(secret)) {
      let digests = this.#told.get(form.length);
      if (!digests) this.#told.set(form.length, (digests = new Set()));
      digests.add(this.#digest(form));
    }
  }

  #digest(text: string): string {
    return createHmac('sha256', this.#key).update(text, 'utf8').digest('base64');
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a long form is replaced whole before a shorter form of the same secret could split it.
    for (const [length, digests] of [...this.#told].sort(([a], [b]) => b - a)) {
      let out = '';
      let i = 0;
      while (i <= result.length - length) {
        if (digests.has(this.#digest(result.slice(i, i + length)))) {
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

/**
 * Waiting out Graph's passing answers, on an injected clock (tests pass their own; nothing waits on real time there).
 * Throttling and outages (429, 503): Graph says when to come back in Retry-After (microsoft-graph-docs-contrib
 * concepts/errors.md and throttling.md), and GraphClient repeats the call a few times. Replication: replication.ts.
 */

export type Wait = (ms: number) => Promise<void>;

export const realWait: Wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many times one call is repeated after 429/503, and the longest Retry-After honoured (then the wait is capped). */
export const TRANSIENT_RETRIES = 3;
const MAX_RETRY_AFTER_MS = 60_000;

/** The wait before repeating a 429/503 answer: its Retry-After (seconds or an HTTP date), else 2, 4, 8 s. */
export function retryAfterMs(header: string | undefined, attempt: number, now: number = Date.now()): number {
  const fallback = 2_000 * 2 ** attempt;
  if (!header) return fallback;
  const seconds = /^\s*(\d+)\s*$/.exec(header);
  const ms = seconds ? Number(seconds[1]) * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return fallback;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

import type { ExtractAnswer, FoundValue, PrefillAnswer } from './page-protocol';
import type { FrameOutcome } from './browser';
import type { CheckResult, FoundValues, Provider, ProviderField } from './providers/types';
import { acceptValue } from './values';

export interface ReadValue {
  value: string;
  masked: boolean;
  origin: string;
  source: 'page' | 'pick';
}

export interface ReadResult {
  values: Map<ProviderField['key'], ReadValue>;
  rejected: Map<ProviderField['key'], string>;
}

function isExtractAnswer(value: unknown): value is ExtractAnswer {
  return typeof value === 'object' && value !== null && (value as { mode?: unknown }).mode === 'extract' && typeof (value as { values?: unknown }).values === 'object';
}

export function isPrefillAnswer(value: unknown): value is PrefillAnswer {
  return typeof value === 'object' && value !== null && (value as { mode?: unknown }).mode === 'prefill';
}

function isFoundValue(value: unknown): value is FoundValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['value'] === 'string' && typeof v['tooLong'] === 'boolean' && typeof v['masked'] === 'boolean';
}

/**
 * Folds one found value into what a flow already has: a real value beats a masked one, an earlier real value is
 * kept, and a refused value is remembered (by reason only) until a good one arrives.
 */
export function mergeValue(into: ReadResult, field: ProviderField, found: unknown, origin: string, source: 'page' | 'pick'): void {
  if (!isFoundValue(found)) return;
  const accepted = acceptValue(field.kind, found, field.maxLength);
  const existing = into.values.get(field.key);
  if (!accepted.ok) {
    if (!existing) into.rejected.set(field.key, accepted.reason);
    return;
  }
  if (existing && source === 'page' && (!existing.masked || found.masked)) return;
  into.values.set(field.key, { value: accepted.value, masked: found.masked, origin, source });
  into.rejected.delete(field.key);
}

/** Merges every trusted frame's extraction answer (top frame first). */
export function mergeExtraction(provider: Provider, outcomes: readonly FrameOutcome[], into: ReadResult): void {
  for (const outcome of outcomes) {
    if (!outcome.ok || !isExtractAnswer(outcome.value)) continue;
    for (const field of provider.fields) {
      const found = outcome.value.values[field.key];
      if (found !== undefined) mergeValue(into, field, found, outcome.origin, 'page');
    }
  }
}

export function emptyRead(): ReadResult {
  return { values: new Map(), rejected: new Map() };
}

export interface Evaluation {
  values: FoundValues;
  authorityHost: string | undefined;
  checks: CheckResult[];
  /** Value fields (not decoys) still missing. */
  missing: ProviderField['key'][];
}

/** Derived values (Entra's authorize URL) and every check, from what was read. */
export function evaluate(provider: Provider, read: ReadResult, expectedCallback: string | undefined): Evaluation {
  const values: FoundValues = {};
  for (const [key, entry] of read.values) values[key] = entry.value;
  const origin = read.values.get('appId')?.origin ?? read.values.get('clientSecret')?.origin;
  const context = { expectedCallback, origin };
  const { authorityHost, ...derived } = provider.derive(values, context);
  const all: FoundValues = { ...derived, ...values };
  const checks = provider.checks(all, context);
  const wanted = new Set<ProviderField['key']>(provider.fields.filter((f) => f.role === 'value').map((f) => f.key));
  wanted.add('authorizeUrl');
  const missing = [...wanted].filter((key) => all[key] === undefined);
  return { values: all, authorityHost, checks, missing };
}

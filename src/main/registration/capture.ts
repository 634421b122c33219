import { pageAnswerSchema, type ExtractAnswer, type FoundValue, type PageAnswer } from '../../shared/page-protocol';
import type { ReadBack } from '../../shared/registration';
import type { FrameOutcome } from './browser';
import { originOf } from '../../shared/origin';
import { isGuid } from './providers/common';
import type { AudienceDecision, CheckResult, FoundValues, Provider, ProviderField } from './providers/types';
import { acceptValue } from './values';

/** Whose values a capture holds: one app (its id from the page address) or, for an address naming none, one page. */
export type Subject = `app:${string}` | `page:${string}`;

export interface ReadValue {
  value: string;
  masked: boolean;
  origin: string;
  source: 'page' | 'pick';
}

export interface ReadResult {
  values: Map<ProviderField['key'], ReadValue>;
  rejected: Map<ProviderField['key'], string>;
  /** The one app (or page) every value here was read from; null while empty. */
  subject: Subject | null;
  /** What the app's own pages said of its settings (an app's pages only), each fact from its latest reading. */
  readBack: ReadBack;
  /** The read-backs seen last, per frame (their fingerprints): the watch answers when one changes. */
  readBackSeen: string[];
}

export function emptyRead(): ReadResult {
  return { values: new Map(), rejected: new Map(), subject: null, readBack: {}, readBackSeen: [] };
}

/** Drops every value: the page moved to another app. */
export function startOver(read: ReadResult, subject: Subject | null): void {
  read.values.clear();
  read.rejected.clear();
  read.readBack = {};
  read.readBackSeen = [];
  read.subject = subject;
}

export function subjectOf(provider: Pick<Provider, 'appIdFromUrl'>, url: string): Subject {
  const appId = provider.appIdFromUrl(url);
  if (appId !== null) return `app:${appId}`;
  try {
    const parsed = new URL(url);
    return `page:${parsed.origin}${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return `page:${url}`;
  }
}

/**
 * A frame's answer, parsed (it comes from a web page) and only if it comes from the document that was checked:
 * the origin the runner checked before running the script must be the origin the script ran in. A frame that
 * navigated in between (SSO, a redirect) answers from another origin, and its answer is dropped.
 */
export function trustedAnswer<M extends PageAnswer['mode']>(outcome: FrameOutcome, mode: M): Extract<PageAnswer, { mode: M }> | null {
  if (!outcome.ok) return null;
  const parsed = pageAnswerSchema.safeParse(outcome.value);
  if (!parsed.success || parsed.data.mode !== mode) return null;
  const answer = parsed.data as Extract<PageAnswer, { mode: M }>;
  if (answer.origin !== outcome.origin || originOf(answer.url) !== outcome.origin) return null;
  return answer;
}

export type MergeEffect = 'kept' | 'merged' | 'started-over' | 'rejected';

/**
 * Folds one found value, read under `subject`, into the capture. A value of another subject starts the capture over
 * (one app only); an App ID that differs from the one the page address names is refused; a different App ID on the
 * same page means the page now shows another app, so the capture starts over too. A masked value never replaces a
 * real one, a page value never replaces a picked one; otherwise the latest reading wins (a regenerated secret).
 */
export function mergeValue(into: ReadResult, field: ProviderField, found: FoundValue, meta: { origin: string; source: 'page' | 'pick'; subject: Subject }): MergeEffect {
  let effect: MergeEffect = 'merged';
  if (into.subject !== meta.subject) {
    if (into.subject !== null && (into.values.size > 0 || into.rejected.size > 0)) effect = 'started-over';
    startOver(into, meta.subject);
  }
  const accepted = acceptValue(field.kind, found, field.maxLength);
  // Another app's App ID (a GUID that is not the one in the address); a value that is no GUID at all is left to the checks.
  if (accepted.ok && field.key === 'appId' && meta.subject.startsWith('app:') && isGuid(accepted.value) && accepted.value.toLowerCase() !== meta.subject.slice(4)) {
    if (!into.values.has(field.key)) into.rejected.set(field.key, 'The page shows the App ID of another app than the one its address names; open the app’s own page again.');
    return 'rejected';
  }
  const existing = into.values.get(field.key);
  if (!accepted.ok) {
    if (!existing) into.rejected.set(field.key, accepted.reason);
    return effect === 'started-over' ? effect : 'rejected';
  }
  if (existing && !existing.masked && found.masked) return 'kept';
  if (existing && existing.source === 'pick' && meta.source === 'page') return 'kept';
  if (field.key === 'appId' && existing && !existing.masked && existing.value.toLowerCase() !== accepted.value.toLowerCase()) {
    startOver(into, meta.subject);
    effect = 'started-over';
  }
  into.values.set(field.key, { value: accepted.value, masked: found.masked, origin: meta.origin, source: meta.source });
  into.rejected.delete(field.key);
  return effect;
}

/** Decides, for one extraction answer, the subject its values belong to — or null to drop the answer (stale). */
export type SubjectFor = (answer: ExtractAnswer) => Subject | null;

/**
 * Merges every trusted frame's extraction answer. Values of one answer are folded App ID first, so a page that
 * shows another app starts over before its other values are taken. Returns what happened, for the admin's notice.
 */
export function mergeExtraction(provider: Provider, outcomes: readonly FrameOutcome[], into: ReadResult, subjectFor: SubjectFor): { startedOver: boolean; ambiguous: ProviderField['key'][] } {
  let startedOver = false;
  const ambiguous = new Set<ProviderField['key']>();
  for (const outcome of outcomes) {
    const answer = trustedAnswer(outcome, 'extract');
    if (!answer) continue;
    const subject = subjectFor(answer);
    if (subject === null) continue;
    const fields = [...provider.fields].sort((a, b) => Number(b.key === 'appId') - Number(a.key === 'appId'));
    for (const field of fields) {
      if (answer.ambiguous.includes(field.key)) ambiguous.add(field.key);
      const found = answer.values[field.key];
      if (found !== undefined && mergeValue(into, field, found, { origin: outcome.origin, source: 'page', subject }) === 'started-over') startedOver = true;
    }
    if (answer.readBack && provider.readBack && mergeReadBack(into, provider.readBack.interpret(answer.readBack), subject)) startedOver = true;
  }
  into.readBackSeen = outcomes.flatMap((outcome) => trustedAnswer(outcome, 'extract')?.readBack?.fingerprint ?? []);
  return { startedOver, ambiguous: [...ambiguous] };
}

/**
 * Folds what one page said of the app's settings into the capture: only an app's own pages count (a register form's
 * defaults are no app's settings), and a page about another app starts the capture over. True when it did.
 */
function mergeReadBack(into: ReadResult, facts: ReadBack, subject: Subject): boolean {
  if (!subject.startsWith('app:') || Object.keys(facts).length === 0) return false;
  let startedOver = false;
  if (into.subject !== subject) {
    startedOver = into.subject !== null && (into.values.size > 0 || Object.keys(into.readBack).length > 0);
    startOver(into, subject);
  }
  into.readBack = { ...into.readBack, ...facts };
  return startedOver;
}

/** For one page read on its own (the CLI): every frame's values belong to the top page's subject. */
export function onePage(provider: Pick<Provider, 'appIdFromUrl'>, topUrl: string): SubjectFor {
  const subject = subjectOf(provider, topUrl);
  return () => subject;
}

export interface Evaluation {
  values: FoundValues;
  authorityHost: string | undefined;
  checks: CheckResult[];
  /** Value fields (not decoys) still missing. */
  missing: ProviderField['key'][];
}

/**
 * How the app's settings read back count: `required` for a new app (what was not read yet is pending, and holds the
 * save back), `when-read` for a page read on its own (only what it showed is checked), `off` for a new secret only.
 */
export interface EvaluateOptions {
  readBack: 'required' | 'when-read' | 'off';
  audience?: AudienceDecision;
}

/** Derived values (Entra's authorize URL) and every check, from what was read. */
export function evaluate(provider: Provider, read: ReadResult, expectedCallback: string | undefined, options: EvaluateOptions = { readBack: 'when-read' }): Evaluation {
  const values: FoundValues = {};
  for (const [key, entry] of read.values) values[key] = entry.value;
  const origin = read.values.get('appId')?.origin ?? read.values.get('clientSecret')?.origin;
  const context = { expectedCallback, origin };
  const { authorityHost, ...derived } = provider.derive(values, context);
  const all: FoundValues = { ...derived, ...values };
  const checks = provider.checks(all, context);
  if (provider.readBack && options.readBack !== 'off') {
    checks.push(...provider.readBack.checks(read.readBack, { expectedCallback, audience: options.audience, required: options.readBack === 'required' }));
  }
  const wanted = new Set<ProviderField['key']>(provider.fields.filter((f) => f.role === 'value').map((f) => f.key));
  wanted.add('authorizeUrl');
  const missing = [...wanted].filter((key) => all[key] === undefined);
  return { values: all, authorityHost, checks, missing };
}

import type { FieldQuery, FoundValue } from '../shared/page-protocol';
import { isValueInput, type Scan } from './scan';
import { isRevealFor } from './show';
import { looksMasked } from '../shared/masked-text';
import { cleanUrl, cleanValue, isDecoration, isUiWord } from './text';
import { CONTROL, flagsAt, HIDDEN, isShown, LIVE, SKIP, TOOLTIP, type Flat } from './tree';

/** One value as read: what the page holds, where, and whether it is only a placeholder or drawn concealed. */
export interface Candidate {
  value: string;
  tooLong: boolean;
  source: FoundValue['source'];
  /** Only a placeholder (dots, asterisks): the value itself is not on the page. */
  masked: boolean;
  /** The real value, drawn concealed (a password input, `-webkit-text-security`): "Show" should be pressed first. */
  concealed: boolean;
}

/** What one place on the page says about a field. */
export interface Reading {
  value: Candidate | null;
  masked: Candidate | null;
  concealed: Candidate | null;
  reveal: HTMLElement[];
}

const MAX_REGION_NODES = 400;
const MIN_SECRET_LENGTH = 8;

export function emptyReading(): Reading {
  return { value: null, masked: null, concealed: null, reveal: [] };
}

function bounded(value: string, field: FieldQuery, source: FoundValue['source'], concealed: boolean): Candidate {
  const tooLong = value.length > field.maxLength;
  const cut = tooLong ? value.slice(0, field.maxLength + 1) : value;
  return { value: cut, tooLong, source, masked: looksMasked(cut), concealed: concealed && !looksMasked(cut) };
}

function drawnConcealed(element: Element): boolean {
  if (element instanceof HTMLInputElement && element.type === 'password') return true;
  const security = (getComputedStyle(element) as CSSStyleDeclaration & { webkitTextSecurity?: string }).webkitTextSecurity;
  return security !== undefined && security !== '' && security !== 'none';
}

export function inputCandidate(input: HTMLInputElement | HTMLTextAreaElement, field: FieldQuery): Candidate {
  const raw = field.kind === 'url' ? cleanUrl(input.value) : cleanValue(input.value);
  return bounded(raw, field, 'input', drawnConcealed(input));
}

/** The highest ancestor of `at` that starts at or after `from`: the value's own container (not the label's). */
function valueContainer(flat: Flat, at: number, from: number, to: number): number {
  let container = flat.parent[at]!;
  for (let up = container; up >= from && flat.end[up]! <= to; up = flat.parent[up]!) container = up;
  return container;
}

/**
 * The text of one value starting at text node `at`. An id or a secret is one text run, joined only across `<wbr>`
 * (a long value broken for wrapping) and ending at a space. A URL may also span several elements and lines in its
 * container. A truncated text ("…") gives way to the full value in a `title`.
 */
function gatherText(scan: Scan, field: FieldQuery, at: number, from: number, to: number): { candidate: Candidate | null; next: number; containerEnd: number } {
  const { flat } = scan;
  const container = valueContainer(flat, at, from, to);
  const stop = Math.min(Math.max(flat.end[container]!, at + 1), to);
  const parentOfFirst = flat.parent[at]!;
  const holder = flat.nodes[parentOfFirst] as Element;
  if (!isShown(holder)) return { candidate: null, next: at + 1, containerEnd: stop };
  let text = '';
  let i = at;
  for (; i < stop; i++) {
    const node = flat.nodes[i]!;
    if (node.nodeType !== Node.TEXT_NODE) {
      const element = node as Element;
      if (element.tagName === 'WBR') continue;
      if (field.kind !== 'url' || flagsAt(flat, i) & SKIP || scan.labelAt.has(i) || isValueInput(element)) break;
      continue;
    }
    if (flagsAt(flat, i) & SKIP || scan.labelAt.has(i)) break;
    if (field.kind !== 'url' && flat.parent[i] !== parentOfFirst) break;
    if (field.kind === 'url' && i !== at && !isShown(flat.nodes[flat.parent[i]!] as Element)) continue;
    const raw = node.nodeValue ?? '';
    if (field.kind === 'url') {
      if (i !== at && isUiWord(raw)) break;
      text += raw;
    } else {
      const trimmed = i === at ? raw.trim() : raw;
      if (i !== at && /^\s/.test(raw)) break;
      const word = i === at ? trimmed : (/^\S+/.exec(raw)?.[0] ?? '');
      text += word;
      if (i !== at && word.length < raw.trim().length) {
        i++;
        break;
      }
    }
    if (text.length > field.maxLength + 1) break;
  }
  let value = field.kind === 'url' ? cleanUrl(text) : cleanValue(text);
  if (/…|\.\.\.$/.test(value)) {
    const prefix = value.replace(/(…|\.\.\.).*$/, '');
    for (let up: Element | null = holder, depth = 0; up && depth < 3; up = up.parentElement, depth++) {
      const title = up.getAttribute('title') ?? '';
      if (title.length > prefix.length && cleanUrl(title).startsWith(prefix)) {
        value = field.kind === 'url' ? cleanUrl(title) : cleanValue(title);
        break;
      }
    }
  }
  return { candidate: value ? bounded(value, field, 'text', drawnConcealed(holder)) : null, next: Math.max(i, at + 1), containerEnd: stop };
}

/**
 * A URL shown cut ("https://…/authorize?client_id=8D2F…", with or without an ellipsis) beside a link that holds it
 * whole (an "open" icon, a copy link): the link's `href`, when it starts with what the text shows.
 */
function hrefExtending(scan: Scan, field: FieldQuery, text: Candidate, from: number, to: number): Candidate | null {
  const { flat } = scan;
  const shown = text.value.replace(/(…|\.\.\.).*$/, '');
  if (shown.length < 12) return null;
  for (let i = from; i < to && i < from + 60; i++) {
    const node = flat.nodes[i];
    if (!(node instanceof HTMLAnchorElement) || !/^https?:/i.test(node.href) || flagsAt(flat, i) & (HIDDEN | TOOLTIP | LIVE)) continue;
    const href = cleanUrl(node.href);
    if (href.length > shown.length && href.startsWith(shown)) return bounded(href, field, 'href', false);
  }
  return null;
}

function isHeading(element: Element): boolean {
  return /^H[1-6]$/.test(element.tagName) || element.getAttribute('role') === 'heading';
}

/** Judges one candidate for a field; returns true when the region has its answer. */
function take(reading: Reading, fallback: { value: Candidate | null }, candidate: Candidate, field: FieldQuery, prefer: RegExp | null): boolean {
  const value = candidate.value;
  if (candidate.masked) {
    if (field.kind === 'secret') reading.masked ??= candidate;
    return false;
  }
  if (value.length === 0 || isDecoration(value) || isUiWord(value)) return false;
  if (field.kind === 'url') {
    if (!/^https?:\/\//i.test(value)) return false;
    if (/…|\.\.\.$/.test(value)) {
      fallback.value ??= candidate;
      return false;
    }
    reading.value = candidate;
    return true;
  }
  // Ids and secrets have no spaces: spaced text is a caption ("Not available", a hint). An input's value is no
  // caption: it is returned as it is (and refused by the checks if it is no id).
  if (/\s/.test(value) && candidate.source !== 'input') return false;
  if (field.kind === 'secret') {
    if (value.length < MIN_SECRET_LENGTH && !candidate.tooLong) return false;
    if (candidate.concealed) {
      reading.concealed ??= candidate;
      return true;
    }
  }
  if (prefer && !prefer.test(value)) {
    fallback.value ??= candidate;
    return false;
  }
  reading.value = candidate;
  return true;
}

/** A value written in the label's own text ("Client ID: 6f3c…"), judged like any other. */
export function readInline(field: FieldQuery, text: string): Reading {
  const reading = emptyReading();
  const fallback: { value: Candidate | null } = { value: null };
  const value = field.kind === 'url' ? cleanUrl(text) : (cleanValue(text).split(/\s+/)[0] ?? '');
  if (value) take(reading, fallback, bounded(value, field, 'text', false), field, preferOf(field));
  if (!reading.value && fallback.value) reading.value = fallback.value;
  return reading;
}

export function preferOf(field: FieldQuery): RegExp | null {
  try {
    return field.prefer ? new RegExp(field.prefer, 'i') : null;
  } catch {
    return null;
  }
}

/**
 * Reads a field's value in flat range [from, to): the first value-like thing in reading order. With `label` set,
 * the range is a label's region: it ends at the next label or heading. A masked or concealed secret settles the
 * value; after it only its "Show" control is looked for, and text beyond its container means the next row began.
 */
export function readRange(scan: Scan, field: FieldQuery, from: number, to: number, label: number | null): Reading {
  const { flat } = scan;
  const reading = emptyReading();
  const fallback: { value: Candidate | null } = { value: null };
  const prefer = preferOf(field);
  let settledAt = -1;
  let steps = 0;
  for (let i = from; i < to && steps++ < MAX_REGION_NODES; i++) {
    const node = flat.nodes[i]!;
    const flags = flagsAt(flat, i);
    if (node.nodeType === Node.TEXT_NODE) {
      if (flags & SKIP) continue;
      // A label's own text is never a value; in a label's region, another label ends it.
      if (scan.labelAt.has(i)) {
        if (label !== null) break;
        continue;
      }
      const raw = node.nodeValue ?? '';
      if (raw.trim() === '') continue;
      if (settledAt >= 0) {
        if (label !== null && i >= settledAt && !isDecoration(raw) && !isUiWord(raw)) break;
        continue;
      }
      const { candidate: text, next, containerEnd } = gatherText(scan, field, i, from, to);
      const candidate = text && field.kind === 'url' ? (hrefExtending(scan, field, text, i, containerEnd) ?? text) : text;
      if (candidate && take(reading, fallback, candidate, field, prefer) && reading.value) break;
      if (reading.masked || reading.concealed) settledAt = containerEnd;
      i = Math.max(i, next - 1);
      continue;
    }
    const element = node as Element;
    if (flags & (HIDDEN | TOOLTIP | LIVE)) {
      i = flat.end[i]! - 1;
      continue;
    }
    // A control, or a link used as one ("Show" as <a href="#">): a Show control for this field is noted, never read.
    if (flags & CONTROL || (element.tagName === 'A' && field.reveal && element instanceof HTMLElement && isRevealFor(scan, element, field))) {
      if (field.reveal && element instanceof HTMLElement && isRevealFor(scan, element, field)) reading.reveal.push(element);
      i = flat.end[i]! - 1;
      continue;
    }
    if (scan.labelAt.has(i) && i !== label) {
      if (label !== null) break;
      i = flat.end[i]! - 1;
      continue;
    }
    if (label !== null && isHeading(element)) break;
    if (settledAt >= 0) continue;
    if (isValueInput(element)) {
      if (isShown(element)) {
        if (take(reading, fallback, inputCandidate(element, field), field, prefer) && reading.value) break;
        if (reading.masked || reading.concealed) settledAt = flat.end[i]!;
      }
      i = flat.end[i]! - 1;
      continue;
    }
    if (field.kind === 'url' && element instanceof HTMLAnchorElement && /^https?:/i.test(element.href) && isShown(element)) {
      if (take(reading, fallback, bounded(cleanUrl(element.href), field, 'href', false), field, prefer)) break;
      i = flat.end[i]! - 1;
    }
  }
  if (!reading.value && !reading.concealed && fallback.value) reading.value = fallback.value;
  return reading;
}

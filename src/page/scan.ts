import type { FieldQuery } from '../shared/page-protocol';
import { captionOf, referencedText } from './names';
import { labelKey } from './text';
import { AFTER_FRAME, MAY_PAUSE, PAUSE_EVERY, runNow, type Steps } from './slices';
import { CONTROL, flagsAt, flattenSteps, HIDDEN, isShown, queryFlat, SKIP, type Flat } from './tree';

/** What a label key names: a field (its key) or a neighbour's caption that only ends a region. */
export const BOUNDARY = '#boundary';
export const NEVER = '#never';

const MAX_LABEL_TEXT = 200;
const VALUE_INPUT_TYPES = new Set(['text', 'password', 'url', 'email', 'search', 'tel', '']);
/**
 * The first three ASCII letters or digits of a text, lower-cased ("Client ID" → "cli"), or null when a non-ASCII
 * character comes first (no quick answer then). A character loop, no regular expression: it runs per text node.
 */
function leadingKey(text: string): string | null {
  let lead = '';
  for (let i = 0; i < text.length && lead.length < 3; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) return null;
    const lower = code | 32;
    if (lower >= 97 && lower <= 122) lead += String.fromCharCode(lower);
    else if (code >= 48 && code <= 57) lead += text.charAt(i);
  }
  return lead;
}

/** Every run of up to three characters at the start of (`starts`) or anywhere in (`inside`) the keys. */
function keyGrams(keys: readonly string[]): { starts: Set<string>; inside: Set<string> } {
  const starts = new Set<string>();
  const inside = new Set<string>();
  for (const key of keys) {
    starts.add(key.slice(0, 3));
    for (let i = 0; i < key.length; i++) for (let n = 1; n <= 3 && i + n <= key.length; n++) inside.add(key.slice(i, i + n));
  }
  return { starts, inside };
}

export function isValueInput(element: Element): element is HTMLInputElement | HTMLTextAreaElement {
  if (element instanceof HTMLTextAreaElement) return true;
  return element instanceof HTMLInputElement && VALUE_INPUT_TYPES.has(element.type);
}

/**
 * One scan's view of the page: the flat tree, every label found (by visible text or by attribute) and every value
 * holder named through ARIA or `<label for>`. Built once and shared by every field (big pages must stay fast).
 */
export interface Scan {
  flat: Flat;
  fields: readonly FieldQuery[];
  /** Label key → owner (a field key, BOUNDARY or NEVER). */
  owners: Map<string, string>;
  /** Flat index of a visible label element (or text node) → owner. */
  labelAt: Map<number, string>;
  /** Labels written with their value in one text node ("Client ID: 6f3c…"): the text after the colon. */
  inline: Map<number, string>;
  /** Elements whose aria-label / title names an owner (containers or captions, never controls). */
  attrLabels: { at: number; owner: string }[];
  /** Value holders (inputs, text boxes) whose accessible name is a label, by owner. */
  holders: { at: number; owner: string }[];
  /** Flat indexes of elements that are the target of an aria-labelledby or `<label for>`. */
  referenced: number[];
}

/**
 * Builds the scan in slices: the walk first (structure only), then, once the page has rendered a frame (so reading
 * styles and layout costs no forced layout of the whole page), the labels and the named elements.
 */
export function* scanSteps(fields: readonly FieldQuery[], boundaryLabels: readonly string[], neverFrom: readonly string[]): Steps<Scan> {
  const owners = new Map<string, string>();
  for (const label of boundaryLabels) owners.set(labelKey(label), BOUNDARY);
  for (const label of neverFrom) owners.set(labelKey(label), NEVER);
  for (const field of fields) for (const label of field.labels) owners.set(labelKey(label), field.key);
  owners.delete('');
  const flat = yield* flattenSteps();
  const scan: Scan = { flat, fields, owners, labelAt: new Map(), inline: new Map(), attrLabels: [], holders: [], referenced: [] };
  yield AFTER_FRAME;
  yield* indexTextLabels(scan);
  yield* indexNamedElements(scan);
  return scan;
}

/** The same scan at once, for small pages (a register form). */
export function buildScan(fields: readonly FieldQuery[], boundaryLabels: readonly string[], neverFrom: readonly string[]): Scan {
  return runNow(scanSteps(fields, boundaryLabels, neverFrom));
}

/** Visible labels: a text node whose text is a label, climbing to the largest element that says just that. */
function* indexTextLabels(scan: Scan): Steps<void> {
  const { flat, owners } = scan;
  // Every key in one string: "is this text part of some label?" is one native search, not one per label.
  const allKeys = `\u0001${[...owners.keys()].join('\u0001')}\u0001`;
  // Plain-ASCII text is no label when its first three letters start no key, unless it may be part of a split label
  // (it shares its parent with other nodes) and they occur in some key. Most of a page's text ends here.
  const grams = keyGrams([...owners.keys()]);
  let seen = 0;
  for (const i of flat.texts) {
    if ((++seen & PAUSE_EVERY) === 0) yield MAY_PAUSE;
    const node = flat.nodes[i]!;
    const raw = node.nodeValue ?? '';
    if (raw.length > 8192) continue;
    const lead = leadingKey(raw);
    if (lead === '' || (lead !== null && !grams.starts.has(lead) && !(grams.inside.has(lead) && (node.previousSibling || node.nextSibling)))) continue;
    const key = raw.length > MAX_LABEL_TEXT ? '' : labelKey(raw);
    let at = -1;
    let owner = key ? owners.get(key) : undefined;
    // Flags only for what reads like a label (they cost DOM reads): hidden, control and tooltip text is none.
    if (owner !== undefined) {
      if (flagsAt(flat, i) & SKIP) continue;
      at = climb(flat, i, key);
    } else if (key.length >= 2 && allKeys.includes(key)) {
      if (flagsAt(flat, i) & SKIP) continue;
      // A label split over several nodes ("Client <b>secret</b>"): the nearest ancestor that reads as one.
      for (let up = flat.parent[i]!, depth = 0; up >= 0 && depth < 3; up = flat.parent[up]!, depth++) {
        if (flagsAt(flat, up) & SKIP) break;
        const joined = labelKey(captionOf(flat, up, MAX_LABEL_TEXT));
        if (joined.length > 120) break;
        owner = owners.get(joined);
        if (owner !== undefined) {
          at = climb(flat, up, joined);
          break;
        }
      }
    }
    if (at < 0 && owner === undefined) {
      // "Label: value" in one text node.
      const colon = raw.includes(':') || raw.includes('：') ? /^([^:：]{1,80})[:：]\s*(\S[\s\S]*)$/.exec(raw) : null;
      const inlineOwner = colon ? owners.get(labelKey(colon[1]!)) : undefined;
      if (colon && inlineOwner !== undefined && !(flagsAt(flat, i) & SKIP)) {
        const parent = flat.nodes[flat.parent[i]!];
        if (parent instanceof Element && isShown(parent)) {
          scan.labelAt.set(i, inlineOwner);
          scan.inline.set(i, colon[2]!);
        }
      }
      continue;
    }
    if (at < 0 || owner === undefined || scan.labelAt.has(at)) continue;
    const element = flat.nodes[at]!.nodeType === Node.TEXT_NODE ? flat.nodes[flat.parent[at]!]! : flat.nodes[at]!;
    if (element instanceof Element && !isShown(element)) continue;
    scan.labelAt.set(at, owner);
  }
}

/**
 * From a node whose text is the label up to the largest element (at most four levels) that holds just that label:
 * the label's container, so a region starts after its ":" separator and required marker. An ancestor that also
 * holds an input, a control or a link is the row, not the label; a text node that shares its parent with other text
 * ("App ID: <span>…</span>") stays the label itself.
 */
function climb(flat: Flat, at: number, key: string): number {
  let best = at;
  let up = flat.nodes[at]!.nodeType === Node.TEXT_NODE ? flat.parent[at]! : flat.parent[at]!;
  if (flat.nodes[at]!.nodeType !== Node.TEXT_NODE) best = at;
  for (let depth = 0; up >= 0 && depth < 4; up = flat.parent[up]!, depth++) {
    if (flagsAt(flat, up) & (SKIP & ~HIDDEN) || labelKey(captionOf(flat, up, MAX_LABEL_TEXT)) !== key || holdsMore(flat, up, best)) break;
    best = up;
  }
  return best;
}

/** Does the element at `outer` hold an input, a control or a link outside `inner`'s subtree? */
function holdsMore(flat: Flat, outer: number, inner: number): boolean {
  for (let i = outer + 1; i < flat.end[outer]!; i++) {
    if (i === inner) {
      i = flat.end[inner]! - 1;
      continue;
    }
    const node = flat.nodes[i]!;
    if (node instanceof Element && (flagsAt(flat, i) & CONTROL || node.tagName === 'INPUT' || node.tagName === 'TEXTAREA' || node.tagName === 'A' || node.tagName === 'IMG')) return true;
  }
  return false;
}

/** Labels carried by attributes, and inputs or text boxes whose accessible name is a label. */
function* indexNamedElements(scan: Scan): Steps<void> {
  const { flat, owners } = scan;
  let seen = 0;
  for (const element of queryFlat(flat, 'input,textarea,[role=textbox],[aria-labelledby],[aria-label],[title]', false)) {
    if ((++seen & PAUSE_EVERY) === 0) yield MAY_PAUSE;
    const at = flat.index.get(element)!;
    if (flagsAt(flat, at) & CONTROL) continue;
    const names: string[] = [];
    // A header cell names its column, it holds no value (Fluent labels the title span by the name span inside it).
    if (element.closest('[role=columnheader],[role=rowheader],th')) continue;
    let labelledBy = referencedText(element, 'aria-labelledby');
    if (labelledBy) {
      const root = element.getRootNode() as Document | ShadowRoot;
      const targets = (element.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => (id ? root.getElementById?.(id) : null));
      if (targets.some((target) => target && element.contains(target))) labelledBy = '';
      else {
        names.push(labelledBy);
        for (const target of targets) {
          const targetAt = target ? flat.index.get(target) : undefined;
          if (targetAt !== undefined) scan.referenced.push(targetAt);
        }
      }
    }
    const isHolder = isValueInput(element) || element.getAttribute('role') === 'textbox';
    if (isHolder && (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) {
      for (const label of Array.from(element.labels ?? [])) {
        names.push(label.textContent ?? '');
        const labelAt = flat.index.get(label);
        if (labelAt !== undefined) scan.referenced.push(labelAt);
      }
      if (element.placeholder && isHolder) names.push(element.placeholder);
    }
    names.push(element.getAttribute('aria-label') ?? '', element.getAttribute('title') ?? '');
    for (const name of names) {
      const owner = owners.get(labelKey(name));
      if (owner === undefined) continue;
      if (isHolder || labelledBy === name) scan.holders.push({ at, owner });
      else if (!(flagsAt(flat, at) & HIDDEN)) scan.attrLabels.push({ at, owner });
      break;
    }
  }
}

/** Is this label named by an input or text box through ARIA or `<label for>` (so the association is explicit)? */
export function isReferencedLabel(scan: Scan, at: number): boolean {
  const { flat } = scan;
  return scan.referenced.some((r) => (r >= at && r < flat.end[at]!) || (at >= r && at < flat.end[r]!));
}

export function labelsOf(scan: Scan, owner: string): number[] {
  const found: number[] = [];
  for (const [at, who] of scan.labelAt) if (who === owner) found.push(at);
  return found.sort((a, b) => a - b);
}

import type { FieldQuery, ReadBackAnswer, ReadBackQuery } from '../shared/page-protocol';
import { gridTable } from './grids';
import { captionOf } from './names';
import { isReferencedLabel, isValueInput, labelsOf, type Scan } from './scan';
import { MAY_PAUSE, type Steps } from './slices';
import { cleanValue } from './text';
import { flagsAt, isShown, SKIP, type Flat } from './tree';

/**
 * What an app registration's pages say of its settings, read in the same scan as the values: the account type, the
 * redirect URI lists with their platform, the API permissions grid, and the expiry of the secret read. The words are
 * returned as the page shows them; what they mean is decided in the main process (it knows every language).
 */

const KEYS = {
  accountType: 'rb-account-type',
  redirectUris: 'rb-redirect-uris',
  platforms: 'rb-platforms',
  permissionName: 'rb-permission-name',
  permissionType: 'rb-permission-type',
  permissionStatus: 'rb-permission-status',
  expires: 'rb-expires',
} as const satisfies Record<keyof ReadBackQuery, string>;

/** The read-back captions as scan fields (never read as values themselves: only their labels are indexed). */
export function readBackFields(query: ReadBackQuery | undefined): FieldQuery[] {
  if (!query) return [];
  return (Object.keys(KEYS) as (keyof ReadBackQuery)[]).map((name) => ({ key: KEYS[name], labels: query[name], kind: 'text', required: false, reveal: false, maxLength: 2048 }));
}

const MAX_TEXT = 400;
const REGION_NODES = 600;

function tidy(text: string): string {
  return cleanValue(text.replace(/[\s\u00a0]+/g, ' ')).slice(0, MAX_TEXT);
}

function isHeading(element: Element): boolean {
  return /^H[1-6]$/.test(element.tagName) || element.getAttribute('role') === 'heading';
}

/** The visible text of an element, without hidden parts, controls, tooltips and live messages. */
function shownText(flat: Flat, at: number): string {
  return tidy(captionOf(flat, at, MAX_TEXT));
}

/** A radio's label: its `<label>`s, aria-labelledby or aria-label. */
function choiceLabel(radio: Element): string {
  if (radio instanceof HTMLInputElement && radio.labels && radio.labels.length > 0) return tidy(Array.from(radio.labels).map((label) => label.textContent ?? '').join(' '));
  const ids = (radio.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
  const root = radio.getRootNode() as Document | ShadowRoot;
  const referenced = ids.map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ');
  return tidy(referenced || radio.getAttribute('aria-label') || radio.textContent || '');
}

function isRadio(element: Element): boolean {
  return (element instanceof HTMLInputElement && element.type === 'radio') || element.getAttribute('role') === 'radio';
}

function isChecked(element: Element): boolean {
  return element instanceof HTMLInputElement ? element.checked : element.getAttribute('aria-checked') === 'true';
}

/** Where a label's region ends: the next label of the scan, the next heading, or REGION_NODES later. */
function regionEnd(scan: Scan, label: number): number {
  const { flat } = scan;
  const limit = Math.min(flat.nodes.length, flat.end[label]! + REGION_NODES);
  for (let i = flat.end[label]!; i < limit; i++) {
    const node = flat.nodes[i]!;
    if (scan.labelAt.has(i) || (node instanceof Element && isHeading(node))) return i;
  }
  return limit;
}

/** In flat range [from, to): the checked choice when there are radios, else the first text shown; null for neither. */
function choiceOrText(flat: Flat, from: number, to: number): { radios: boolean; text: string | null } {
  const radios: Element[] = [];
  let firstText: string | null = null;
  for (let i = from; i < to; i++) {
    const node = flat.nodes[i]!;
    if (node instanceof Element) {
      if (isRadio(node)) radios.push(node);
      continue;
    }
    if (firstText !== null || flagsAt(flat, i) & SKIP) continue;
    const text = tidy(node.nodeValue ?? '');
    if (text !== '' && isShown(flat.nodes[flat.parent[i]!] as Element)) firstText = text;
  }
  if (radios.length > 0) {
    const checked = radios.find(isChecked);
    return { radios: true, text: checked ? choiceLabel(checked) : null };
  }
  return { radios: false, text: firstText };
}

/**
 * The account type: the checked choice of the radio group it names (the register form, the Authentication page), or
 * the value it labels (the Overview's Essentials, by aria-labelledby or by what follows the label). No radio
 * checked: nothing.
 */
function accountType(scan: Scan): string | null {
  const { flat } = scan;
  for (const { at, owner } of scan.holders) {
    if (owner !== KEYS.accountType) continue;
    const read = choiceOrText(flat, at + 1, flat.end[at]!);
    if (read.radios || read.text !== null) return read.text;
  }
  for (const label of labelsOf(scan, KEYS.accountType)) {
    if (isReferencedLabel(scan, label)) continue;
    const read = choiceOrText(flat, flat.end[label]!, regionEnd(scan, label));
    if (read.radios || read.text !== null) return read.text;
  }
  return null;
}

/** The heading nearest before `at` (the platform card a redirect URI list is in). */
function headingBefore(flat: Flat, at: number): string {
  for (let i = at - 1, steps = 0; i >= 0 && steps < 4000; i--, steps++) {
    const node = flat.nodes[i]!;
    if (node instanceof Element && isHeading(node) && !(flagsAt(flat, i) & SKIP)) return shownText(flat, i);
  }
  return '';
}

/** Each "Redirect URIs" list: the values of the text boxes after its label, until the next caption or heading. */
function* redirectLists(scan: Scan): Steps<ReadBackAnswer['redirectLists']> {
  const { flat } = scan;
  const lists: ReadBackAnswer['redirectLists'] = [];
  for (const label of labelsOf(scan, KEYS.redirectUris)) {
    yield MAY_PAUSE;
    const end = regionEnd(scan, label);
    const uris: string[] = [];
    for (let i = flat.end[label]!; i < end; i++) {
      const node = flat.nodes[i]!;
      if (!(node instanceof Element)) continue;
      if (node.tagName === 'LABEL') break; // the next field of the card ("Front-channel logout URL")
      if (isValueInput(node) && isShown(node)) {
        const value = cleanValue(node.value);
        if (value) uris.push(value.slice(0, 2048));
      }
    }
    // The Overview's "Redirect URIs" names counts ("1 web, 0 spa"), no list: only lists of text boxes count.
    if (uris.length > 0 || labelIsOfList(scan, label)) lists.push({ platform: headingBefore(flat, label), uris });
  }
  return lists;
}

/** Is the label the caption of a list of text boxes (named by aria-labelledby), even an empty one? */
function labelIsOfList(scan: Scan, label: number): boolean {
  const element = scan.flat.nodes[label];
  if (!(element instanceof Element) || !element.id) return false;
  const root = element.getRootNode() as Document | ShadowRoot;
  return root.querySelector?.(`[role=list][aria-labelledby~="${CSS.escape(element.id)}"]`) !== null;
}

function isGroupHeader(element: Element): boolean {
  return element.classList.contains('ms-GroupHeader') || element.getAttribute('aria-level') === '1' || element.hasAttribute('aria-expanded');
}

/** The API permissions grid: each permission row with the API of the group header above it. */
function* permissions(scan: Scan): Steps<ReadBackAnswer['permissions']> {
  const { flat } = scan;
  for (const label of labelsOf(scan, KEYS.permissionName)) {
    const table = gridTable(scan, label, [KEYS.permissionName, KEYS.permissionType, KEYS.permissionStatus]);
    if (!table) continue;
    const rows: NonNullable<ReadBackAnswer['permissions']> = [];
    let api = '';
    // Group headers are rows of the grid too, in order: each permission is under the last one seen.
    for (const { row, cells } of table) {
      yield MAY_PAUSE;
      if (isGroupHeader(flat.nodes[row] as Element)) {
        api = shownText(flat, row).replace(/\s*\(\d+\)\s*$/, '');
        continue;
      }
      const text = (owner: string) => (cells[owner] === undefined ? '' : shownText(flat, cells[owner]!));
      const name = text(KEYS.permissionName);
      if (name) rows.push({ api, name, type: text(KEYS.permissionType), status: text(KEYS.permissionStatus) });
      if (rows.length >= 100) break;
    }
    return rows;
  }
  return null;
}

/** The "Expires" of the secrets row whose Value cell shows exactly the secret read. */
function secretExpires(scan: Scan, secretKey: string, secret: string | undefined): string | null {
  if (!secret) return null;
  const { flat } = scan;
  for (const label of labelsOf(scan, KEYS.expires)) {
    const table = gridTable(scan, label, [KEYS.expires, secretKey]);
    for (const { cells } of table ?? []) {
      const value = cells[secretKey];
      const expires = cells[KEYS.expires];
      if (value === undefined || expires === undefined) continue;
      if (shownText(flat, value) === secret) return shownText(flat, expires) || null;
    }
  }
  return null;
}

/** The whole read-back of one scan. `secret` is the secret value this read found (its row gives the expiry). */
export function* readBack(scan: Scan, secret: { key: string; value: string | undefined }): Steps<ReadBackAnswer> {
  const lists = yield* redirectLists(scan);
  yield MAY_PAUSE;
  const rows = yield* permissions(scan);
  yield MAY_PAUSE;
  const facts = {
    lang: (document.documentElement.getAttribute('lang') ?? '').slice(0, 35),
    accountType: accountType(scan),
    platformsShown: labelsOf(scan, KEYS.platforms).length > 0,
    redirectLists: lists,
    permissions: rows,
    secretExpires: secretExpires(scan, secret.key, secret.value),
  };
  return { ...facts, fingerprint: fingerprint(JSON.stringify(facts)) };
}

/** FNV-1a of the text, as 8 hex digits: enough to tell one reading from the next. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

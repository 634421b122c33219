import type { FieldQuery, PrefillAnswer, PrefillRequest, ScopeTick } from '../shared/page-protocol';
import { chooseOptions } from './choose';
import { here } from './here';
import { buildScan, isReferencedLabel, isValueInput, labelsOf, type Scan } from './scan';
import { forgetLayout } from './tree';

/**
 * Fills the register form by its labels, ticks exactly the wanted scopes and never submits. Values are set the way
 * a framework-driven form (React) notices: the prototype's value setter, then input/change/blur events.
 */

const MAX_LABEL_TEXT = 160;
const FORM_REACH = 200;

function setNativeValue(element: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  element.focus();
  if (setter) setter.call(element, value);
  else element.value = value;
  element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
  element.dispatchEvent(new Event('change', { bubbles: true }));
  element.dispatchEvent(new FocusEvent('blur', { bubbles: false }));
  element.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
}

/** The text input a field's label names: through ARIA or `<label for>`, else the first one after the label. */
function inputFor(scan: Scan, key: string): HTMLInputElement | HTMLTextAreaElement | null {
  const { flat } = scan;
  for (const { at, owner } of scan.holders) {
    const element = flat.nodes[at] as Element;
    if (owner === key && isValueInput(element)) return element;
  }
  for (const label of labelsOf(scan, key)) {
    if (isReferencedLabel(scan, label)) continue;
    for (let i = flat.end[label]!, steps = 0; i < flat.nodes.length && steps < FORM_REACH; i++, steps++) {
      if (scan.labelAt.has(i)) break;
      const node = flat.nodes[i]!;
      if (node instanceof Element && isValueInput(node)) return node;
    }
  }
  return null;
}

/** The box's label text (whole, for matching) and its first line (the caption, for reporting). */
function checkboxLabel(box: Element): { full: string; caption: string } {
  const parts: string[] = [];
  const textOf = (element: Element | null) => (element instanceof HTMLElement ? element.innerText || element.textContent : element?.textContent) ?? '';
  if (box instanceof HTMLInputElement && box.labels) for (const label of Array.from(box.labels)) parts.push(textOf(label));
  const aria = box.getAttribute('aria-label');
  if (aria) parts.push(aria);
  const labelledBy = box.getAttribute('aria-labelledby');
  if (labelledBy) for (const id of labelledBy.split(/\s+/)) parts.push(textOf(document.getElementById(id)));
  if (parts.join('').trim() === '') {
    // Text right after the box (a bare checkbox followed by its caption).
    let sibling = box.nextSibling;
    let text = '';
    while (sibling && text.length < MAX_LABEL_TEXT) {
      if (sibling instanceof Element && (sibling.matches('input,[role=checkbox]') || sibling.querySelector('input,[role=checkbox]'))) break;
      text += ` ${sibling instanceof Element ? textOf(sibling) : (sibling.textContent ?? '')}`;
      sibling = sibling.nextSibling;
    }
    parts.push(text);
  }
  const raw = parts.join(' ');
  const full = raw.replace(/[\s\u00a0]+/g, ' ').trim().slice(0, MAX_LABEL_TEXT);
  const caption = (raw.split('\n').map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim()).find(Boolean) ?? full).slice(0, MAX_LABEL_TEXT);
  return { full, caption };
}

function isChecked(box: Element): boolean {
  return box instanceof HTMLInputElement ? box.checked : box.getAttribute('aria-checked') === 'true';
}

/** A box matches a scope by its id ("vso.code_write") or by a label that starts with the scope's caption. */
function labelMatchesScope(label: string, scope: ScopeTick): boolean {
  const text = label.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
  if (text.includes(scope.id.toLowerCase())) return true;
  return scope.labels.some((wanted) => {
    const w = wanted.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
    return text === w || (text.startsWith(w) && !/[\p{L}\p{N}]/u.test(text.charAt(w.length)));
  });
}

export function prefill(request: PrefillRequest): Promise<PrefillAnswer> {
  const { textFields, scopes, refusalPhrases, waitMs } = request;
  const queries: FieldQuery[] = textFields.map((field, index) => ({ key: `f${index}`, labels: field.labels, kind: 'text', required: true, reveal: false, maxLength: 4096 }));
  const freshScan = () => {
    forgetLayout();
    return buildScan(queries, [], []);
  };

  function refusal(): string | null {
    const text = (document.body?.innerText ?? '').slice(0, 200_000);
    const lower = text.toLowerCase();
    for (const phrase of refusalPhrases) {
      const at = lower.indexOf(phrase);
      if (at < 0) continue;
      const start = Math.max(lower.lastIndexOf('.', at) + 1, lower.lastIndexOf('\n', at) + 1, 0);
      let end = text.slice(at).search(/[.\n]/);
      end = end < 0 ? text.length : at + end + 1;
      return text.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, 300);
    }
    return null;
  }

  const formReady = () => {
    const scan = freshScan();
    return queries.some((query) => inputFor(scan, query.key) !== null);
  };

  async function fill(): Promise<PrefillAnswer> {
    const scan = freshScan();
    const filled: Record<string, string> = {};
    const missingFields: string[] = [];
    textFields.forEach((field, index) => {
      const input = inputFor(scan, `f${index}`);
      const name = field.labels[0] ?? '';
      if (!input || input.readOnly || input.disabled) {
        missingFields.push(name);
        return;
      }
      setNativeValue(input, field.value);
      filled[name] = input.value;
    });
    const labelled = Array.from(document.querySelectorAll('input[type=checkbox],[role=checkbox]')).map((box) => ({ box, ...checkboxLabel(box) }));
    const wanted = labelled.filter(({ full }) => scopes.some((scope) => labelMatchesScope(full, scope)));
    const missingScopes = scopes.filter((scope) => !wanted.some(({ full }) => labelMatchesScope(full, scope))).map((scope) => scope.labels[0] ?? scope.id);
    const ticked: string[] = [];
    const alreadyTicked: string[] = [];
    for (const { box, caption } of wanted) {
      if (isChecked(box)) alreadyTicked.push(caption);
      else {
        (box as HTMLElement).click();
        if (isChecked(box)) ticked.push(caption);
      }
    }
    // Tick exactly the wanted scopes: untick other checked boxes in the same group as the scopes (never elsewhere).
    const groups = new Set(wanted.map(({ box }) => box.closest('fieldset,[role=group],[role=list],ul,table') ?? box.parentElement?.parentElement ?? null).filter((g): g is Element => g !== null));
    const unticked: string[] = [];
    const leftTicked: string[] = [];
    for (const { box, caption } of labelled) {
      if (wanted.some((w) => w.box === box) || !isChecked(box)) continue;
      if (Array.from(groups).some((group) => group.contains(box))) {
        (box as HTMLElement).click();
        unticked.push(caption);
      } else leftTicked.push(caption);
    }
    const { chosen, missing: missingChoices } = await chooseOptions(request.choices ?? [], request.dropdowns ?? []);
    const formFound = Object.keys(filled).length > 0 || wanted.length > 0;
    return { mode: 'prefill', ...here(), formFound, refusalText: refusal(), filled, missingFields, ticked, alreadyTicked, missingScopes, unticked, leftTicked, chosen, missingChoices };
  }

  return new Promise((resolve) => {
    // The form is filled once: when it shows (or the page refuses), or when the wait is over.
    let started = false;
    let observer: MutationObserver | null = null;
    const waiting: { timer?: ReturnType<typeof setTimeout> } = {};
    const go = () => {
      if (started) return;
      started = true;
      observer?.disconnect();
      clearTimeout(waiting.timer);
      void fill().then(resolve);
    };
    if (formReady() || refusal() !== null || waitMs <= 0) return go();
    let pending = false;
    observer = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        if (formReady() || refusal() !== null) go();
      }, 20);
    });
    observer.observe(document.documentElement, { subtree: true, childList: true });
    waiting.timer = setTimeout(go, waitMs);
  });
}

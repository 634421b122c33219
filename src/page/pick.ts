import type { FoundValue, PickAnswer, PickRequest } from '../shared/page-protocol';
import { here } from './here';
import { isValueInput } from './scan';
import { looksMasked } from '../shared/masked-text';
import { cleanValue } from './text';

/**
 * Pick mode: the admin clicks the value in the page. Only a real click counts (`event.isTrusted`): a click the
 * page's own script makes (`element.click()`, `dispatchEvent`) is ignored, so a page cannot pick for the admin.
 */

const PICK_STATE = '__adsRegistrationPick';

function bounded(value: string, maxLength: number, source: FoundValue['source']): FoundValue {
  const cut = value.length > maxLength ? value.slice(0, maxLength + 1) : value;
  const trimmed = cleanValue(cut);
  return { value: trimmed, tooLong: value.length > maxLength, source, masked: looksMasked(trimmed) };
}

/** Text the admin sees in an element: hidden descendants and tooltips left out. */
function shownText(element: Element): string {
  let text = '';
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest('[aria-hidden="true"],[hidden],[role=tooltip],script,style') && parent !== element) continue;
    if (parent && typeof parent.checkVisibility === 'function' && !parent.checkVisibility({ checkVisibilityCSS: true })) continue;
    text += node.nodeValue ?? '';
  }
  return text;
}

function pickValueOf(target: Element, maxLength: number): FoundValue | null {
  let element: Element | null = target;
  // A click on a copy icon or a span inside a field: climb to something that holds a value.
  for (let depth = 0; element && depth < 4; depth++, element = element.parentElement) {
    if (isValueInput(element)) return bounded(element.value, maxLength, 'input');
    const input = Array.from(element.querySelectorAll('input,textarea')).find(isValueInput);
    if (input) return bounded(input.value, maxLength, 'input');
    if (element instanceof HTMLAnchorElement && element.href) return bounded(element.href, maxLength, 'href');
    const text = shownText(element);
    if (text.trim()) return bounded(text, maxLength, 'text');
  }
  return null;
}

type PickHolder = Record<string, (() => void) | undefined>;

export function pick(request: PickRequest): Promise<PickAnswer> {
  const { waitMs, maxLength } = request;
  const state = window as unknown as PickHolder;
  state[PICK_STATE]?.();
  return new Promise((resolve) => {
    let outlined: HTMLElement | null = null;
    let previousOutline = '';
    const restore = () => {
      if (outlined) outlined.style.outline = previousOutline;
      outlined = null;
    };
    const finish = (picked: FoundValue | null) => {
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('mouseover', onOver, true);
      document.removeEventListener('keydown', onKey, true);
      clearTimeout(timer);
      restore();
      if (state[PICK_STATE] === cancel) delete state[PICK_STATE];
      resolve({ mode: 'pick', ...here(), picked });
    };
    const onClick = (event: MouseEvent) => {
      if (!event.isTrusted) return;
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      // The click is ours: the page must not act on it (no navigation, no copy button, no submit).
      event.preventDefault();
      event.stopImmediatePropagation();
      finish(pickValueOf(target, maxLength));
    };
    const onOver = (event: MouseEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (!event.isTrusted || !target || target === outlined) return;
      restore();
      outlined = target;
      previousOutline = target.style.outline;
      target.style.outline = '2px solid #0b5cad';
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.isTrusted && event.key === 'Escape') finish(null);
    };
    const cancel = () => finish(null);
    state[PICK_STATE] = cancel;
    document.addEventListener('click', onClick, true);
    document.addEventListener('mouseover', onOver, true);
    document.addEventListener('keydown', onKey, true);
    const timer = setTimeout(() => finish(null), waitMs);
  });
}

export function cancelPick(): boolean {
  const state = window as unknown as PickHolder;
  const cancel = state[PICK_STATE];
  cancel?.();
  return cancel !== undefined;
}

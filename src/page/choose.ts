import type { ChoiceFill, DropdownFill } from '../shared/page-protocol';
import { referencedText } from './names';
import { labelKey } from './text';

/**
 * The register form's choices, made as a user makes them: a radio clicked by its label, and a drop-down opened with
 * a click, its option clicked once the list shows (Fluent renders a Dropdown's options only while it is open, in a
 * layer at the end of the page). Nothing is set behind the form's back, and nothing is submitted.
 */

const LIST_WAIT_MS = 2_000;
const MAX_TEXT = 400;

function tidy(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0]+/g, ' ').trim().slice(0, MAX_TEXT);
}

/** A pointer's click, as a mouse gives it: down, up, click (frameworks listen to any of them). */
function press(element: HTMLElement): void {
  const init = { bubbles: true, cancelable: true, composed: true, view: window, button: 0 };
  element.dispatchEvent(new PointerEvent('pointerdown', init));
  element.dispatchEvent(new MouseEvent('mousedown', init));
  element.dispatchEvent(new PointerEvent('pointerup', init));
  element.dispatchEvent(new MouseEvent('mouseup', init));
  element.click();
}

function labelOf(element: Element): string {
  if (element instanceof HTMLInputElement && element.labels && element.labels.length > 0) return tidy(Array.from(element.labels).map((l) => l.textContent).join(' '));
  return tidy(referencedText(element, 'aria-labelledby') || element.getAttribute('aria-label') || element.textContent);
}

function groupCaption(group: Element): string {
  const legend = group.tagName === 'FIELDSET' ? group.querySelector('legend')?.textContent : null;
  return tidy(referencedText(group, 'aria-labelledby') || group.getAttribute('aria-label') || legend);
}

function isChecked(radio: Element): boolean {
  return radio instanceof HTMLInputElement ? radio.checked : radio.getAttribute('aria-checked') === 'true';
}

/** Selects the choice of a radio group whose label begins with one of the phrases (the shortest such label). */
function choose(fill: ChoiceFill): { label: string; option: string } | null {
  const groupKeys = new Set(fill.groupLabels.map(labelKey));
  const prefixes = fill.optionPrefixes.map(labelKey).filter(Boolean);
  for (const group of Array.from(document.querySelectorAll('[role=radiogroup],fieldset'))) {
    if (!groupKeys.has(labelKey(groupCaption(group)))) continue;
    const options = Array.from(group.querySelectorAll('input[type=radio],[role=radio]'))
      .map((radio) => ({ radio, label: labelOf(radio) }))
      .filter(({ label }) => prefixes.some((prefix) => labelKey(label).startsWith(prefix)))
      .sort((a, b) => labelKey(a.label).length - labelKey(b.label).length);
    const best = options[0];
    if (!best) continue;
    if (!isChecked(best.radio)) press(best.radio as HTMLElement);
    if (isChecked(best.radio)) return { label: fill.groupLabels[0] ?? '', option: best.label };
  }
  return null;
}

function comboboxFor(fill: DropdownFill): HTMLElement | null {
  const keys = fill.labels.map(labelKey).filter(Boolean);
  const boxes = Array.from(document.querySelectorAll<HTMLElement>('[role=combobox]'));
  const nameOf = (box: HTMLElement) => labelKey(`${referencedText(box, 'aria-labelledby')} ${box.getAttribute('aria-label') ?? ''}`);
  const labelled = boxes.find((box) => keys.some((key) => nameOf(box).includes(key)));
  if (labelled) return labelled;
  // Once an option is chosen the portal's drop-down is named by it ("Select a platform" becomes "Web"): a form read
  // again after the choice finds it by the option it shows, so the choice is reported as made, not as missing.
  const wanted = fill.option.map(labelKey);
  return boxes.find((box) => wanted.some((key) => labelKey(box.textContent).includes(key) && nameOf(box).includes(key))) ?? null;
}

/** The listbox the open combobox shows (aria-controls / aria-owns, else the visible one), once it is there. */
function listboxOf(box: HTMLElement): Element | null {
  for (const id of `${box.getAttribute('aria-controls') ?? ''} ${box.getAttribute('aria-owns') ?? ''}`.split(/\s+/).filter(Boolean)) {
    const list = document.getElementById(id);
    if (list) return list;
  }
  return Array.from(document.querySelectorAll('[role=listbox]')).find((list) => list instanceof HTMLElement && list.offsetParent !== null) ?? null;
}

function waitFor<T>(find: () => T | null, ms: number): Promise<T | null> {
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const found = find();
      if (!found) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(found);
    });
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(find());
    }, ms);
  });
}

/** Opens the drop-down with a click and clicks the option; true once the drop-down shows it. */
async function pickOption(fill: DropdownFill): Promise<{ label: string; option: string } | null> {
  const box = comboboxFor(fill);
  if (!box) return null;
  const wanted = new Set(fill.option.map(labelKey));
  const shows = () => [...wanted].some((key) => labelKey(box.textContent).includes(key));
  if (shows()) return { label: fill.labels[0] ?? '', option: tidy(box.textContent) };
  press(box);
  const option = await waitFor(() => {
    const list = listboxOf(box);
    return list ? (Array.from(list.querySelectorAll<HTMLElement>('[role=option]')).find((o) => wanted.has(labelKey(o.textContent))) ?? null) : null;
  }, LIST_WAIT_MS);
  if (!option) return null;
  const text = tidy(option.textContent);
  press(option);
  const shown = await waitFor(() => (shows() ? true : null), LIST_WAIT_MS);
  return shown ? { label: fill.labels[0] ?? '', option: text } : null;
}

export async function chooseOptions(choices: readonly ChoiceFill[], dropdowns: readonly DropdownFill[]): Promise<{ chosen: { label: string; option: string }[]; missing: string[] }> {
  const chosen: { label: string; option: string }[] = [];
  const missing: string[] = [];
  for (const fill of choices) {
    const made = choose(fill);
    if (made) chosen.push(made);
    else missing.push(fill.groupLabels[0] ?? '');
  }
  for (const fill of dropdowns) {
    const made = await pickOption(fill);
    if (made) chosen.push(made);
    else missing.push(fill.labels[0] ?? '');
  }
  return { chosen, missing };
}

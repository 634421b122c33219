/// <reference lib="dom" />
/**
 * The one page script: runs inside a web page (an isolated world in Electron; a Playwright frame in the CLI and the
 * tests). It must stay self-contained — no imports at run time, no references to anything outside this function —
 * because it is injected as `(${adsPageScript.toString()})(request)` (see ../page-code.ts).
 *
 * It reads the page the way an admin does: by visible label text. A label's "region" runs from the label, in
 * reading order, to the next known label; the value is the first input value, link or text found in that region.
 * Column headers of a grid (the Entra secrets table) read the cells of their column instead. The script never
 * writes HTML, never uses the clipboard and never submits a form.
 */
import type {
  ExtractAnswer,
  FieldQuery,
  FoundValue,
  PageAnswer,
  PageRequest,
  PickAnswer,
  PrefillAnswer,
} from '../page-protocol';

export function adsPageScript(request: PageRequest): Promise<PageAnswer> | PageAnswer {
  const MAX_REGION_NODES = 400;
  const MAX_LABEL_TEXT = 160;
  const PICK_STATE = '__adsRegistrationPick';

  function norm(text: string | null | undefined): string {
    return (text ?? '')
      .slice(0, 400)
      .replace(/[\s\u00a0\u200b]+/g, ' ')
      .trim()
      .toLowerCase()
      .replace(/\s*(\*|:|\(required\))+\s*$/g, '')
      .trim();
  }

  function isMaskedText(text: string): boolean {
    const t = text.trim();
    if (t.length === 0) return false;
    // All bullets/asterisks, or a short prefix followed by a run of them (the Entra grid: "abc~*********").
    return /^[•●∙·*\u2022\u25cf]+$/.test(t) || /[•●*\u2022\u25cf]{4,}$/.test(t) || /^hidden$/i.test(t);
  }

  function bounded(value: string, maxLength: number, source: FoundValue['source']): FoundValue {
    const cut = value.length > maxLength ? value.slice(0, maxLength + 1) : value;
    const trimmed = cut.trim();
    return { value: trimmed, tooLong: value.length > maxLength, source, masked: isMaskedText(trimmed) };
  }

  function isRendered(element: Element): boolean {
    return element.getClientRects().length > 0;
  }

  function isControlLike(element: Element): boolean {
    const tag = element.tagName;
    const role = element.getAttribute('role');
    return tag === 'BUTTON' || role === 'button' || role === 'tooltip' || tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE';
  }

  function insideControl(node: Node, stopAt: Element | null): boolean {
    let current: Element | null = node instanceof Element ? node : node.parentElement;
    while (current && current !== stopAt) {
      if (isControlLike(current)) return true;
      current = current.parentElement;
    }
    return false;
  }

  /**
   * One pass over the page: every element whose own short text (or aria-label) is one of `labels`, by label.
   * Built once per scan and shared by every field (the scan must stay fast on big pages).
   */
  function indexLabels(labels: ReadonlySet<string>): Map<string, Element[]> {
    const index = new Map<string, Element[]>();
    const add = (key: string, element: Element) => {
      const list = index.get(key);
      if (!list) index.set(key, [element]);
      else if (!list.includes(element)) list.push(element);
    };
    const body = document.body;
    if (!body) return index;
    // Cheap pre-filter before normalising: the first visible character must start some label.
    const firsts = new Set(Array.from(labels, (label) => label.charAt(0)));
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const raw = node.nodeValue ?? '';
      if (raw.length > MAX_LABEL_TEXT || raw.trim().length === 0) continue;
      let element: Element | null = node.parentElement;
      for (let depth = 0; element && depth < 3; depth++) {
        const text = depth === 0 && element.childNodes.length === 1 ? raw : (element.textContent ?? '');
        if (text.length > MAX_LABEL_TEXT) break;
        const first = text.trimStart().charAt(0).toLowerCase();
        if (first !== '\u200b' && !firsts.has(first)) {
          element = element.parentElement;
          continue;
        }
        const key = norm(text);
        if (labels.has(key)) {
          add(key, element);
          break;
        }
        element = element.parentElement;
      }
    }
    for (const element of Array.from(body.querySelectorAll('[aria-label]'))) {
      const key = norm(element.getAttribute('aria-label'));
      if (labels.has(key)) add(key, element);
    }
    return index;
  }

  /** The label elements for one set of label texts: the deepest match per occurrence, rendered, not controls. */
  function findLabelElements(labels: ReadonlySet<string>, index: Map<string, Element[]> = indexLabels(labels)): Element[] {
    const found = new Set<Element>();
    for (const label of labels) for (const element of index.get(label) ?? []) found.add(element);
    const list = Array.from(found).filter((element) => !isControlLike(element));
    return list.filter((element) => !list.some((other) => other !== element && element.contains(other)) && (isRendered(element) || element.tagName === 'INPUT' || element.tagName === 'TEXTAREA'));
  }

  function isValueInput(element: Element): element is HTMLInputElement | HTMLTextAreaElement {
    if (element instanceof HTMLTextAreaElement) return true;
    if (!(element instanceof HTMLInputElement)) return false;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'hidden'].includes(element.type);
  }

  function controlOfLabel(label: Element): Element | null {
    if (label instanceof HTMLLabelElement && label.control) return label.control;
    if (isValueInput(label)) return label;
    const id = label.id;
    if (id) {
      const labelled = document.querySelector(`[aria-labelledby~="${CSS.escape(id)}"]`);
      if (labelled) return labelled;
    }
    return null;
  }

  interface Region {
    value: FoundValue | null;
    maskedValue: FoundValue | null;
    reveal: HTMLElement | null;
  }

  function revealControl(element: Element): HTMLElement | null {
    if (!(element instanceof HTMLElement)) return null;
    if (!(element.tagName === 'BUTTON' || element.getAttribute('role') === 'button' || element.tagName === 'A')) return null;
    const names = [element.textContent, element.getAttribute('aria-label'), element.getAttribute('title')].map(norm);
    return names.some((name) => /^(show|reveal)\b/.test(name)) ? element : null;
  }

  function acceptCandidate(candidate: FoundValue, field: FieldQuery, region: Region): boolean {
    if (candidate.value.length === 0) return false;
    if (field.kind === 'url' && !/^https?:\/\//i.test(candidate.value)) return false;
    if (candidate.masked) {
      region.maskedValue ??= candidate;
      return false;
    }
    region.value = candidate;
    return true;
  }

  /** Walks forward from the label in document order until the next known label. */
  function readRegion(label: Element, field: FieldQuery, boundaries: ReadonlySet<string>, ownLabels: ReadonlySet<string>): Region {
    const region: Region = { value: null, maskedValue: null, reveal: null };
    const direct = controlOfLabel(label);
    if (direct && isValueInput(direct) && acceptCandidate(bounded(direct.value, field.maxLength, 'input'), field, region)) return region;
    const body = document.body;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    // Start at the first node after the label's own subtree.
    walker.currentNode = label;
    let next: Node | null = null;
    for (;;) {
      const sibling = walker.nextSibling();
      if (sibling) {
        next = sibling;
        break;
      }
      if (!walker.parentNode()) break;
    }
    let steps = 0;
    let skipUntilOutside: Node | null = null;
    while (next && steps++ < MAX_REGION_NODES) {
      const current: Node = next;
      next = walker.nextNode();
      if (skipUntilOutside && skipUntilOutside.contains(current)) continue;
      skipUntilOutside = null;
      if (current instanceof Element) {
        const ariaLabel = norm(current.getAttribute('aria-label'));
        if (ariaLabel && boundaries.has(ariaLabel) && !ownLabels.has(ariaLabel)) break;
        const control = revealControl(current);
        if (control) {
          region.reveal ??= control;
          skipUntilOutside = current;
          continue;
        }
        if (isControlLike(current)) {
          skipUntilOutside = current;
          continue;
        }
        if (isValueInput(current)) {
          if (acceptCandidate(bounded(current.value, field.maxLength, 'input'), field, region)) break;
          continue;
        }
        if (current instanceof HTMLAnchorElement && current.hasAttribute('href')) {
          const href = current.href;
          if (field.kind === 'url' && /^https?:/i.test(href)) {
            if (acceptCandidate(bounded(href, field.maxLength, 'href'), field, region)) break;
            skipUntilOutside = current;
          }
          continue;
        }
        const text = current.textContent ?? '';
        if (text.length <= MAX_LABEL_TEXT) {
          const normalized = norm(text);
          if (boundaries.has(normalized) && !ownLabels.has(normalized)) break;
        }
        continue;
      }
      // A text node.
      const raw = current.nodeValue ?? '';
      if (raw.trim().length === 0) continue;
      const parent = current.parentElement;
      if (raw.length <= MAX_LABEL_TEXT && boundaries.has(norm(raw)) && !ownLabels.has(norm(raw))) break;
      if (parent && insideControl(current, null)) continue;
      // Hidden text counts only for secrets (the page may already hold the value behind the dots).
      if (parent && field.kind !== 'secret' && !isRendered(parent)) continue;
      // Ids and secrets never contain spaces: such text is a caption. After the value's masked form or its "Show"
      // control, a caption means the next row has begun (an unknown label), so the region ends there.
      if (field.kind !== 'url' && /\S\s+\S/.test(raw.trim())) {
        if (region.maskedValue || region.reveal) break;
        continue;
      }
      if (acceptCandidate(bounded(raw, field.maxLength, 'text'), field, region)) break;
    }
    return region;
  }

  function cellsOf(row: Element): Element[] {
    return Array.from(row.children).filter((cell) => ['TD', 'TH'].includes(cell.tagName) || ['gridcell', 'cell', 'columnheader', 'rowheader'].includes(cell.getAttribute('role') ?? ''));
  }

  function columnIndex(cell: Element): number {
    const aria = Number(cell.getAttribute('aria-colindex'));
    if (aria > 0) return aria;
    const row = cell.parentElement;
    return row ? cellsOf(row).indexOf(cell) + 1 : -1;
  }

  function cellValue(cell: Element, field: FieldQuery): FoundValue | null {
    const input = Array.from(cell.querySelectorAll('input,textarea')).find(isValueInput);
    if (input) return bounded(input.value, field.maxLength, 'column');
    let text = '';
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (insideControl(node, cell)) continue;
      text += node.nodeValue ?? '';
      if (text.length > field.maxLength) break;
    }
    return text.trim() ? bounded(text, field.maxLength, 'column') : null;
  }

  /** A column header: the values are the cells of that column; prefer one that is not masked. */
  function readColumn(header: Element, field: FieldQuery): Region | null {
    let cell: Element | null = header;
    while (cell && !(cell.tagName === 'TH' || cell.getAttribute('role') === 'columnheader')) {
      cell = cell.parentElement;
      if (cell && (cell.tagName === 'TR' || cell.getAttribute('role') === 'row')) return null;
    }
    if (!cell) return null;
    // A <th> in a row that also has data cells is a row header (label: value tables), not a column header.
    const headerRow = cell.parentElement;
    if (headerRow && Array.from(headerRow.children).some((c) => c.tagName === 'TD' || c.getAttribute('role') === 'gridcell')) return null;
    const index = columnIndex(cell);
    const grid = cell.closest('table,[role=grid],[role=table],[role=treegrid]');
    if (!grid || index < 1) return null;
    const region: Region = { value: null, maskedValue: null, reveal: null };
    const rows = Array.from(grid.querySelectorAll('tr,[role=row]'));
    for (const row of rows) {
      const cells = cellsOf(row);
      if (cells.some((c) => c.tagName === 'TH' || c.getAttribute('role') === 'columnheader')) continue;
      const target = cells.find((c) => Number(c.getAttribute('aria-colindex')) === index) ?? (cells.some((c) => c.hasAttribute('aria-colindex')) ? undefined : cells[index - 1]);
      if (!target) continue;
      const candidate = cellValue(target, field);
      if (!candidate) continue;
      if (!candidate.masked) {
        // The newest secret is the one not yet masked; the first unmasked cell wins.
        region.value ??= candidate;
      } else {
        region.maskedValue ??= candidate;
      }
    }
    return region;
  }

  function scanField(field: FieldQuery, boundaries: ReadonlySet<string>, index: Map<string, Element[]>): Region {
    const own = new Set(field.labels.map(norm));
    const best: Region = { value: null, maskedValue: null, reveal: null };
    for (const label of findLabelElements(own, index)) {
      const column = readColumn(label, field);
      const region = column && (column.value || column.maskedValue) ? column : readRegion(label, field, boundaries, own);
      if (region.value) return region;
      best.maskedValue ??= region.maskedValue;
      best.reveal ??= region.reveal;
    }
    return best;
  }

  function extract(): Promise<ExtractAnswer> {
    if (request.mode !== 'extract') throw new Error('unreachable');
    const { fields, waitMs } = request;
    const progressMode = request.resolveOn === 'progress';
    const known = new Set(request.known ?? []);
    const boundaries = new Set([...request.boundaryLabels, ...fields.flatMap((f) => f.labels)].map(norm));
    const revealed: string[] = [];
    let scanMs = 0;

    function scan(): { values: Record<string, FoundValue>; complete: boolean; progress: boolean; regions: Record<string, Region> } {
      const started = performance.now();
      const values: Record<string, FoundValue> = {};
      const regions: Record<string, Region> = {};
      let complete = true;
      let progress = false;
      const index = indexLabels(new Set(fields.flatMap((f) => f.labels.map(norm))));
      for (const field of fields) {
        const region = scanField(field, boundaries, index);
        regions[field.key] = region;
        const value = region.value ?? region.maskedValue;
        if (value) values[field.key] = value;
        if (field.required && !region.value) complete = false;
        if (region.value && !known.has(field.key)) progress = true;
      }
      scanMs = performance.now() - started;
      return { values, complete, progress, regions };
    }

    function pressReveals(regions: Record<string, Region>): void {
      for (const field of fields) {
        const region = regions[field.key];
        if (!field.reveal || !region || region.value || !region.reveal || revealed.includes(field.key)) continue;
        revealed.push(field.key);
        region.reveal.click();
      }
    }

    return new Promise((resolve) => {
      let done = false;
      let pending: ReturnType<typeof setTimeout> | undefined;
      // Set once the watch starts; finish() may run before that (first scan complete), hence the holder.
      const watch: { timer?: ReturnType<typeof setTimeout>; observer?: MutationObserver } = {};
      const finish = (values: Record<string, FoundValue>) => {
        if (done) return;
        done = true;
        watch.observer?.disconnect();
        if (watch.timer !== undefined) clearTimeout(watch.timer);
        if (pending !== undefined) clearTimeout(pending);
        resolve({ mode: 'extract', url: location.href, values, revealed, scanMs });
      };
      const attempt = () => {
        pending = undefined;
        const result = scan();
        // Reveal hidden secrets first, so a later scan (or the next watch) sees them.
        if (!result.complete) pressReveals(result.regions);
        if (result.complete || (progressMode && result.progress)) finish(result.values);
        return result;
      };
      const first = attempt();
      if (done) return;
      if (waitMs <= 0) {
        // Give a pressed "Show" one turn to render, then answer.
        setTimeout(() => finish(scan().values), revealed.length > 0 ? 50 : 0);
        return;
      }
      let latest = first.values;
      const observer = new MutationObserver(() => {
        if (pending !== undefined) return;
        pending = setTimeout(() => {
          latest = attempt().values;
        }, 25);
      });
      watch.observer = observer;
      observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['value', 'href', 'hidden', 'class', 'style', 'aria-hidden'] });
      watch.timer = setTimeout(() => finish(scan().values ?? latest), waitMs);
    });
  }

  function setNativeValue(element: HTMLInputElement | HTMLTextAreaElement, value: string): void {
    // Framework-driven forms (React) track the value on the element; the prototype setter plus input/change events
    // make them see the change as if typed.
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

  function findInputFor(labels: readonly string[]): HTMLInputElement | HTMLTextAreaElement | null {
    const own = new Set(labels.map(norm));
    for (const label of findLabelElements(own)) {
      const direct = controlOfLabel(label);
      if (direct && isValueInput(direct)) return direct;
      // Otherwise the first text input after the label, before the next label.
      const container = label.parentElement;
      let scope: Element | null = container;
      for (let depth = 0; scope && depth < 4; depth++, scope = scope.parentElement) {
        const inputs = Array.from(scope.querySelectorAll('input,textarea')).filter(isValueInput);
        const after = inputs.find((input) => label.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING);
        if (after) {
          // Another label of a text field between them means this input belongs to that one.
          return after;
        }
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

  function labelMatchesScope(label: string, scope: { id: string; labels: readonly string[] }): boolean {
    const text = norm(label);
    if (text.includes(scope.id.toLowerCase())) return true;
    return scope.labels.some((wanted) => {
      const w = norm(wanted);
      return text === w || (text.startsWith(w) && !/[a-z0-9]/.test(text.charAt(w.length)));
    });
  }

  function prefill(): Promise<PrefillAnswer> {
    if (request.mode !== 'prefill') throw new Error('unreachable');
    const { textFields, scopes, refusalPhrases, waitMs } = request;

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

    function formReady(): boolean {
      return textFields.some((field) => findInputFor(field.labels) !== null);
    }

    function fill(): PrefillAnswer {
      const filled: Record<string, string> = {};
      const missingFields: string[] = [];
      for (const field of textFields) {
        const input = findInputFor(field.labels);
        const name = field.labels[0] ?? '';
        if (!input || input.readOnly || input.disabled) {
          missingFields.push(name);
          continue;
        }
        setNativeValue(input, field.value);
        filled[name] = input.value;
      }
      const boxes = Array.from(document.querySelectorAll('input[type=checkbox],[role=checkbox]'));
      const labelled = boxes.map((box) => {
        const { full, caption } = checkboxLabel(box);
        return { box, label: full, caption };
      });
      const wanted = labelled.filter(({ label }) => scopes.some((scope) => labelMatchesScope(label, scope)));
      const missingScopes = scopes.filter((scope) => !wanted.some(({ label }) => labelMatchesScope(label, scope))).map((scope) => scope.labels[0] ?? scope.id);
      for (const { box } of wanted) if (!isChecked(box)) (box as HTMLElement).click();
      // Tick exactly the wanted scopes: untick other checked boxes in the same group as the scopes (never elsewhere).
      const groups = new Set(wanted.map(({ box }) => box.closest('fieldset,[role=group],[role=list],ul,table') ?? box.parentElement?.parentElement ?? null).filter((g): g is Element => g !== null));
      const unticked: string[] = [];
      for (const { box, caption } of labelled) {
        if (wanted.some((w) => w.box === box) || !isChecked(box)) continue;
        if (Array.from(groups).some((group) => group.contains(box))) {
          (box as HTMLElement).click();
          unticked.push(caption);
        }
      }
      const ticked = labelled.filter(({ box }) => isChecked(box)).map(({ caption }) => caption);
      return { mode: 'prefill', url: location.href, formFound: Object.keys(filled).length > 0 || wanted.length > 0, refusalText: refusal(), filled, missingFields, ticked, missingScopes, unticked };
    }

    return new Promise((resolve) => {
      if (formReady() || refusal() !== null || waitMs <= 0) {
        resolve(fill());
        return;
      }
      const observer = new MutationObserver(() => {
        if (formReady() || refusal() !== null) {
          observer.disconnect();
          clearTimeout(timer);
          resolve(fill());
        }
      });
      observer.observe(document.documentElement, { subtree: true, childList: true });
      const timer = setTimeout(() => {
        observer.disconnect();
        resolve(fill());
      }, waitMs);
    });
  }

  function pickValueOf(target: Element, maxLength: number): FoundValue | null {
    let element: Element | null = target;
    // A click on a copy icon or a span inside a field: climb to something that holds a value.
    for (let depth = 0; element && depth < 4; depth++, element = element.parentElement) {
      if (isValueInput(element)) return bounded(element.value, maxLength, 'input');
      const input = Array.from(element.querySelectorAll('input,textarea')).find(isValueInput);
      if (input) return bounded(input.value, maxLength, 'input');
      if (element instanceof HTMLAnchorElement && element.href) return bounded(element.href, maxLength, 'href');
      const text = element.textContent ?? '';
      if (text.trim()) return bounded(text, maxLength, 'text');
    }
    return null;
  }

  function pick(): Promise<PickAnswer> {
    if (request.mode !== 'pick') throw new Error('unreachable');
    const { waitMs, maxLength } = request;
    const state = window as unknown as Record<string, (() => void) | undefined>;
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
        resolve({ mode: 'pick', url: location.href, picked });
      };
      const onClick = (event: MouseEvent) => {
        const target = event.target instanceof Element ? event.target : null;
        if (!target) return;
        // The click is ours: the page must not act on it (no navigation, no copy button, no submit).
        event.preventDefault();
        event.stopImmediatePropagation();
        finish(pickValueOf(target, maxLength));
      };
      const onOver = (event: MouseEvent) => {
        const target = event.target instanceof HTMLElement ? event.target : null;
        if (!target || target === outlined) return;
        restore();
        outlined = target;
        previousOutline = target.style.outline;
        target.style.outline = '2px solid #0b5cad';
      };
      const onKey = (event: KeyboardEvent) => {
        if (event.key === 'Escape') finish(null);
      };
      const cancel = () => finish(null);
      state[PICK_STATE] = cancel;
      document.addEventListener('click', onClick, true);
      document.addEventListener('mouseover', onOver, true);
      document.addEventListener('keydown', onKey, true);
      const timer = setTimeout(() => finish(null), waitMs);
    });
  }

  switch (request.mode) {
    case 'extract':
      return extract();
    case 'prefill':
      return prefill();
    case 'pick':
      return pick();
    case 'cancel-pick': {
      const state = window as unknown as Record<string, (() => void) | undefined>;
      const cancel = state[PICK_STATE];
      cancel?.();
      return { mode: 'cancel-pick', cancelled: cancel !== undefined };
    }
  }
}

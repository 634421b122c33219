import { flagsAt, SKIP, type Flat } from './tree';

/**
 * The text an element shows as a caption: its text nodes in reading order, without descendants that are hidden,
 * tooltips, live messages or controls (unless the element itself is one). Bounded: labels are short.
 */
export function captionOf(flat: Flat, at: number, max = 200): string {
  const node = flat.nodes[at]!;
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? '';
  const own = flagsAt(flat, at);
  let text = '';
  for (let i = at + 1; i < flat.end[at]!; i++) {
    const extra = flagsAt(flat, i) & ~own & SKIP;
    if (extra) {
      i = flat.end[i]! - 1;
      continue;
    }
    const child = flat.nodes[i]!;
    if (child.nodeType !== Node.TEXT_NODE) {
      if ((child as Element).tagName === 'BR') text += ' ';
      continue;
    }
    text += child.nodeValue ?? '';
    if (text.length > max) break;
  }
  return text;
}

/** Text of the elements an `aria-labelledby` / `aria-describedby` list names, resolved in the element's own root. */
export function referencedText(element: Element, attribute: 'aria-labelledby' | 'aria-describedby'): string {
  const ids = (element.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean);
  if (ids.length === 0) return '';
  const root = element.getRootNode() as Document | ShadowRoot;
  return ids.map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ');
}

/** Icon hints inside a control: Fluent's data-icon-name and ms-Icon--X classes, ADO's bowtie icons, svg titles. */
function iconNames(element: Element): string {
  const parts: string[] = [];
  for (const icon of Array.from(element.querySelectorAll('[data-icon-name],[class*="Icon--"],[class*="bowtie-"],svg title,img[alt]')).slice(0, 6)) {
    const name = icon.getAttribute('data-icon-name');
    if (name) parts.push(name);
    for (const cls of Array.from(icon.classList)) {
      const match = /(?:Icon--|bowtie-)([A-Za-z0-9-]+)/.exec(cls);
      if (match) parts.push(match[1]!.replace(/-/g, ' '));
    }
    if (icon.tagName.toLowerCase() === 'title') parts.push(icon.textContent ?? '');
    const alt = icon.getAttribute('alt');
    if (alt) parts.push(alt);
  }
  return parts.join(' ');
}

/** What a control is called: aria-labelledby, aria-label, its text, title, an input's value, then its icons. */
export function controlName(element: Element): string {
  const parts = [
    referencedText(element, 'aria-labelledby'),
    element.getAttribute('aria-label') ?? '',
    element.textContent ?? '',
    element.getAttribute('title') ?? '',
    element instanceof HTMLInputElement ? `${element.type === 'checkbox' ? '' : element.value} ${Array.from(element.labels ?? []).map((l) => l.textContent ?? '').join(' ')}` : '',
    iconNames(element),
  ];
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

import { MAY_PAUSE, PAUSE_EVERY, type Steps } from './slices';

/**
 * The page as one flat list in reading order: the composed tree (open shadow roots, slotted content in its slot),
 * elements and text nodes. Each node's flags say why a reader would not take it as a label or a value; they are
 * worked out when first asked for (`flagsAt`) and kept, so a scan pays only for the nodes it looks at. Built once
 * per scan; every lookup after that is an index walk.
 */

/** `hidden`, `aria-hidden="true"`, `inert`, a separator — not shown to anyone as content. */
export const HIDDEN = 1;
/** Inside a button or another control: its text names the control, it is not a value. */
export const CONTROL = 2;
/** A tooltip or a description (`role=tooltip`, an `aria-describedby` target): explains a label, is not a value. */
export const TOOLTIP = 4;
/** A live region (toasts such as "Copied", status and alert messages). */
export const LIVE = 8;
export const SKIP = HIDDEN | CONTROL | TOOLTIP | LIVE;
/** Inside a column or row header: a sort button there still carries the column's name. */
const HEADER = 16;
/** The flags of this node are worked out. */
const KNOWN = 128;

const NOT_CONTENT = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'SELECT', 'CANVAS', 'VIDEO', 'AUDIO', 'svg', 'math']);
const LOOKED_UP = new Set(['BUTTON', 'INPUT', 'TEXTAREA', 'LABEL', 'A', 'TH', 'SLOT']);
const CONTROL_ROLES = new Set(['button', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'switch', 'checkbox', 'radio', 'option', 'slider', 'spinbutton', 'combobox', 'menu', 'menubar']);
const LIVE_ROLES = new Set(['status', 'alert', 'log', 'marquee', 'timer', 'alertdialog']);
const BUTTON_INPUTS = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio', 'file', 'color', 'range']);

export interface Flat {
  nodes: Node[];
  /** Worked-out flags (with KNOWN), or 0 while not asked for yet: read them with `flagsAt`. */
  flags: Uint8Array;
  /** For an element: the index just after its last descendant. For a text node: its own index + 1. */
  end: Int32Array;
  /** Index of the composed parent element (-1 at the top). */
  parent: Int32Array;
  /** Flat index of every element that has attributes or is a button, input, textarea, label, link, th or slot. */
  index: Map<Node, number>;
  /** Flat indexes of the text nodes, in order. */
  texts: number[];
  /** The document and every open shadow root (ids and ARIA references resolve within a root). */
  roots: (Document | ShadowRoot)[];
  /** Elements an `aria-describedby` names (tooltips, descriptions). */
  descriptions: Set<Element>;
}

/** The node's flags (its own and every ancestor's), worked out once. */
export function flagsAt(flat: Flat, at: number): number {
  const known = flat.flags[at]!;
  if (known & KNOWN) return known & ~KNOWN;
  const parent = flat.parent[at]!;
  const inherited = parent >= 0 ? flagsAt(flat, parent) : 0;
  const node = flat.nodes[at]!;
  let flags = inherited;
  if (node.nodeType === 1) {
    flags |= ownFlags(node as Element, inherited);
    if (flat.descriptions.has(node as Element)) flags |= TOOLTIP;
  }
  flat.flags[at] = flags | KNOWN;
  return flags;
}

export function isControlElement(element: Element): boolean {
  const role = element.getAttribute('role');
  if (role && CONTROL_ROLES.has(role)) return true;
  if (element.tagName === 'BUTTON') return true;
  return element instanceof HTMLInputElement && BUTTON_INPUTS.has(element.type);
}

/**
 * The element's own flags, from the few attributes that set them (this runs for most elements of a scan; asking
 * for them by name creates no Attr objects, unlike walking `attributes`).
 */
function ownFlags(element: Element, inherited: number): number {
  let flags = 0;
  const role = element.getAttribute('role');
  if (element.hasAttribute('hidden') || element.hasAttribute('inert') || element.getAttribute('aria-hidden') === 'true') flags |= HIDDEN;
  const live = element.getAttribute('aria-live');
  if (live === 'assertive' || live === 'polite') flags |= LIVE;
  const tag = element.tagName;
  // A separator, or presentational text (role=presentation/none holding only text, such as a ":" or a decoy): no
  // content. A presentational wrapper of other elements (Fluent's rows and lists) is read through.
  if (role === 'separator' || ((role === 'presentation' || role === 'none') && element.firstElementChild === null)) flags |= HIDDEN;
  if (role === 'tooltip') flags |= TOOLTIP;
  if (role !== null && LIVE_ROLES.has(role)) flags |= LIVE;
  if (role === 'columnheader' || role === 'rowheader' || tag === 'TH') flags |= HEADER;
  else if (!(inherited & HEADER) && ((role !== null && CONTROL_ROLES.has(role)) || tag === 'BUTTON' || (tag === 'INPUT' && BUTTON_INPUTS.has((element as HTMLInputElement).type)))) flags |= CONTROL;
  return flags;
}

/** One element whose children are being walked: the next sibling to visit, or a list (a slot's assigned nodes). */
interface Frame {
  at: number;
  next: Node | null;
  list: readonly Node[] | null;
  i: number;
}

/**
 * Walks the composed tree in reading order: an element's shadow root instead of its light children, a slot's
 * assigned nodes (or its fallback content), into typed arrays. This runs on every scan of pages with thousands of
 * elements: it only records structure (flags come later, for the nodes a reader looks at).
 */
class Flattener {
  readonly nodes: Node[] = [];
  readonly index = new Map<Node, number>();
  readonly texts: number[] = [];
  flags: Uint8Array;
  parent: Int32Array;
  end: Int32Array;
  readonly roots: (Document | ShadowRoot)[];
  count = 0;

  constructor(
    doc: Document,
    private readonly limit: number,
  ) {
    this.roots = [doc];
    const capacity = Math.min(limit, doc.getElementsByTagName('*').length * 3 + 64);
    this.flags = new Uint8Array(capacity);
    this.parent = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  /**
   * Visits `top` and its composed subtree in reading order, with an explicit stack (no recursion), pausing every few
   * dozen nodes so a big page is walked in slices.
   */
  *walk(top: Node): Steps<void> {
    const stack: Frame[] = [];
    this.enter(top, -1, stack);
    let visited = 0;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      let child: Node | null;
      if (frame.list) child = frame.list[frame.i++] ?? null;
      else {
        child = frame.next;
        if (child) frame.next = child.nextSibling;
      }
      if (!child) {
        this.end[frame.at] = this.count;
        stack.pop();
        continue;
      }
      this.enter(child, frame.at, stack);
      if ((++visited & PAUSE_EVERY) === 0) yield MAY_PAUSE;
    }
  }

  /** Records `node` under `parent`; an element's children (its shadow root's, or a slot's assigned nodes) come next. */
  private enter(node: Node, parent: number, stack: Frame[]): void {
    if (node.nodeType === 3) {
      this.texts.push(this.push(node, parent));
      return;
    }
    if (node.nodeType !== 1 || this.count >= this.limit) return;
    const element = node as Element;
    const tag = element.tagName;
    if (NOT_CONTENT.has(tag)) return;
    const at = this.push(element, parent);
    // Only elements with attributes, or of the tags looked up by identity, are ever looked up (by selector, id, label).
    if (element.hasAttributes() || LOOKED_UP.has(tag)) this.index.set(element, at);
    const shadow = element.shadowRoot;
    if (shadow) {
      this.roots.push(shadow);
      stack.push({ at, next: shadow.firstChild, list: null, i: 0 });
    } else if (tag === 'SLOT' && (element as HTMLSlotElement).assignedNodes().length > 0) {
      stack.push({ at, next: null, list: (element as HTMLSlotElement).assignedNodes({ flatten: true }), i: 0 });
    } else stack.push({ at, next: element.firstChild, list: null, i: 0 });
  }

  private push(node: Node, parent: number): number {
    const at = this.count++;
    if (at >= this.flags.length) this.grow();
    this.nodes.push(node);
    this.parent[at] = parent;
    this.end[at] = at + 1;
    return at;
  }

  private grow(): void {
    const size = this.flags.length * 2;
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    const parent = new Int32Array(size);
    parent.set(this.parent);
    const end = new Int32Array(size);
    end.set(this.end);
    this.flags = flags;
    this.parent = parent;
    this.end = end;
  }
}

/** The page as a flat tree, walked in slices (see slices.ts). */
export function* flattenSteps(doc: Document = document, limit = 200_000): Steps<Flat> {
  const walker = new Flattener(doc, limit);
  const top = doc.body ?? doc.documentElement;
  if (top) yield* walker.walk(top);
  return {
    nodes: walker.nodes,
    flags: walker.flags.subarray(0, walker.count),
    end: walker.end.subarray(0, walker.count),
    parent: walker.parent.subarray(0, walker.count),
    index: walker.index,
    texts: walker.texts,
    roots: walker.roots,
    descriptions: yield* describedElements(walker.roots),
  };
}

/** Elements named by `aria-describedby` are descriptions (tooltips), whatever their markup. */
function* describedElements(roots: readonly (Document | ShadowRoot)[]): Steps<Set<Element>> {
  const found = new Set<Element>();
  let seen = 0;
  for (const root of roots) {
    for (const describer of Array.from(root.querySelectorAll('[aria-describedby]'))) {
      if ((++seen & PAUSE_EVERY) === 0) yield MAY_PAUSE;
      for (const id of (describer.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)) {
        const target = root.getElementById(id);
        if (target) found.add(target);
      }
    }
  }
  return found;
}

/** Does the element at `outer` contain the node at `inner` (in the composed tree)? */
export function contains(flat: Flat, outer: number, inner: number): boolean {
  return inner >= outer && inner < flat.end[outer]!;
}

/** Every element of the flat tree matching `selector` (shadow roots included), in reading order if `ordered`. */
export function queryFlat(flat: Flat, selector: string, ordered = true): Element[] {
  const found: Element[] = [];
  for (const root of flat.roots) for (const element of Array.from(root.querySelectorAll(selector))) if (flat.index.has(element)) found.push(element);
  return ordered ? found.sort((a, b) => flat.index.get(a)! - flat.index.get(b)!) : found;
}

const shownCache = new Map<Element, boolean>();

/**
 * Rendered and not visually hidden: CSS-hidden (display, visibility, opacity), clipped to a pixel (the
 * "screen-reader only" pattern) or moved off-screen all count as hidden. Computed only for candidates, cached
 * for one scan (`forgetLayout` starts the next).
 */
export function isShown(element: Element): boolean {
  const cached = shownCache.get(element);
  if (cached !== undefined) return cached;
  const shown = computeShown(element);
  shownCache.set(element, shown);
  return shown;
}

function computeShown(element: Element): boolean {
  const style = getComputedStyle(element);
  // `display: contents` draws no box of its own: its parent decides.
  if (style.display === 'contents') return element.parentElement ? isShown(element.parentElement) : true;
  const visible = typeof element.checkVisibility === 'function' ? element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) : element.getClientRects().length > 0;
  if (!visible) return false;
  const rect = element.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return false;
  // Moved out of the document (left: -9999px): in page coordinates, so a page scrolled down still counts as shown.
  const view = element.ownerDocument.documentElement;
  const left = rect.left + window.scrollX;
  const top = rect.top + window.scrollY;
  if (left + rect.width <= 0 || top + rect.height <= 0 || left >= Math.max(view.scrollWidth, window.innerWidth) + 100) return false;
  return !(/^rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)$/.test(style.clip) || /inset\(\s*50%/.test(style.clipPath));
}

export function forgetLayout(): void {
  shownCache.clear();
}

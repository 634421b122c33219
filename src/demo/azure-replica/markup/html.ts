/**
 * Helpers for the Azure page markup (the one source of it: the demo's replica serves these pages, and the test
 * fixtures are made from them). Pure string building, no Node: dynamic values reach a page as escaped text or as
 * JSON data, never as markup.
 */

/** A JSON block a page script reads with JSON.parse; `<` is escaped so no value can close the script element. */
export function configBlock(config: unknown, id = 'replica-config'): string {
  return `<script id="${id}" type="application/json">${JSON.stringify(config).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}</script>`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The element helper a page script starts with (attributes and text, no innerHTML), and the page's config. */
export const EL_HELPER = `
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const config = JSON.parse(document.getElementById('replica-config').textContent);`;

export interface PageOptions {
  title: string;
  style: string;
  body: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** Classes on <html> (the portal marks its theme there: fxs-theme-dark fxs-mode-dark). */
  htmlClass?: string;
}

export function page(options: PageOptions): string {
  const attrs = [`lang="${escapeHtml(options.lang ?? 'en')}"`, options.dir ? `dir="${options.dir}"` : '', options.htmlClass ? `class="${escapeHtml(options.htmlClass)}"` : ''].filter(Boolean).join(' ');
  return `<!doctype html>
<html ${attrs}>
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)}</title>
<style>${options.style}</style>
</head>
<body>
${options.body}
</body>
</html>
`;
}

/** A glyph of Fluent's icon font (Private Use Area), as the portal renders its copy and info icons. */
export function fluentIcon(name: string, codePoint: number): string {
  return `<i data-icon-name="${escapeHtml(name)}" aria-hidden="true" class="ms-Icon root-89">${String.fromCodePoint(codePoint)}</i>`;
}

/** Fluent's icon-only "Copy to clipboard" button. */
export function copyButton(label = 'Copy to clipboard'): string {
  return `<button type="button" class="ms-Button ms-Button--icon root-110" title="${escapeHtml(label)}" aria-label="${escapeHtml(label)}" data-is-focusable="true"><span class="ms-Button-flexContainer" data-automationid="splitbuttonprimary">${fluentIcon('Copy', 0xe8c8)}</span></button>`;
}

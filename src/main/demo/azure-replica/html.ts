/** Tiny helpers for the replica pages: every dynamic value reaches a page as JSON data, never as markup. */

/** A JSON block a page script reads with JSON.parse; `<` is escaped so no value can close the script element. */
export function configBlock(config: unknown): string {
  return `<script id="replica-config" type="application/json">${JSON.stringify(config).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}</script>`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The element helper every replica page script starts with (attributes and text, no innerHTML). */
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

export function page(title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

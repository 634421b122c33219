/**
 * The one rule for text this app did not write (a console's item names and titles, a page, a bundle, a profile file,
 * a file name) before it reaches a terminal, a log or the window. Unsafe there are: every control character (C0 with
 * ESC, so no escape sequence can rewrite the screen, retitle the window or fake a prompt; DEL; C1), every format
 * character (the bidi marks, embeddings, overrides and isolates that reorder what is shown, U+061C; the zero-width
 * space, joiners and word joiner; the byte-order mark; the invisible tag characters) and the line and paragraph
 * separators U+2028/U+2029.
 */
const UNSAFE_SOURCE = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]';
const UNSAFE = new RegExp(UNSAFE_SOURCE, 'gu');
const UNSAFE_ONE = new RegExp(UNSAFE_SOURCE, 'u');

/** `\uXXXX` for each UTF-16 unit: readable, inert, and a valid escape inside a JSON or JavaScript string. */
function escaped(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * The text with every unsafe character shown as its `\uXXXX` escape, so what was there stays visible but inert.
 * `max` bounds the result (names echoed from an untrusted file are kept short).
 */
export function printable(text: string, options: { max?: number } = {}): string {
  const safe = text.replace(UNSAFE, escaped);
  const max = options.max;
  return max !== undefined && safe.length > max ? `${safe.slice(0, Math.max(0, max - 3))}...` : safe;
}

/** The same rule for text made of lines (what a command prints): line breaks stay, everything else unsafe is escaped. */
export function printableLines(text: string): string {
  return text.split('\n').map((line) => printable(line)).join('\n');
}

export function hasUnprintable(text: string): boolean {
  return UNSAFE_ONE.test(text);
}

/**
 * Characters that must never reach a terminal or a log from text we did not write: C0 and C1 controls (escape
 * sequences can rewrite the screen, retitle the window or fake a prompt), DEL, and the bidirectional overrides and
 * isolates (they reorder what is shown).
 */
// eslint-disable-next-line no-control-regex
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every such character shown as its `\uXXXX` escape, so what was there stays visible but inert. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}

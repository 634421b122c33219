import { describe, expect, it } from 'vitest';
import { hasUnprintable, printable, printableLines } from './printable';

/** Issue 22 §4: one rule for every outside text on a terminal or in the window. */
describe('printable', () => {
  const hostile = {
    'ESC (CSI, OSC title)': '\u001b[2J\u001b]0;owned\u0007',
    'C0 and DEL': '\u0000\u0008\r\t\u007f',
    C1: '\u0085\u009b\u009d',
    'Arabic letter mark': '\u061c',
    'bidi marks, embeddings, overrides, isolates': '\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
    'zero-width space, joiners, word joiner, BOM': '\u200b\u200c\u200d\u2060\ufeff',
    'line and paragraph separators': '\u2028\u2029',
    'soft hyphen and invisible tag characters': '\u00ad\u{e0041}\u{e007f}',
  };

  for (const [what, text] of Object.entries(hostile)) {
    it(`shows ${what} as inert escapes`, () => {
      const shown = printable(`a${text}b`);
      expect(hasUnprintable(text)).toBe(true);
      expect(hasUnprintable(shown)).toBe(false);
      expect(shown).toMatch(/^a[\x20-\x7e]+b$/);
      // The escapes are JSON's own: a JSON string with them reads back as the original text.
      expect(JSON.parse(`"${shown}"`)).toBe(`a${text}b`);
    });
  }

  it('leaves ordinary text alone, including other scripts, emoji and typographic marks', () => {
    const text = 'Contoso Ltd. — Produktion: „Straße“ ✓ 東京 مرحبا 👍 café';
    expect(printable(text)).toBe(text);
    expect(hasUnprintable(text)).toBe(false);
  });

  it('bounds a long name and keeps line breaks only when asked for lines', () => {
    expect(printable('x'.repeat(200), { max: 80 })).toBe(`${'x'.repeat(77)}...`);
    expect(printable('one\ntwo')).toBe('one\\u000atwo');
    expect(printableLines('one\u001b[31m\ntwo\u202e\n')).toBe('one\\u001b[31m\ntwo\\u202e\n');
  });
});

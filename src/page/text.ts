/**
 * Text as a reader compares it: labels by meaning (any spacing, case, punctuation, width or script direction),
 * values exactly as the page holds them, minus the invisible characters pages insert for layout.
 */

/** Zero-width and soft-break characters, bidi marks and isolates, the word joiner and BOM: layout, never content. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Icon fonts (Fluent's copy glyph, …) draw from the Private Use Area; such a glyph is never part of a value. */
const PRIVATE_USE = /[\ue000-\uf8ff]/g;

/** A required marker or an info mark after a label: "Client secret *", "App ID (required)", "Value ⓘ". */
const LABEL_SUFFIX = /(\s*(\*|\(required\)|\(erforderlich\)|\(obligatoire\)|\(必須\)|ⓘ|\(i\)))+\s*$/iu;

const ASCII = /^[\x20-\x7e\t\n\r]*$/;
const ASCII_SUFFIX = /(\s*\((required|erforderlich|obligatoire|i)\))+[\s*]*$/;
const NOT_ASCII_ALNUM = /[^a-z0-9]+/g;

/** Lower-case letters, marks and digits only: "Directory (tenant) ID:" → "directorytenantid". */
export function labelKey(text: string | null | undefined): string {
  if (!text) return '';
  // Most page text is plain ASCII: the same key, without the Unicode work (every text node of a page is keyed).
  if (text.length <= 400 && ASCII.test(text)) {
    const lower = text.toLowerCase();
    return (lower.includes(')') ? lower.replace(ASCII_SUFFIX, '') : lower).replace(NOT_ASCII_ALNUM, '');
  }
  // Symbols (ⓘ, icon glyphs) go before NFKC, which would turn a circled "i" into a letter.
  return text
    .slice(0, 400)
    .replace(INVISIBLE, '')
    .replace(PRIVATE_USE, '')
    .replace(LABEL_SUFFIX, '')
    .replace(/[\p{So}\p{Sk}]/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '');
}

/** A value as held by the page, without invisible layout characters and icon glyphs; trimmed. */
export function cleanValue(text: string): string {
  return text.replace(INVISIBLE, '').replace(PRIVATE_USE, '').replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
}

/**
 * A URL written across lines or broken for wrapping (`<wbr>`, soft hyphens), with HTML-escaped ampersands. A space
 * inside is kept only where the query goes on ("scope=vso.code vso.project&…"); a caption after the URL is cut off.
 */
export function cleanUrl(text: string): string {
  const joined = cleanValue(text.replace(/[^\S\n]*[\r\n]+\s*/g, '').replace(/&amp;/gi, '&'));
  const [first = '', ...rest] = joined.split(/\s+/);
  let url = first;
  for (const token of rest) {
    if (!/^[\w.~%+-]+([&=?#/][^\s]*)?$/.test(token) || !(/[=&]/.test(token) || /^vso\./i.test(token))) break;
    url += ` ${token}`;
  }
  return url;
}

/** Words a page shows on or next to controls and toasts; a value is never one of them. */
const UI_WORDS = new Set(
  [
    'copy', 'copied', 'copiedtoclipboard', 'copytoclipboard', 'show', 'hide', 'reveal', 'view', 'edit', 'delete', 'regenerate', 'kopieren', 'kopiert', 'anzeigen', 'ausblenden',
    'copier', 'copié', 'copierdanslepressepapiers', 'copiédanslepressepapiers', 'afficher', 'masquer', 'modifier', 'supprimer', 'régénérer', 'コピー', 'コピーしました', '表示', '非表示',
    'notavailable', 'nondisponible', 'none', 'aucun', 'na', 'loading', 'chargement',
  ].map(labelKey),
);

export function isUiWord(text: string): boolean {
  return UI_WORDS.has(labelKey(text));
}

/** Punctuation, separators and symbols only (":", "|", "—", an icon glyph). */
export function isDecoration(text: string): boolean {
  return cleanValue(text).replace(/[\p{P}\p{S}\p{Z}\s]/gu, '').length === 0;
}

/** Words of a control's accessible name (for "Show", "Reveal", icon names), lower case. */
export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The one rule for "this text stands in for a value": bullets or asterisks (whole, or a run of three after a visible
 * prefix), a word such as "hidden", or a cut-off text ending in an ellipsis. The page script uses it to press Show
 * before reading; the providers' checks use it to refuse a value read in its masked form. Pure: it is bundled into
 * the page script too.
 */
const BULLETS = '•●∙·*⁕﹡＊\u2022\u25cf\u2219';
const ALL_BULLETS = new RegExp(`^[${BULLETS}]+$`);
const BULLET_RUN = new RegExp(`[${BULLETS}]{3,}`);
const HIDDEN_WORD = /^(hidden|\(hidden\)|verborgen|非表示)$/i;
const CUT_OFF = /…|\.\.\.$/;

export function looksMasked(text: string): boolean {
  const t = text.trim();
  if (t.length === 0) return false;
  return ALL_BULLETS.test(t) || BULLET_RUN.test(t) || HIDDEN_WORD.test(t) || CUT_OFF.test(t);
}

/**
 * A date as a page shows it, read in the page's own language and returned as YYYY-MM-DD: the order of day, month and
 * year is the one that language writes (en-US month/day/year, de day.month.year, ja year/month/day), taken from
 * Intl for that language. Only the numbers the page shows are used, so no time zone ever moves the day. A page
 * without a language, a language Intl does not know, or text that is no valid date gives null (never a guess),
 * except an unambiguous year-first date (2027-11-26, 2027/11/26).
 */

type Part = 'year' | 'month' | 'day';

function orderOf(lang: string): Part[] | null {
  if (!lang) return null;
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf([lang]).length === 0) return null;
    const parts = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).formatToParts(Date.UTC(2006, 0, 2));
    const order = parts.map((p) => p.type).filter((t): t is Part => t === 'year' || t === 'month' || t === 'day');
    return order.length === 3 ? order : null;
  } catch {
    return null;
  }
}

function valid(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function pageDate(text: string, lang: string): string | null {
  const numbers = /(\d{1,4})\D+(\d{1,2})\D+(\d{1,4})/.exec(text.normalize('NFKC'));
  if (!numbers) return null;
  const groups = [numbers[1]!, numbers[2]!, numbers[3]!];
  // Year first, four digits: every language that writes it so means year, month, day.
  if (groups[0]!.length === 4) return valid(Number(groups[0]), Number(groups[1]), Number(groups[2]));
  const order = orderOf(lang);
  if (!order || order[0] === 'year') return null;
  const value: Record<Part, number> = { year: 0, month: 0, day: 0 };
  order.forEach((part, i) => (value[part] = Number(groups[i])));
  if (groups[order.indexOf('year')]!.length !== 4) return null;
  return valid(value.year, value.month, value.day);
}

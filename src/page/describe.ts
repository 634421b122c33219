import type { DescribeAnswer } from '../shared/page-protocol';
import { signInEntries } from './find-provider';
import { here } from './here';

/**
 * What a page says, for the sign-in round trip: its title and headings, its alerts, any AADSTS code it shows (Azure's
 * error page), and whether it offers DeepSource's sign-in entries (a login page). Text only, bounded; nothing is
 * clicked or typed.
 */

const MAX = 300;

function tidy(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0]+/g, ' ').trim().slice(0, MAX);
}

function shown(element: Element): boolean {
  if (element.closest('[hidden], [aria-hidden="true"]')) return false;
  const style = getComputedStyle(element);
  return style.display !== 'none' && style.visibility !== 'hidden';
}

export function describe(): DescribeAnswer {
  const headings = Array.from(document.querySelectorAll('h1, h2, [role="heading"]')).filter(shown).map((h) => tidy(h.textContent)).filter(Boolean).slice(0, 4);
  const alerts = Array.from(document.querySelectorAll('[role="alert"], [aria-live="assertive"]'))
    .filter(shown)
    .map((a) => tidy(a.textContent))
    .filter(Boolean)
    .slice(0, 4);
  const body = (document.body?.innerText ?? '').slice(0, 50_000);
  const errorCodes: DescribeAnswer['errorCodes'] = [];
  for (const match of body.matchAll(/AADSTS(\d{5,8})\b[:\s]*([^\n]*)/g)) {
    const code = Number(match[1]);
    if (!errorCodes.some((known) => known.code === code)) errorCodes.push({ code, text: tidy(`AADSTS${match[1]}: ${match[2] ?? ''}`) });
    if (errorCodes.length >= 4) break;
  }
  const { azureDevOps, seen } = signInEntries();
  return {
    mode: 'describe',
    ...here(),
    title: tidy(document.title),
    headings,
    alerts,
    errorCodes,
    azureDevOpsEntry: azureDevOps ? tidy(azureDevOps.name) : null,
    entries: seen.map(tidy),
    passwordField: Array.from(document.querySelectorAll('input[type="password"]')).some(shown),
  };
}

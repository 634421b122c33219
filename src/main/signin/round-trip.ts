import type { DescribeAnswer } from '../../shared/page-protocol';
import type { RoundTrip } from '../../shared/signin';
import { aadstsCode } from '../entra-graph/aadsts';
import { explainAzureRefusal, type RefusalFacts } from './azure-errors';

/**
 * The sign-in round trip, as the app watches it: DeepSource's login sends the browser to Azure, the admin signs in
 * there, Azure returns to DeepSource's callback (with a code, or an error), and DeepSource answers (a signed-in page,
 * or its own error). Only addresses and what pages show are read; no code or token is kept: addresses are stored
 * with their code, state and tokens cut out.
 */

/** Query and fragment parameters that carry codes and tokens: never kept, shown as "…". */
const SECRET_PARAMS = new Set(['code', 'state', 'session_state', 'client_info', 'id_token', 'access_token', 'refresh_token', 'code_verifier', 'assertion', 'client_secret']);

/** The address with every code, state and token parameter (query and fragment) replaced by "…". */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: nothing after a "?" or "#" is kept.
    return url.split(/[?#]/)[0]!.slice(0, 200);
  }
  const scrub = (params: URLSearchParams) => {
    for (const key of [...params.keys()]) if (SECRET_PARAMS.has(key.toLowerCase())) params.set(key, '…');
  };
  scrub(parsed.searchParams);
  if (parsed.hash.length > 1 && parsed.hash.includes('=')) {
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    scrub(fragment);
    parsed.hash = fragment.toString();
  }
  return parsed.toString();
}

/** Is `url` DeepSource's callback (the installation's, either form of its trailing slash)? */
export function isCallback(url: string, callback: string): boolean {
  try {
    const parsed = new URL(url);
    const expected = new URL(callback);
    const path = (p: string) => p.replace(/\/+$/, '');
    return parsed.origin === expected.origin && path(parsed.pathname) === path(expected.pathname);
  } catch {
    return false;
  }
}

/** What Azure's return to the callback carries: a code (whose value is never read further) or an error. */
export function callbackReturn(url: string): { returned: 'code' | 'error' | null; error: string | null; description: string | null } {
  const parsed = new URL(url);
  const params = parsed.searchParams.size > 0 ? parsed.searchParams : new URLSearchParams(parsed.hash.slice(1));
  const error = params.get('error');
  if (error !== null) return { returned: 'error', error: error.slice(0, 100), description: (params.get('error_description') ?? '').slice(0, 600) };
  return { returned: params.has('code') ? 'code' : null, error: null, description: null };
}

/** Azure's own page, read: an AADSTS code it shows is a refusal, explained for this installation. */
export function azurePageRefusal(page: DescribeAnswer, facts: RefusalFacts): RoundTrip['azure'] {
  const shown = page.errorCodes[0];
  if (!shown) return null;
  return { where: 'page', code: shown.code, shown: shown.text, ...explainAzureRefusal(shown.code, facts) };
}

/** Azure's error sent back to the callback (error, error_description), explained for this installation. */
export function callbackRefusal(error: string, description: string, facts: RefusalFacts): NonNullable<RoundTrip['azure']> {
  const code = aadstsCode(description);
  return { where: 'callback', code, shown: (description || error).slice(0, 300), ...explainAzureRefusal(code, facts, error) };
}

/**
 * DeepSource's answer after its callback, from the page it settled on: its login page again (with whatever it says)
 * or an error (a status of 400 and up, an alert, an error shown at the callback) is a refusal; any other page of
 * DeepSource after a code came back is a signed-in page.
 */
export function deepSourceAnswer(page: DescribeAnswer, status: number | undefined, atCallback: boolean): NonNullable<RoundTrip['answer']> {
  const said = [...page.alerts, ...page.headings].filter(Boolean).slice(0, 3).join(' — ').slice(0, 300);
  const base = { title: page.title.slice(0, 300), said, status: status ?? null };
  if (page.azureDevOpsEntry !== null) return { kind: 'login-page', ...base };
  if ((status !== undefined && status >= 400) || page.alerts.length > 0 || (atCallback && page.errorCodes.length > 0)) return { kind: 'error', ...base };
  return { kind: 'signed-in', ...base };
}

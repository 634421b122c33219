/** Helpers the providers' checks share. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string | undefined): boolean {
  return value !== undefined && GUID.test(value.trim());
}

/** Dots, asterisks or a visible prefix followed by them: what a page shows instead of a secret. */
export function looksMasked(value: string): boolean {
  return /^[•●∙·*\u2022\u25cf]+$/.test(value) || /[•●*\u2022\u25cf]{3,}/.test(value) || /…|\.\.\.$/.test(value);
}

/** DeepSource's callback URL for a hostname (no trailing slash by default: see the reference, §6). */
export function callbackUrl(hostname: string, trailingSlash = false): string {
  return `https://${hostname}/accounts/ads/login/callback/bifrost${trailingSlash ? '/' : ''}`;
}

export function missing(id: string, what: string, where: string): { id: string; ok: false; message: string; fix: string } {
  return { id, ok: false, message: `${what} was not found on the page.`, fix: `Open ${where} in the built-in browser, or use "Pick" and click the value.` };
}

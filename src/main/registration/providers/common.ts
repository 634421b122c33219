import { GUID, GUID_SOURCE, isGuid } from '../../../shared/identifiers';
import type { ProviderField } from './types';

/** Helpers the providers' checks share. */
export { GUID, isGuid };

/** The page script's preference for an id: a GUID, whole (source of a case-insensitive regular expression). */
export const GUID_SHAPE = GUID.source;

/** A value field that is an id (App ID, tenant ID): text, a GUID preferred, never revealed by a Show control. */
export function idField(key: ProviderField['key'], title: string, labels: readonly string[]): ProviderField {
  return { key, title, labels, kind: 'text', maxLength: 64, role: 'value', reveal: false, prefer: GUID_SHAPE };
}

const GUID_IN_TEXT = new RegExp(GUID_SOURCE, 'i');

/**
 * The app id an address names: a GUID in one of the query parameters `params` (also in a hash route's query), or
 * right after one of the path segments `segments` (in the path or the hash route: `…/appId/<guid>`). Lower case.
 */
export function guidInUrl(url: string, params: readonly string[], segments: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const hashQuery = parsed.hash.includes('?') ? new URLSearchParams(parsed.hash.slice(parsed.hash.indexOf('?') + 1)) : null;
  for (const name of params) {
    for (const value of [parsed.searchParams.get(name), hashQuery?.get(name) ?? null]) {
      if (value && GUID.test(value.trim())) return value.trim().toLowerCase();
    }
  }
  const route = `${parsed.pathname}/${parsed.hash.replace(/^#/, '').split('?')[0]}`.split('/').map((part) => safeDecode(part));
  for (let i = 0; i < route.length - 1; i++) {
    if (segments.some((segment) => segment.toLowerCase() === route[i]!.toLowerCase())) {
      const match = GUID_IN_TEXT.exec(route[i + 1]!);
      if (match && match[0].length === route[i + 1]!.trim().length) return match[0].toLowerCase();
    }
  }
  return null;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}


/** DeepSource's callback URL for a hostname (no trailing slash by default: see the reference, §6). */
export function callbackUrl(hostname: string, trailingSlash = false): string {
  return `https://${hostname}/accounts/ads/login/callback/bifrost${trailingSlash ? '/' : ''}`;
}

/** A value not read yet: the check waits for it (pending), it has not failed. */
export function missing(id: string, what: string, where: string): { id: string; ok: false; pending: true; message: string; fix: string } {
  return { id, ok: false, pending: true, message: `${what} was not found on the page.`, fix: `Open ${where} in the built-in browser, or use "Pick" and click the value.` };
}

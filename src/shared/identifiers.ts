import { z } from 'zod';

/**
 * The identifier shapes the app checks in several layers, each defined once: a GUID (Azure app and tenant ids) and a
 * KOTS app slug.
 */

/** A GUID anywhere in a text (source of a case-insensitive regular expression). */
export const GUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A whole value that is a GUID. */
export const GUID = new RegExp(`^${GUID_SOURCE}$`, 'i');

export function isGuid(value: string | undefined): boolean {
  return value !== undefined && GUID.test(value.trim());
}

export const guidSchema = z.string().trim().regex(GUID, 'expected a GUID such as 12345678-90ab-cdef-1234-567890abcdef');

/** A KOTS app slug (`kubectl kots get apps` lists them): lower-case letters, digits and dashes. */
export const APP_SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const appSlugSchema = z.string().regex(APP_SLUG, 'an app slug such as deepsource');

/** A way to reach the admin console (main's list: src/main/console/access/routes.ts), e.g. `password` or `kubectl`. */
export const CONSOLE_ROUTE_ID = /^[a-z][a-z0-9-]{0,31}$/;
export const consoleRouteIdSchema = z.string().regex(CONSOLE_ROUTE_ID, 'a console route such as password, authstring or kubectl');

/** The name of one of a console route's options (its own words: `password`, `context`, `namespace`, `remember`). */
export const consoleRouteOptionSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);

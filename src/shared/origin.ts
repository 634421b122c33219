/**
 * The one origin parser: `new URL(u).origin`, or null for anything unparsable or without an origin of its own
 * (`about:`, `data:`, and schemes Node does not know, for which it says "null"). Compare origins only this way, never
 * with a prefix match (`https://example.com.attacker.com`).
 */
export function originOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

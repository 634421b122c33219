import type { FoundValue, ValueKind } from '../../shared/page-protocol';

export type Accepted = { ok: true; value: string } | { ok: false; reason: string };

/**
 * A value read from a web page is untrusted input. It is accepted only if it is bounded and plain: no markup,
 * no quotes, no control characters, and (secrets, ids) no spaces. Rejected values are never kept, echoed or shown.
 */
export function acceptValue(kind: ValueKind, found: FoundValue, maxLength: number): Accepted {
  if (found.tooLong || found.value.length > maxLength) {
    return { ok: false, reason: `The page shows a value longer than ${maxLength} characters here; that is not a credential.` };
  }
  const value = found.value.trim();
  if (value.length === 0) return { ok: false, reason: 'The value is empty.' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f<>"'`\\]/.test(value)) {
    return { ok: false, reason: 'The value contains markup, quotes or control characters; it was refused.' };
  }
  if (kind !== 'url' && /\s/.test(value)) return { ok: false, reason: 'The value contains spaces; it is not an id or a secret.' };
  if (kind === 'url') {
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:') return { ok: false, reason: 'The URL is not https.' };
    } catch {
      return { ok: false, reason: 'The value is not a URL.' };
    }
  }
  return { ok: true, value };
}

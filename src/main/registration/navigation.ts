/**
 * What the built-in browser may load. Pure functions: the Electron shell and the test browser both apply them.
 * Sign-in may pass through any https origin (ADFS, Okta…); prefill and extraction are decided separately, per
 * frame, by the provider's exact trusted-origin list.
 */
export type NavigationDecision = { allow: true } | { allow: false; reason: string };

const BLOCKED_REASON: Readonly<Record<string, string>> = {
  'http:': 'Plain http is not allowed: the built-in browser only loads https pages.',
  'file:': 'Local files cannot be opened in the built-in browser.',
  'javascript:': 'javascript: links are blocked in the built-in browser.',
  'data:': 'data: URLs are blocked in the built-in browser.',
};

/** Top-level navigation (link, redirect, window.open): https only. */
export function decideNavigation(url: string): NavigationDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allow: false, reason: 'The address is not a valid URL.' };
  }
  if (parsed.protocol === 'https:') {
    if (parsed.username || parsed.password) return { allow: false, reason: 'Addresses with a user name or password in them are blocked.' };
    return { allow: true };
  }
  return { allow: false, reason: BLOCKED_REASON[parsed.protocol] ?? `${parsed.protocol} addresses are blocked: the built-in browser only loads https pages.` };
}

/** Sub-frames may additionally be about:blank / about:srcdoc (pages build iframes that way); nothing else. */
export function decideFrameNavigation(url: string): NavigationDecision {
  if (url === 'about:blank' || url === 'about:srcdoc') return { allow: true };
  return decideNavigation(url);
}

/** Shown next to the address: https (lock) or not, and whether this page is one we read values from. */
export function describeLocation(url: string, trustedOrigins: readonly string[]): { secure: boolean; trusted: boolean; origin: string | null } {
  try {
    const parsed = new URL(url);
    return { secure: parsed.protocol === 'https:', trusted: trustedOrigins.includes(parsed.origin), origin: parsed.origin === 'null' ? null : parsed.origin };
  } catch {
    return { secure: false, trusted: false, origin: null };
  }
}

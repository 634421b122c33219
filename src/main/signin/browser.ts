/**
 * The browser the sign-in check drives, as the service sees it: the Electron shell implements it with a
 * WebContentsView (src/main/shell/signin-view.ts), the CLI and the tests with Chromium under Playwright
 * (chromium/signin-page.ts). Either one stops every navigation to an address of Azure's sign-in *before* a
 * connection is made and reports its URL instead; nothing is ever sent to Azure. Either one judges the certificate
 * of the very connection that carries each page (a verify proc on the view's session; the CLI's own proxy), by the
 * one rule, `decideCertificate` (src/main/tls/certificate-trust.ts).
 */
import type { CertificateTrust } from '../tls/certificate-trust';

export type SignInFailure =
  | { kind: 'tls'; host: string; fingerprint: string; certificate: 'untrusted' | 'changed' }
  | { kind: 'network'; reason: string };

export interface SignInListener {
  /** The top page changed or finished loading; `status` is the HTTP status of its document when known. */
  onPage: (page: { url: string; loading: boolean; status: number | undefined }) => void;
  /** The top frame navigated to an address of Azure's sign-in: stopped there, never loaded (the service reads it). */
  onAuthorize: (url: string) => void;
  /** The top frame starts going to `url` (a link, a redirect hop): the round trip follows where it goes. */
  onNavigate?: (url: string) => void;
  /** A navigation the policy refused (not https, not loopback http). */
  onBlocked: (url: string, reason: string) => void;
  onFailed: (failure: SignInFailure) => void;
}

export interface SignInOpenSpec {
  runId: string;
  url: string;
  /** A trusted fingerprint is for the login page's host (`pinnedHost`); the demo's pins; a CA file. */
  trust: CertificateTrust;
  /**
   * Is this an address of a provider's sign-in service? Every navigation and request there is stopped before a
   * connection is made; a top-frame navigation is reported (onAuthorize). The service's registry decides. A round
   * trip stops nowhere (Azure's certificates are then judged as any other site's).
   */
  stopsAt: (url: string) => boolean;
}

export interface SignInBrowser {
  open: (spec: SignInOpenSpec, listener: SignInListener) => Promise<void>;
  /** Loads the login page again (a retry while DeepSource restarts). */
  load: (runId: string, url: string) => Promise<void>;
  /** Runs a self-contained script in the top frame and returns its answer. */
  runInPage: (runId: string, code: string) => Promise<unknown>;
  close: (runId: string) => Promise<void>;
  setBounds?: (runId: string, bounds: { x: number; y: number; width: number; height: number }) => void;
}

/** https anywhere, plain http only on loopback (a port-forward); nothing else. */
export function signInNavigationAllowed(url: string): { allow: true } | { allow: false; reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allow: false, reason: 'The address is not a URL.' };
  }
  if (parsed.protocol === 'https:') return { allow: true };
  if (parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) return { allow: true };
  if (parsed.protocol === 'about:' && url === 'about:blank') return { allow: true };
  return { allow: false, reason: `${parsed.protocol}// is not allowed: the sign-in check uses https (plain http only on this machine's loopback).` };
}

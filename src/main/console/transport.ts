/**
 * How the console client reaches the network: a fetch-shaped function, injected. The app passes Electron's
 * `net.fetch` (system proxy, OS trust store) through `src/main/shell/console-fetch.ts`; the CLI and the tests pass
 * `nodeConsoleTransport` (node:https with per-connection certificate checks). Both decide a certificate with
 * `decideCertificate` (src/main/tls/certificate-trust.ts). Nothing here disables TLS verification process-wide.
 */
import type { CertificateTrust, CertificateVerdict } from '../tls/certificate-trust';

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<Response>;

/** What `decideCertificate` said of a refused certificate. */
export type TlsRejectionKind = Exclude<CertificateVerdict, 'accept'>;

/** Raised by a transport when a certificate is refused; carries the fingerprint so the admin can compare and pin. */
export class TlsRejection extends Error {
  readonly kind: TlsRejectionKind;
  readonly fingerprint: string | undefined;
  readonly reason: string;

  constructor(kind: TlsRejectionKind, fingerprint: string | undefined, reason: string) {
    super(`TLS certificate refused (${kind}): ${reason}`);
    this.name = 'TlsRejection';
    this.kind = kind;
    this.fingerprint = fingerprint;
    this.reason = reason;
  }
}

export interface ConsoleTransport {
  fetch: FetchLike;
  close: () => void;
}

/** A transport for one console: its certificate is trusted as `trust` says (a pin, a CA file), by the one rule. */
export type TransportFactory = (trust: CertificateTrust) => ConsoleTransport;

/** Loopback hosts where plain http is allowed (a `kubectl kots admin-console` port-forward). */
export function isLoopbackHost(hostname: string): boolean {
  // The same set the profile schema accepts for http (consoleUrlSchema).
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Normalises a SHA-256 fingerprint typed by an admin (any case, with or without colons) to `AA:BB:…`. */
export function normalizeFingerprint(value: string): string | null {
  const hex = value.replace(/^sha256[/:=]?/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

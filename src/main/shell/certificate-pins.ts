import { X509Certificate } from 'node:crypto';

/** One certificate a registration view's session trusts (the demo's own): exactly this leaf, for exactly this host. */
export interface CertificatePin {
  hostname: string;
  /** SHA-256 of the DER leaf certificate, `AA:BB:…` (node's X509Certificate.fingerprint256). */
  fingerprint256: string;
}

/**
 * The decision for one TLS connection of a session that knows `pins`: `accept` only when the host is a pinned host
 * and the leaf is exactly the pinned certificate; otherwise `default` (the platform's own verification decides,
 * unchanged). Never accepts a certificate for any other host, never relaxes verification in general.
 */
export function pinnedCertificateVerdict(hostname: string, certificatePem: string, pins: readonly CertificatePin[]): 'accept' | 'default' {
  let fingerprint: string;
  try {
    fingerprint = new X509Certificate(certificatePem).fingerprint256;
  } catch {
    return 'default';
  }
  return pins.some((pin) => pin.hostname === hostname && pin.fingerprint256 === fingerprint) ? 'accept' : 'default';
}

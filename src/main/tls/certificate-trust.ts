import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** What a TLS connection showed of its server certificate. */
export interface CertificateFacts {
  hostname: string;
  /** The leaf certificate, PEM. */
  pem: string;
  /** SHA-256 of the DER leaf, `AA:BB:…`. */
  fingerprint256: string;
  /** The platform's own verification (chain to a trusted root, name, dates) passed. */
  chainTrusted: boolean;
}

export interface CertificateTrust {
  /** Accept exactly this leaf for `pinnedHost`; any other certificate there is "changed". */
  pinnedHost?: string;
  pinnedFingerprint?: string;
  /** Accept leaves this CA issued for the host. */
  caPem?: string;
  /** Exact certificates accepted for their hosts (the demo's own). */
  pins?: readonly { hostname: string; fingerprint256: string }[];
}

export type CertificateVerdict = 'accept' | 'untrusted' | 'changed';

/** Did `caPem` issue this leaf, for this host, valid now? */
export function issuedBy(leafPem: string, caPem: string, hostname: string): boolean {
  try {
    const leaf = new X509Certificate(leafPem);
    const ca = new X509Certificate(caPem);
    const hostMatches = isIP(hostname) ? leaf.checkIP(hostname) !== undefined : leaf.checkHost(hostname) !== undefined;
    const now = Date.now();
    return hostMatches && leaf.checkIssued(ca) && leaf.verify(ca.publicKey) && Date.parse(leaf.validFrom) <= now && now <= Date.parse(leaf.validTo);
  } catch {
    return false;
  }
}

/** One decision per connection: pins first, then the pinned fingerprint, the CA file, the platform's verification. */
export function judgeCertificate(facts: CertificateFacts, trust: CertificateTrust): CertificateVerdict {
  if (trust.pins?.some((pin) => pin.hostname === facts.hostname && pin.fingerprint256 === facts.fingerprint256)) return 'accept';
  if (trust.pinnedFingerprint && (trust.pinnedHost === undefined || trust.pinnedHost === facts.hostname)) {
    return facts.fingerprint256 === trust.pinnedFingerprint ? 'accept' : 'changed';
  }
  if (facts.chainTrusted) return 'accept';
  if (trust.caPem && issuedBy(facts.pem, trust.caPem, facts.hostname)) return 'accept';
  return 'untrusted';
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's `--ignore-certificate-errors-spki-list` takes. */
export function spkiSha256(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

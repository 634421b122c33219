import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';

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

/** Opens a TLS connection to see the server's certificate and the platform's verdict on it; sends nothing. */
export function probeCertificate(hostname: string, port: number, timeoutMs = 10_000): Promise<CertificateFacts> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: hostname, port, ...(isIP(hostname) ? {} : { servername: hostname }), rejectUnauthorized: false }, () => {
      const peer = socket.getPeerCertificate();
      const nameOk = peer.raw ? tls.checkServerIdentity(hostname, peer) === undefined : false;
      socket.end();
      if (!peer.raw) return reject(new Error('the server sent no certificate'));
      const x509 = new X509Certificate(peer.raw);
      resolve({ hostname, pem: x509.toString(), fingerprint256: x509.fingerprint256, chainTrusted: socket.authorized && nameOk });
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('no answer in time')));
    socket.on('error', reject);
  });
}

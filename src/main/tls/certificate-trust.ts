import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The one certificate-trust rule. Every place that opens TLS for the app or the CLI — the console transports
 * (node:https, Electron's ses.fetch), the registration and sign-in views' sessions, the sign-in check's proxy —
 * only gathers the facts of the connection (`CertificateFacts`) and asks `decideCertificate`; none decides itself.
 */

/** One certificate trusted exactly: this leaf, for this host (the demo's own servers). */
export interface CertificatePin {
  hostname: string;
  /** SHA-256 of the DER leaf, `AA:BB:…` (node's X509Certificate.fingerprint256). */
  fingerprint256: string;
}

/** What a connection trusts besides the platform's own verification. Empty: the platform alone decides. */
export interface CertificateTrust {
  /** Accept exactly this leaf (SHA-256, `AA:BB:…`); any other certificate is "changed". */
  pinnedFingerprint?: string;
  /** The host the pinned fingerprint is for; without it, the pin holds for every host (a console's one origin). */
  pinnedHost?: string;
  /** PEM of one or more CAs: a leaf they issued for the host (directly or through the intermediates sent) is accepted. */
  caPem?: string;
  /** Exact certificates accepted for their hosts. */
  pins?: readonly CertificatePin[];
}

/** What a TLS connection showed of its server certificate; gathered by a transport, judged here. */
export interface CertificateFacts {
  hostname: string;
  /** The leaf certificate, PEM. */
  pem: string;
  /** SHA-256 of the DER leaf, `AA:BB:…`. */
  fingerprint256: string;
  /** The certificates the server sent after the leaf (or the platform built), PEM, leaf's issuer first. */
  chain?: readonly string[];
  /** The platform's own verification (chain to a trusted root, name, dates) passed. */
  chainTrusted: boolean;
  /** The platform's reason when it did not (e.g. `net::ERR_CERT_AUTHORITY_INVALID`, `DEPTH_ZERO_SELF_SIGNED_CERT`). */
  platformError?: string;
}

export type CertificateVerdict = 'accept' | 'untrusted' | 'changed';

/** The decision, with what accepted the certificate (a transport may leave a platform accept to the platform). */
export type CertificateDecision =
  | { verdict: 'accept'; by: 'pin' | 'pinned-fingerprint' | 'platform' | 'ca' }
  | { verdict: Exclude<CertificateVerdict, 'accept'>; reason: string };

/** Does this trust add anything to the platform's verification? (Without, a session may keep its default verifier.) */
export function extendsPlatform(trust: CertificateTrust): boolean {
  return Boolean(trust.pinnedFingerprint || trust.caPem || trust.pins?.length);
}

/**
 * One decision per connection, in this order: the exact pins; a pinned fingerprint for its host (that leaf, or
 * "changed"); the platform's verification; the CA file; otherwise "untrusted".
 */
export function decideCertificate(facts: CertificateFacts, trust: CertificateTrust): CertificateDecision {
  if (trust.pins?.some((pin) => pin.hostname === facts.hostname && pin.fingerprint256 === facts.fingerprint256)) return { verdict: 'accept', by: 'pin' };
  if (trust.pinnedFingerprint && (trust.pinnedHost === undefined || trust.pinnedHost === facts.hostname)) {
    if (facts.fingerprint256 === trust.pinnedFingerprint) return { verdict: 'accept', by: 'pinned-fingerprint' };
    return { verdict: 'changed', reason: 'the certificate is not the one that was pinned' };
  }
  if (facts.chainTrusted) return { verdict: 'accept', by: 'platform' };
  if (trust.caPem && issuedBy(facts, trust.caPem)) return { verdict: 'accept', by: 'ca' };
  return { verdict: 'untrusted', reason: facts.platformError || 'not trusted' };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/** More links than any real chain has: the walk below stops there. */
const MAX_CHAIN = 8;

function validNow(certificate: X509Certificate, now: number): boolean {
  return Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
}

function signedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  return child.checkIssued(issuer) && child.verify(issuer.publicKey);
}

/**
 * Did a CA of `caPem` issue this leaf for this host, directly or through intermediates the server sent (each a CA),
 * every link valid now? The CA file is the admin's explicit trust, so its certificates need not be roots.
 */
function issuedBy(facts: CertificateFacts, caPem: string): boolean {
  try {
    const leaf = new X509Certificate(facts.pem);
    const hostMatches = isIP(facts.hostname) ? leaf.checkIP(facts.hostname) !== undefined : leaf.checkHost(facts.hostname) !== undefined;
    if (!hostMatches) return false;
    const anchors = (caPem.match(PEM_BLOCK) ?? []).map((pem) => new X509Certificate(pem));
    const intermediates = (facts.chain ?? []).slice(0, MAX_CHAIN).map((pem) => new X509Certificate(pem));
    const now = Date.now();
    let current = leaf;
    for (let depth = 0; depth <= intermediates.length; depth++) {
      if (!validNow(current, now)) return false;
      if (anchors.some((anchor) => validNow(anchor, now) && signedBy(current, anchor))) return true;
      const next = intermediates.find((candidate) => candidate.ca && candidate !== current && signedBy(current, candidate));
      if (!next) return false;
      current = next;
    }
    return false;
  } catch {
    return false;
  }
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's `--ignore-certificate-errors-spki-list` takes. */
export function spkiSha256(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

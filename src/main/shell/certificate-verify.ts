import { X509Certificate } from 'node:crypto';
import type { Session } from 'electron';
import { decideCertificate, type CertificateDecision, type CertificateFacts, type CertificateTrust } from '../tls/certificate-trust';

/** Chromium's verify-proc results: 0 accept, -2 reject, -3 use Chromium's own verification. */
const ACCEPT = 0;
const REJECT = -2;
const USE_CHROMIUM = -3;

/** The facts of one verify-proc request: the leaf, the chain Chromium built, and Chromium's own verdict. */
export function requestCertificateFacts(request: Electron.Request): CertificateFacts | null {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(request.certificate.data);
  } catch {
    return null;
  }
  const chain: string[] = [];
  for (let link = request.certificate.issuerCert; link?.data && chain.length < 8; link = link.issuerCert) {
    if (link.data === request.certificate.data || link.data === chain.at(-1)) break;
    chain.push(link.data);
  }
  const chainTrusted = request.errorCode === 0;
  return { hostname: request.hostname, pem: leaf.toString(), fingerprint256: leaf.fingerprint256, chain, chainTrusted, ...(chainTrusted ? {} : { platformError: request.verificationResult || `error ${request.errorCode}` }) };
}

/**
 * Judges every certificate `ses` meets with `decideCertificate`. A platform accept is left to Chromium (its own
 * verdict, Certificate Transparency included); any other accept is exact; a refusal is reported once per request.
 * The session should be new: Chromium caches verify-proc results.
 */
export function judgeSessionCertificates(ses: Session, trust: CertificateTrust, onRefused?: (facts: CertificateFacts | null, decision: Exclude<CertificateDecision, { verdict: 'accept' }>) => void): void {
  ses.setCertificateVerifyProc((request, callback) => {
    const facts = requestCertificateFacts(request);
    const decision: CertificateDecision = facts ? decideCertificate(facts, trust) : { verdict: 'untrusted', reason: 'the certificate could not be read' };
    if (decision.verdict === 'accept') return callback(decision.by === 'platform' ? USE_CHROMIUM : ACCEPT);
    onRefused?.(facts, decision);
    return callback(REJECT);
  });
}

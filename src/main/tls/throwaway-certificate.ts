import { X509Certificate } from 'node:crypto';
import selfsigned from 'selfsigned';

export interface ThrowawayCertificate {
  /** PKCS#8 private key, PEM. */
  key: string;
  /** The certificate, PEM. */
  cert: string;
  /** SHA-256 fingerprint, `AA:BB:…` (node's X509Certificate.fingerprint256). */
  fingerprint: string;
}

/**
 * A self-signed ECDSA P-256 certificate for localhost / 127.0.0.1, valid two days, made in-process with WebCrypto
 * (the `selfsigned` library), so nothing needs openssl on PATH (Windows) and it works on Electron's BoringSSL. The
 * demo's servers use it, and so does the sign-in check's proxy for the leg Chromium sees (its key never leaves the
 * process).
 */
export async function makeThrowawayCertificate(commonName: string): Promise<ThrowawayCertificate> {
  const now = Date.now();
  const made = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 2 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: made.private, cert: made.cert, fingerprint: new X509Certificate(made.cert).fingerprint256 };
}

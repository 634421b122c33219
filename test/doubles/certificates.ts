import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';
import type { SelfSignedCert } from '../../src/demo/kots-console/types';

/** A throwaway self-signed certificate for localhost / 127.0.0.1, made with the real openssl (synchronously). */
export function makeSelfSignedCert(commonName = 'localhost'): SelfSignedCert {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-test-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(certFile, 'utf8');
    return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MadeCertificate {
  key: string;
  cert: string;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A certificate made in-process (ECDSA P-256, SHA-256): self-signed, or issued by `issuer`; a CA with `ca`; for the
 * given host names and IPs; valid from `from` to `to` (default: a minute ago to two days ahead). For private-CA
 * chains (root → intermediate → leaf) in the trust tests.
 */
export async function makeCertificate(commonName: string, options: { ca?: boolean; issuer?: MadeCertificate; hosts?: string[]; from?: number; to?: number } = {}): Promise<MadeCertificate> {
  const now = Date.now();
  const made = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(options.from ?? now - 60_000),
    notAfterDate: new Date(options.to ?? now + 2 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: options.ca ?? false },
      ...(options.ca ? [{ name: 'keyUsage' as const, keyCertSign: true, cRLSign: true, digitalSignature: true }] : []),
      ...(options.hosts ? [{ name: 'subjectAltName' as const, altNames: options.hosts.map((host) => (/^[\d.]+$/.test(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host })) }] : []),
    ],
    ...(options.issuer ? { ca: { key: options.issuer.key, cert: options.issuer.cert } } : {}),
  });
  return { key: made.private, cert: made.cert };
}

// Chromium's certificate verification for one session, with Electron's setCertificateVerifyProc on top.
//
// Chromium itself is told to accept every certificate (the session's browser context ignores HTTPS errors); this
// gate is what decides instead. For each https host:port it opens a real TLS connection from Node, reads the peer
// certificate, works out Chromium's own verdict (net::OK, or the net error it would give), and then asks the
// session's verify proc the way Electron does: 0 accept, -2 reject, -3 use Chromium's verdict, other negative
// values reject with that error. Verdicts are cached per host:port for the session's life, as Chromium caches them.
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';

export type VerifyProc = (request: Electron.Request, callback: (verificationResult: number) => void) => void;

export interface TlsVerdict {
  ok: boolean;
  /** Chromium's error name when refused, e.g. net::ERR_CERT_AUTHORITY_INVALID. */
  error?: string;
  fingerprint256?: string;
}

/** Node's verification errors as the net errors Chromium reports for the same certificate. */
function chromiumError(authorizationError: string | undefined): { code: number; name: string } {
  switch (authorizationError) {
    case undefined:
      return { code: 0, name: 'net::OK' };
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return { code: -201, name: 'net::ERR_CERT_DATE_INVALID' };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code: -200, name: 'net::ERR_CERT_COMMON_NAME_INVALID' };
    default:
      return { code: -202, name: 'net::ERR_CERT_AUTHORITY_INVALID' };
  }
}

function principal(fields: Record<string, string | string[] | undefined> | undefined): Electron.CertificatePrincipal {
  const one = (key: string) => {
    const value = fields?.[key];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  const organizations = fields?.['O'];
  return {
    commonName: one('CN'),
    organizations: Array.isArray(organizations) ? organizations : organizations ? [organizations] : [],
    organizationUnits: [],
    locality: one('L'),
    state: one('ST'),
    country: one('C'),
  };
}

/** The `certificate` Electron hands a verify proc: PEM data, "sha256/<base64>" fingerprint, names, validity. */
export function electronCertificate(peer: tls.DetailedPeerCertificate): Electron.Certificate {
  const x509 = new X509Certificate(peer.raw);
  const certificate: Electron.Certificate = {
    data: x509.toString(),
    fingerprint: `sha256/${Buffer.from(x509.fingerprint256.replaceAll(':', ''), 'hex').toString('base64')}`,
    issuer: principal(peer.issuer as unknown as Record<string, string>),
    issuerName: (peer.issuer as unknown as Record<string, string>)?.['CN'] ?? '',
    serialNumber: x509.serialNumber.toLowerCase(),
    subject: principal(peer.subject as unknown as Record<string, string>),
    subjectName: (peer.subject as unknown as Record<string, string>)?.['CN'] ?? '',
    validExpiry: Math.floor(Date.parse(x509.validTo) / 1000),
    validStart: Math.floor(Date.parse(x509.validFrom) / 1000),
  } as Electron.Certificate;
  const issuer = peer.issuerCertificate;
  certificate.issuerCert = issuer && issuer !== peer && issuer.raw ? electronCertificate(issuer) : certificate;
  return certificate;
}

/** A tunnel to host:port through an HTTP proxy (CONNECT), as Chromium opens one. */
function tunnel(proxy: string, hostname: string, port: number): Promise<Socket> {
  const { hostname: proxyHost, port: proxyPort } = new URL(proxy);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: proxyHost, port: Number(proxyPort), method: 'CONNECT', path: `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}` });
    request.once('connect', (answer, socket) => {
      if (answer.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`proxy answered ${answer.statusCode}`));
    });
    request.once('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
    request.end();
  });
}

export class TlsGate {
  proc: VerifyProc | null = null;
  /** The session's proxy (setProxy): connections are tunnelled through it. */
  via: string | undefined;
  readonly #verdicts = new Map<string, Promise<TlsVerdict>>();
  /** Every verify-proc request made, for tests. */
  readonly asked: Electron.Request[] = [];

  setProc(proc: VerifyProc | null): void {
    this.proc = proc;
    this.#verdicts.clear();
  }

  clear(): void {
    this.#verdicts.clear();
  }

  check(url: string): Promise<TlsVerdict> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return Promise.resolve({ ok: true });
    const port = Number(parsed.port || 443);
    const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
    const key = `${hostname}:${port}`;
    let verdict = this.#verdicts.get(key);
    if (!verdict) {
      verdict = this.#verify(hostname, port);
      this.#verdicts.set(key, verdict);
    }
    return verdict;
  }

  async #verify(hostname: string, port: number): Promise<TlsVerdict> {
    let peer: tls.DetailedPeerCertificate;
    let authorizationError: string | undefined;
    try {
      const through = this.via ? await tunnel(this.via, hostname, port) : undefined;
      ({ peer, authorizationError } = await new Promise<{ peer: tls.DetailedPeerCertificate; authorizationError: string | undefined }>((resolve, reject) => {
        const socket = tls.connect({ ...(through ? { socket: through } : { host: hostname, port }), ...(isIP(hostname) ? {} : { servername: hostname }), rejectUnauthorized: false }, () => {
          const certificate = socket.getPeerCertificate(true);
          let error = socket.authorized ? undefined : String(socket.authorizationError);
          if (!error && tls.checkServerIdentity(hostname, certificate)) error = 'ERR_TLS_CERT_ALTNAME_INVALID';
          socket.end();
          resolve({ peer: certificate, authorizationError: error });
        });
        socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
        socket.on('error', reject);
      }));
    } catch {
      return { ok: false, error: 'net::ERR_CONNECTION_FAILED' };
    }
    if (!peer.raw) return { ok: false, error: 'net::ERR_SSL_PROTOCOL_ERROR' };
    const chromium = chromiumError(authorizationError);
    const certificate = electronCertificate(peer);
    const fingerprint256 = new X509Certificate(peer.raw).fingerprint256;
    if (!this.proc) return chromium.code === 0 ? { ok: true, fingerprint256 } : { ok: false, error: chromium.name, fingerprint256 };
    const request: Electron.Request = {
      hostname,
      certificate,
      validatedCertificate: certificate,
      isIssuedByKnownRoot: chromium.code === 0,
      verificationResult: chromium.name,
      errorCode: chromium.code,
    };
    this.asked.push(request);
    const proc = this.proc;
    const result = await new Promise<number>((resolve) => proc(request, resolve));
    if (result === 0) return { ok: true, fingerprint256 };
    if (result === -3) return chromium.code === 0 ? { ok: true, fingerprint256 } : { ok: false, error: chromium.name, fingerprint256 };
    return { ok: false, error: result === -2 ? 'net::ERR_FAILED' : `net::ERROR_${-result}`, fingerprint256 };
  }
}

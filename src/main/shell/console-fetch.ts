import { X509Certificate } from 'node:crypto';
import { session, type Session } from 'electron';
import { issuedBy } from '../tls/certificate-trust';
import { TlsRejection, type ConsoleTransport, type FetchLike, type TlsPolicy } from '../console/transport';

let partitions = 0;

/** Chromium's verify-proc results: 0 accept, -2 reject, -3 use Chromium's own verification. */
const ACCEPT = 0;
const REJECT = -2;
const USE_CHROMIUM = -3;

/**
 * The console transport inside the app: Electron's `fetch` on a private in-memory session (system proxy, OS trust
 * store). Trust decisions are made per session with a certificate verify proc, never process-wide:
 * - a pinned fingerprint accepts exactly that leaf certificate and refuses any other ("certificate changed");
 * - a CA file accepts a leaf it issued for this host; otherwise Chromium's own verification decides.
 * The session is new per transport because Chromium caches verify-proc results.
 */
export function electronConsoleTransport(policy: TlsPolicy): ConsoleTransport {
  partitions += 1;
  const ses: Session = session.fromPartition(`ads-console-${process.pid}-${partitions}`, { cache: false });
  let refused: TlsRejection | undefined;
  ses.setCertificateVerifyProc((request, callback) => {
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(request.certificate.data);
    } catch {
      callback(REJECT);
      return;
    }
    const fingerprint = leaf.fingerprint256;
    const pin = policy.pinnedFingerprint;
    if (pin !== undefined) {
      if (fingerprint === pin) return callback(ACCEPT);
      refused = new TlsRejection('changed', fingerprint, 'the certificate is not the one that was pinned');
      return callback(REJECT);
    }
    if (request.errorCode === 0) return callback(USE_CHROMIUM);
    if (policy.caPem && issuedBy(request.certificate.data, policy.caPem, request.hostname)) return callback(ACCEPT);
    refused = new TlsRejection('untrusted', fingerprint, request.verificationResult || 'not trusted');
    return callback(REJECT);
  });

  const fetch: FetchLike = async (url, init) => {
    refused = undefined;
    let response: Response;
    try {
      response = await ses.fetch(url, { method: init.method, headers: init.headers, ...(init.body !== undefined ? { body: init.body } : {}), signal: init.signal, redirect: 'error' });
    } catch (error) {
      if (refused) throw Object.assign(refused, { cause: error });
      throw error;
    }
    // Chromium may keep Set-Cookie to itself and store the cookie in the session instead: hand the login
    // cookie back to the client the way a plain HTTP stack would.
    if (new URL(url).pathname === '/api/v1/login' && response.ok && response.headers.getSetCookie().length === 0) {
      const [cookie] = await ses.cookies.get({ url, name: 'signed-token' });
      if (cookie) {
        const headers = new Headers(response.headers);
        headers.append('set-cookie', `signed-token=${cookie.value}; Path=/`);
        return new Response(await response.text(), { status: response.status, headers });
      }
    }
    return response;
  };

  return {
    fetch,
    close: () => {
      ses.setCertificateVerifyProc(null);
      void ses.clearStorageData().catch(() => undefined);
    },
  };
}

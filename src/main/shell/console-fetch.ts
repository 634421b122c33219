import { session, type Session } from 'electron';
import type { CertificateTrust } from '../tls/certificate-trust';
import { TlsRejection, type ConsoleTransport, type FetchLike } from '../console/transport';
import { judgeSessionCertificates } from './certificate-verify';

let partitions = 0;

/**
 * The console transport inside the app: Electron's `fetch` on a private in-memory session (system proxy, OS trust
 * store). Its certificates are judged by the one rule (`decideCertificate`: the pinned fingerprint, the CA file,
 * Chromium's verification) through the session's verify proc, never process-wide. The session is new per transport
 * because Chromium caches verify-proc results.
 */
export function electronConsoleTransport(trust: CertificateTrust): ConsoleTransport {
  partitions += 1;
  const ses: Session = session.fromPartition(`ads-console-${process.pid}-${partitions}`, { cache: false });
  let refused: TlsRejection | undefined;
  judgeSessionCertificates(ses, trust, (facts, decision) => {
    refused = new TlsRejection(decision.verdict, facts?.fingerprint256, decision.reason);
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

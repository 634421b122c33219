import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { CertificateFacts } from './certificate-trust';

/**
 * The facts of a node:tls connection, for `decideCertificate`: the leaf, what else the server sent, and whether
 * Node's own verification (the built-in roots and NODE_EXTRA_CA_CERTS, the host name) passed. The socket was opened
 * with `rejectUnauthorized: false` and no extra CA, so that the facts of a refused certificate are known and the
 * one rule makes the decision; nothing may be written to it before that. Null when it showed no certificate.
 */
export function socketCertificateFacts(socket: tls.TLSSocket, hostname: string): CertificateFacts | null {
  const peer = socket.getPeerCertificate(true);
  if (!peer?.raw) return null;
  const leaf = new X509Certificate(peer.raw);
  const chain: string[] = [];
  for (let link = peer.issuerCertificate; link?.raw && link !== peer && chain.length < 8; link = link.issuerCertificate) {
    chain.push(new X509Certificate(link.raw).toString());
    if (link.issuerCertificate === link) break;
  }
  const identity = socket.authorized ? tls.checkServerIdentity(hostname, peer) : undefined;
  const platformError = socket.authorized ? identity?.message : String(socket.authorizationError ?? 'not trusted');
  return { hostname, pem: leaf.toString(), fingerprint256: leaf.fingerprint256, chain, chainTrusted: socket.authorized && identity === undefined, ...(platformError ? { platformError } : {}) };
}

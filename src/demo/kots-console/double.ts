/**
 * A faithful stand-in for the KOTS admin console (kotsadm) API, per shared reference/kots-admin-api.md §13: the demo's
 * console, and the console every push test talks to (`startKotsDouble(...)`).
 *
 * What it reproduces: both login styles (cookie `signed-token`, legacy body `token`), the header-before-cookie rule
 * and the exact 401 messages, lockout once failures exceed 10, HS256 session tokens with 12 h sliding expiry on an
 * injectable clock, AES-GCM encrypted password values (values that decrypt are kept, the rest encrypted), PUT merge
 * semantics ignoring `createNewVersion`, the 400 validation/required bodies, a new pending "Config Change" version per
 * save that is never deployed, the versions list, deploy requiring a JSON body and moving deploying → deployed/failed
 * asynchronously, 500 (not 404) for unknown slugs, empty 404s for unknown API paths, and self-signed HTTPS. Also the
 * `Kots <authstring>` header `kubectl kots` sends (every session route), the identity-service mode (password login
 * 403), and kotsadm's own plain-HTTP port that a `kubectl port-forward` reaches (`clusterUrl`).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeThrowawayCertificate } from '../../main/tls/throwaway-certificate';
import { ConsoleApps, type AppState, type Version } from './apps';
import { route } from './routes';
import { ConsoleSessions } from './sessions';
import type { Fault, KotsDouble, KotsDoubleOptions, RecordedRequest } from './types';

export { flatAdsGroups, groupedAdsGroups } from './layouts';
export type { DoubleApp, DoubleGroup, DoubleItem, Fault, KotsDouble, KotsDoubleOptions, RecordedRequest, SelfSignedCert, VersionStatus } from './types';

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'X-XSS-Protection': '0', 'Referrer-Policy': 'strict-origin-when-cross-origin' };

export async function startKotsDouble(options: KotsDoubleOptions): Promise<KotsDouble> {
  const now = options.now ?? (() => Date.now());
  const sessions = new ConsoleSessions(options, now);
  const apps = new ConsoleApps(options, now);
  const faults: Array<Fault & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];
  const deploying: Array<{ state: AppState; version: Version }> = [];
  let certificate = options.tls ? (options.certificate ?? (await makeThrowawayCertificate('kots-console.double'))) : undefined;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const finish = ({ state, version }: { state: AppState; version: Version }) => {
    if (version.status !== 'deploying') return;
    if ((options.deployOutcome ?? 'deployed') === 'deployed') {
      version.status = 'deployed';
      state.deployedSequence = version.sequence;
    } else {
      version.status = options.failedDeployBecomesPending ? 'pending' : 'failed';
    }
  };
  const preflightWaits: Array<{ version: Version; release: () => void }> = [];
  const preflightsOf = (version: Version): Promise<void> | undefined => {
    if (!options.strictPreflights || version.status !== 'pending_preflight') return undefined;
    return new Promise<void>((release) => preflightWaits.push({ version, release }));
  };
  const startDeploy = (state: AppState, version: Version) => {
    version.status = 'deploying';
    if (options.deployDelayMs === 'manual') deploying.push({ state, version });
    else later(options.deployDelayMs ?? 300, () => finish({ state, version }));
  };

  /** An injected fault: true when it answered (or dropped) the request itself. */
  const applyFault = async (req: http.IncomingMessage, res: http.ServerResponse, method: string, pathname: string): Promise<boolean> => {
    const fault = faults.find((f) => f.left > 0 && (f.method === undefined || f.method === method) && (typeof f.path === 'string' ? f.path === pathname : f.path.test(pathname)));
    if (!fault) return false;
    fault.left -= 1;
    if (fault.delayMs) await new Promise<void>((resolve) => later(fault.delayMs!, resolve));
    if (res.destroyed) return true;
    if (fault.destroy) {
      req.socket.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    res.writeHead(fault.status, { 'Content-Type': fault.contentType ?? 'application/json' });
    res.end(fault.body ?? '');
    return true;
  };

  const answer = async (port: RecordedRequest['port'], req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const method = req.method ?? 'GET';
    requests.push({ port, method, path: url.pathname, query: url.search, authorization: req.headers.authorization, cookie: req.headers.cookie, body });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS, DELETE, PUT');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, origin, accept, authorization');
    }
    if (await applyFault(req, res, method, url.pathname)) return;
    const reply = await route({ sessions, apps, startDeploy, preflightsOf }, req, url.pathname, body);
    if (res.destroyed) return;
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    if (reply.status === 204) {
      res.writeHead(204);
      res.end();
    } else if (reply.body !== undefined) {
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    } else {
      res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/plain' });
      res.end(reply.text ?? '');
    }
  };

  const handler = (port: RecordedRequest['port']) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void answer(port, req, res, Buffer.concat(chunks).toString('utf8')));
  };

  const server = certificate ? https.createServer({ key: certificate.key, cert: certificate.cert }, handler('console')) : http.createServer(handler('console'));
  const cluster = http.createServer(handler('cluster'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => cluster.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`,
    clusterUrl: `http://127.0.0.1:${(cluster.address() as AddressInfo).port}`,
    authstring: sessions.authstring,
    get fingerprint() {
      return certificate?.fingerprint;
    },
    get certificate() {
      return certificate;
    },
    replaceCertificate: (next) => {
      if (!(server instanceof https.Server)) throw new Error('the double serves plain http');
      certificate = next;
      server.setSecureContext({ key: next.key, cert: next.cert });
      server.closeAllConnections?.();
    },
    requests,
    get numAttempts() {
      return sessions.numAttempts;
    },
    inject: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    decryptedValues: (slug, sequence) => apps.decrypted(slug, sequence),
    storedValues: (slug, sequence) => Object.fromEntries(apps.version(slug, sequence).values),
    versions: (slug) => apps.state(slug).versions.map((v) => ({ sequence: v.sequence, status: v.status, source: v.source })),
    deployedSequence: (slug) => apps.state(slug).deployedSequence,
    setVersionStatus: (slug, sequence, status) => {
      apps.version(slug, sequence).status = status;
    },
    finishDeploys: () => {
      for (const entry of deploying.splice(0)) finish(entry);
    },
    finishPreflights: () => {
      for (const [slug, state] of apps.bySlug) for (const v of state.versions) if (v.status === 'pending_preflight') apps.version(slug, v.sequence).status = 'pending';
      for (const wait of preflightWaits.splice(0)) wait.release();
    },
    resetPassword: (next) => sessions.resetPassword(next),
    editConfig: (slug, values) => apps.edit(slug, values),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections?.();
      cluster.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), new Promise<void>((resolve) => cluster.close(() => resolve()))]);
    },
  };
}

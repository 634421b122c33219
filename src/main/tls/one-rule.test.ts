// Every transport of the app and the CLI only gathers a connection's certificate facts; `decideCertificate` decides.
// Shown per transport by replacing the rule's answer: the transport asks with the facts of the very connection, and
// then does what the rule said, even against what its own trust would give (accepts a self-signed certificate it
// would refuse, refuses the very certificate it pinned). The console transports (Node's, for the CLI; Electron's
// ses.fetch on the typed stand-in, for the app), the registration and sign-in views' sessions, and the sign-in
// check's proxy, each against a real HTTPS server on loopback.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startElectronStandIn, type ElectronStandIn, type StandInBrowserWindow } from '../../../test/electron-stand-in';
import { nodeConsoleTransport } from '../console/node-transport';
import type { ConsoleTransport } from '../console/transport';
import { chromiumExecutable, chromiumFlags } from '../registration/chromium/launch';
import { electronConsoleTransport } from '../shell/console-fetch';
import { RegistrationViews } from '../shell/registration-view';
import { SignInViews } from '../shell/signin-view';
import type { SignInFailure } from '../signin/browser';
import { CheckedProxy, makeInterceptionIdentity } from '../signin/chromium/checked-proxy';
import type { CertificateDecision, CertificateFacts, CertificateTrust } from './certificate-trust';
import { makeThrowawayCertificate, type ThrowawayCertificate } from './throwaway-certificate';
import { makeCertificate } from '../../../test/doubles/certificates';

const rule = vi.hoisted(() => ({
  asked: [] as { facts: CertificateFacts; trust: CertificateTrust }[],
  answer: undefined as CertificateDecision | undefined,
}));
vi.mock('./certificate-trust', async (importOriginal) => {
  const real = await importOriginal<typeof import('./certificate-trust')>();
  return {
    ...real,
    decideCertificate: (facts: CertificateFacts, trust: CertificateTrust) => {
      rule.asked.push({ facts, trust });
      return rule.answer ?? real.decideCertificate(facts, trust);
    },
  };
});

const current = vi.hoisted(() => ({ electron: undefined as undefined | Record<string | symbol, unknown> }));
vi.mock('electron', () =>
  Object.fromEntries(
    ['app', 'BrowserWindow', 'WebContentsView', 'View', 'session', 'webFrameMain'].map((key) => [
      key,
      new Proxy(function standIn() {}, {
        get: (_target, property) => Reflect.get(current.electron![key] as object, property),
        construct: (_target, args) => Reflect.construct(current.electron![key] as new (...a: unknown[]) => object, args),
      }),
    ]),
  ),
);

let browser: Browser;
let certificate: ThrowawayCertificate;
let server: https.Server;
let origin: string;
/** A console behind a private CA: it sends its leaf and the intermediate; the admin gives the root as the CA file. */
let privateCa: { root: string; origin: string; server: https.Server };
let stand: ElectronStandIn;
let window: StandInBrowserWindow;
const ACCEPT_ANYWAY: CertificateDecision = { verdict: 'accept', by: 'ca' };
const CHANGED_ANYWAY: CertificateDecision = { verdict: 'changed', reason: 'the rule said so' };

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumExecutable(process.env), args: chromiumFlags });
  certificate = await makeThrowawayCertificate('one-rule');
  server = https.createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>reached</title><p>reached</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const root = await makeCertificate('Private Root CA', { ca: true });
  const intermediate = await makeCertificate('Private Issuing CA', { ca: true, issuer: root });
  const leaf = await makeCertificate('console', { issuer: intermediate, hosts: ['127.0.0.1'] });
  const chained = https.createServer({ key: leaf.key, cert: `${leaf.cert}\n${intermediate.cert}` }, (_request, response) => void response.writeHead(200).end('<!doctype html><title>reached</title>'));
  await new Promise<void>((resolve) => chained.listen(0, '127.0.0.1', resolve));
  privateCa = { root: root.cert, origin: `https://127.0.0.1:${(chained.address() as AddressInfo).port}`, server: chained };
});
afterAll(async () => {
  server?.close();
  privateCa?.server.close();
  await browser?.close();
});
beforeEach(async () => {
  rule.asked.length = 0;
  rule.answer = undefined;
  stand = startElectronStandIn(browser, { userDataDir: '/nonexistent', name: 'ADS Setup Assistant', version: '0.0.0', argv: ['electron', '.'], defaultContentSize: { width: 1200, height: 800 } });
  current.electron = stand.electron as unknown as Record<string | symbol, unknown>;
  stand.app.fireReady();
  window = new stand.electron.BrowserWindow({ width: 1200, height: 800 });
  await window.webContents.ready;
});
afterEach(async () => stand.shutdown());

const pinned: CertificateTrust = { pinnedFingerprint: '' };
beforeAll(() => void (pinned.pinnedFingerprint = certificate.fingerprint));

/** The facts every transport must hand the rule for the test server: its leaf, refused by the platform (self-signed). */
const theServersFacts = () => expect.objectContaining({ hostname: '127.0.0.1', fingerprint256: certificate.fingerprint, chainTrusted: false });

/** Reached, or refused (and how), by each transport in turn. */
type Outcome = 'reached' | 'untrusted' | 'changed';
type Transport = (trust: CertificateTrust, to?: string) => Promise<Outcome>;

async function throughConsole(transport: ConsoleTransport, to = origin): Promise<Outcome> {
  try {
    const answer = await transport.fetch(`${to}/`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(15_000) });
    return answer.status === 200 ? 'reached' : 'untrusted';
  } catch (error) {
    return (error as { kind?: Outcome }).kind ?? 'untrusted';
  } finally {
    transport.close();
  }
}

async function throughRegistrationView(trust: CertificateTrust, to = origin): Promise<Outcome> {
  const views = new RegistrationViews(() => window as never, { trust });
  let reached = false;
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  await views.open(
    { flowId: 'f', url: `${to}/` },
    {
      onBlocked: () => stopped(),
      onLoaded: (url) => void (url.startsWith(to) && (reached = true)),
      onLocation: ({ loading }) => void (loading || stopped()),
    },
  );
  await done;
  await views.close('f');
  return reached ? 'reached' : 'untrusted';
}

async function throughSignInView(trust: CertificateTrust, to = origin): Promise<Outcome> {
  const views = new SignInViews(() => window as never);
  const outcome = new Promise<Outcome>((resolve, reject) => {
    void views
      .open(
        { runId: 'r', url: `${to}/`, trust, stopsAt: () => false },
        {
          onPage: ({ url, status }) => url.startsWith(to) && status === 200 && resolve('reached'),
          onAuthorize: () => reject(new Error('no authorize address here')),
          onBlocked: () => reject(new Error('nothing is blocked here')),
          onFailed: (failure: SignInFailure) => resolve(failure.kind === 'tls' ? failure.certificate : 'untrusted'),
        },
      )
      .catch(reject);
  });
  const result = await outcome;
  await views.close('r');
  return result;
}

async function throughCheckedProxy(trust: CertificateTrust, to = origin): Promise<Outcome> {
  const proxy = await CheckedProxy.start({ identity: await makeInterceptionIdentity(), refuses: () => false, trust });
  try {
    const { port } = new URL(to);
    const proxyPort = Number(new URL(proxy.url).port);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: proxyPort, method: 'CONNECT', path: `127.0.0.1:${port}` });
      request.once('connect', (answer: http.IncomingMessage, socket: Socket) => (socket.destroy(), resolve(answer.statusCode ?? 0)));
      request.once('error', reject);
      request.end();
    });
    if (status === 200) return 'reached';
    return proxy.refusal('127.0.0.1', Number(port))?.verdict ?? 'untrusted';
  } finally {
    await proxy.close();
  }
}

const transports: [string, Transport][] = [
  ["the CLI's console transport (node:https)", (trust, to) => throughConsole(nodeConsoleTransport(trust), to)],
  ["the app's console transport (ses.fetch)", (trust, to) => throughConsole(electronConsoleTransport(trust), to)],
  ["the registration view's session", throughRegistrationView],
  ["the sign-in view's session", throughSignInView],
  ["the sign-in check's proxy (the CLI's Chromium)", throughCheckedProxy],
];

describe.each(transports)('%s: decideCertificate decides', (_name, through) => {
  it('asks the rule with the facts of the connection, and follows its answer', async () => {
    // The registration view adds a verify proc only when its trust adds anything; a pin for another host does.
    const trust: CertificateTrust = { pins: [{ hostname: 'elsewhere.example', fingerprint256: certificate.fingerprint }] };
    expect(await through(trust)).toBe('untrusted');
    expect(rule.asked).toContainEqual({ facts: theServersFacts(), trust: expect.objectContaining(trust) });
    expect(await through(pinned)).toBe('reached');
  });

  it('accepts what the rule accepts, though its own trust would refuse it', async () => {
    rule.answer = ACCEPT_ANYWAY;
    expect(await through({ pins: [{ hostname: 'elsewhere.example', fingerprint256: certificate.fingerprint }] })).toBe('reached');
  });

  it('refuses what the rule refuses, the very certificate it pinned included', async () => {
    rule.answer = CHANGED_ANYWAY;
    const refused = await through(pinned);
    expect(refused).not.toBe('reached');
    expect(rule.asked.map((asked) => asked.facts)).toContainEqual(theServersFacts());
  });

  it('hands the rule the intermediates the server sent: a private CA’s root as the CA file reaches its console', async () => {
    expect(await through({ caPem: privateCa.root }, privateCa.origin)).toBe('reached');
    expect(rule.asked.at(-1)?.facts.chain?.length).toBeGreaterThan(0);
    expect(await through({}, privateCa.origin)).toBe('untrusted');
  });
});

// The app's console transport (Electron's ses.fetch with a per-session verify proc) on the typed Electron stand-in,
// against the KOTS double over real HTTPS on loopback.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startElectronStandIn, type ElectronStandIn } from '../../../test/electron-stand-in';
import { startKotsDouble, type KotsDouble } from '../../demo/kots-console/double';
import { TlsRejection } from '../console/transport';
import { makeThrowawayCertificate } from '../tls/throwaway-certificate';
import { chromiumExecutable, chromiumFlags } from '../registration/chromium/launch';
import { electronConsoleTransport } from './console-fetch';

const current = vi.hoisted(() => ({ electron: undefined as undefined | Record<string, unknown> }));
vi.mock('electron', () => ({
  get session() {
    return current.electron!['session'];
  },
}));

let browser: Browser;
let stand: ElectronStandIn;
let double: KotsDouble;
let doubleCertificate: Awaited<ReturnType<typeof makeThrowawayCertificate>>;
const PASSWORD = 'console-fetch-pw';

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumExecutable(process.env), args: chromiumFlags });
  doubleCertificate = await makeThrowawayCertificate('kots');
  double = await startKotsDouble({ tls: true, certificate: doubleCertificate, password: PASSWORD });
});
afterAll(async () => {
  await double?.close();
  await browser?.close();
});
beforeEach(() => {
  stand = startElectronStandIn(browser, { userDataDir: '/nonexistent', name: 'ADS Setup Assistant', version: '0.0.0', argv: ['electron', '.'] });
  current.electron = stand.electron as unknown as Record<string, unknown>;
  stand.app.fireReady();
});
afterEach(async () => stand.shutdown());

const login = (fetch: ReturnType<typeof electronConsoleTransport>['fetch']) =>
  fetch(`${double.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }), signal: AbortSignal.timeout(10_000) });

describe("the app's console transport (ses.fetch)", () => {
  it('refuses a self-signed console on first contact, with the fingerprint to compare', async () => {
    const transport = electronConsoleTransport({});
    const refusal = await login(transport.fetch).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TlsRejection);
    expect(refusal).toMatchObject({ kind: 'untrusted', fingerprint: double.fingerprint, reason: 'net::ERR_CERT_AUTHORITY_INVALID' });
    expect(double.requests).toHaveLength(0);
    transport.close();
  });

  it('accepts exactly the pinned certificate, and hands the login cookie Chromium kept back to the client', async () => {
    const transport = electronConsoleTransport({ pinnedFingerprint: double.fingerprint });
    const answer = await login(transport.fetch);
    expect(answer.status).toBe(200);
    // Chromium keeps Set-Cookie in the session; the transport reads it from there so the client can log in.
    expect(answer.headers.getSetCookie().join()).toMatch(/^signed-token="?Bearer /);
    transport.close();
  });

  it('calls a different certificate a changed one, even for a pinned console', async () => {
    const other = await startKotsDouble({ tls: true, certificate: await makeThrowawayCertificate('other'), password: PASSWORD });
    try {
      const transport = electronConsoleTransport({ pinnedFingerprint: double.fingerprint });
      const refusal = await transport.fetch(`${other.url}/api/v1/apps`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ kind: 'changed', fingerprint: other.fingerprint });
      expect(other.requests).toHaveLength(0);
      transport.close();
    } finally {
      await other.close();
    }
  });

  it('trusts a leaf issued for this host by the CA file given, and only that', async () => {
    const transport = electronConsoleTransport({ caPem: doubleCertificate.cert });
    // A self-signed leaf is its own issuer: named as the CA, it is accepted for the host it names (127.0.0.1).
    expect((await login(transport.fetch)).status).toBe(200);
    transport.close();
    const stranger = electronConsoleTransport({ caPem: (await makeThrowawayCertificate('stranger')).cert });
    await expect(login(stranger.fetch)).rejects.toMatchObject({ kind: 'untrusted' });
    stranger.close();
  });

  it('uses a new in-memory session per transport and clears it on close', async () => {
    const first = electronConsoleTransport({ pinnedFingerprint: double.fingerprint });
    const second = electronConsoleTransport({ pinnedFingerprint: double.fingerprint });
    const consoleSessions = stand.sessions.all().filter((s) => s.partition.startsWith('ads-console-'));
    expect(consoleSessions).toHaveLength(2);
    expect(consoleSessions.every((s) => !s.persistent)).toBe(true);
    await login(first.fetch);
    first.close();
    await expect.poll(() => consoleSessions[0]!.cleared.storage, { timeout: 5_000 }).toBe(1);
    expect(consoleSessions[0]!.gate.proc).toBeNull();
    second.close();
  });
});

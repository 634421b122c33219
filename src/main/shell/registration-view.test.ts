// The registration view's shell code on the typed Electron stand-in (test/electron-stand-in), with real Chromium
// pages and a real HTTPS server on loopback.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { startElectronStandIn, type ElectronStandIn, type StandInBrowserWindow } from '../../../test/electron-stand-in';
import { makeThrowawayCertificate } from '../tls/throwaway-certificate';
import type { BrowserListener } from '../registration/browser';
import { chromiumExecutable, chromiumFlags } from '../registration/chromium/launch';
import { RegistrationViews } from './registration-view';

const current = vi.hoisted(() => ({ electron: undefined as undefined | Record<string | symbol, unknown> }));
// Each export reads the stand-in of the running test (the shell looks them up at call time).
vi.mock('electron', () =>
  Object.fromEntries(
    ['app', 'BrowserWindow', 'WebContentsView', 'View', 'dialog', 'ipcMain', 'protocol', 'session', 'webFrameMain'].map((key) => [
      key,
      new Proxy(function standIn() {}, {
        get: (_target, property) => Reflect.get(current.electron![key] as object, property),
        construct: (_target, args) => Reflect.construct(current.electron![key] as new (...a: unknown[]) => object, args),
      }),
    ]),
  ),
);

let browser: Browser;
let server: https.Server;
let origin: string;
let certificate: Awaited<ReturnType<typeof makeThrowawayCertificate>>;
let stand: ElectronStandIn;
let window: StandInBrowserWindow;

const PAGES: Record<string, string> = {
  '/start': `<h1>start</h1>
    <a id="insecure" href="http://127.0.0.1:9/">plain http</a>
    <a id="redirect" href="/to-http">redirect to http</a>
    <a id="popup" href="/second" target="_blank">popup</a>`,
  '/second': '<h1>second</h1>',
  '/framed': '<h1>framed</h1><iframe id="inner" src="/second"></iframe>',
};

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumExecutable(process.env), args: chromiumFlags });
  certificate = await makeThrowawayCertificate('view-test');
  server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    if (request.url === '/to-http') return void response.writeHead(302, { location: 'http://127.0.0.1:9/' }).end();
    const page = PAGES[request.url ?? ''];
    if (!page) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>t</title>${page}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await browser?.close();
});

beforeEach(async () => {
  stand = startElectronStandIn(browser, { userDataDir: '/nonexistent', name: 'ADS Setup Assistant', version: '0.0.0', argv: ['electron', '.'], defaultContentSize: { width: 1200, height: 800 } });
  current.electron = stand.electron as unknown as Record<string | symbol, unknown>;
  stand.app.fireReady();
  window = new stand.electron.BrowserWindow({ width: 1200, height: 800 });
  await window.webContents.ready;
});

afterEach(async () => {
  await stand.shutdown();
});

function recorder() {
  const events = { blocked: [] as string[], loaded: [] as string[], locations: [] as string[] };
  const listener: BrowserListener = {
    onBlocked: (url) => events.blocked.push(url),
    onLoaded: (url) => {
      events.loaded.push(url);
    },
    onLocation: ({ url }) => events.locations.push(url),
  };
  return { events, listener };
}

const views = () => new RegistrationViews(() => window as never, { trust: { pins: [{ hostname: '127.0.0.1', fingerprint256: certificate.fingerprint }] } });

describe('the registration view (shell) on the Electron stand-in', () => {
  it('creates no view and no session for a refused address', async () => {
    const browserViews = views();
    for (const url of ['http://127.0.0.1/register', 'file:///etc/passwd', 'javascript:alert(1)']) {
      await expect(browserViews.open({ flowId: 'f1', url }, recorder().listener)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(stand.views()).toEqual([]);
    expect(stand.sessions.all().filter((s) => s.partition.startsWith('registration-'))).toEqual([]);
  });

  it('opens hidden in its own in-memory session, then polices what the page does', async () => {
    const browserViews = views();
    const { events, listener } = recorder();
    await browserViews.open({ flowId: 'f1', url: `${origin}/start` }, listener);
    const view = await stand.waitForView();
    expect(view.getVisible()).toBe(false);
    expect(window.contentView.children).toContain(view);
    const session = view.webContents.session;
    expect(session.partition).toMatch(/^registration-[0-9a-f-]{36}$/);
    expect(session.persistent).toBe(false);
    expect(session.spellCheckerEnabled).toBe(false);
    await expect.poll(() => events.loaded, { timeout: 15_000 }).toContain(`${origin}/start`);
    const page = await stand.pageOf(view.webContents);

    await page.click('#insecure');
    await page.click('#redirect');
    await expect.poll(() => events.blocked, { timeout: 15_000 }).toEqual(['http://127.0.0.1:9/', 'http://127.0.0.1:9/']);
    expect(view.webContents.getURL()).toBe(`${origin}/start`);

    // target=_blank: never a window; an allowed https address opens in this same view.
    await page.click('#popup');
    await expect.poll(() => view.webContents.getURL(), { timeout: 15_000 }).toBe(`${origin}/second`);
    expect(view.webContents.windowOpens).toEqual([{ url: `${origin}/second`, action: 'deny' }]);
  });

  it('accepts exactly the pinned certificate; a view without pins refuses a self-signed one', async () => {
    const { events, listener } = recorder();
    await new RegistrationViews(() => window as never).open({ flowId: 'unpinned', url: `${origin}/second` }, listener);
    const view = await stand.waitForView();
    await expect.poll(() => events.locations.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(events.loaded).not.toContain(`${origin}/second`);
    expect(view.webContents.session.gate.asked).toEqual([]); // no verify proc: Chromium's own verdict refused it
  });

  it('is clamped to the window and hidden when its placeholder is out of sight', async () => {
    const browserViews = views();
    await browserViews.open({ flowId: 'f1', url: `${origin}/second` }, recorder().listener);
    const view = await stand.waitForView();
    browserViews.setBounds('f1', { x: 300, y: -120, width: 800, height: 500 });
    expect([view.getBounds(), view.getVisible()]).toEqual([{ x: 300, y: 0, width: 800, height: 380 }, true]);
    browserViews.setBounds('f1', { x: 300, y: 900, width: 800, height: 500 });
    expect(view.getVisible()).toBe(false);
    browserViews.setBounds('f1', { x: 0, y: 0, width: 0, height: 0 });
    expect(view.getVisible()).toBe(false);
  });

  it('answers at once when the page navigates during a page-script call (Electron would never settle it)', async () => {
    const browserViews = views();
    const { events, listener } = recorder();
    await browserViews.open({ flowId: 'f1', url: `${origin}/start` }, listener);
    const view = await stand.waitForView();
    await expect.poll(() => events.loaded, { timeout: 15_000 }).toContain(`${origin}/start`);
    const hanging = 'new Promise(() => setTimeout(() => { location.href = "/second"; }, 100))';
    // The raw call, as the shell used to make it: pending for good once the page has gone.
    let rawSettled = false;
    void view.webContents.executeJavaScriptInIsolatedWorld(1042, [{ code: hanging }]).finally(() => (rawSettled = true));
    const outcomes = await browserViews.runInTrustedFrames('f1', hanging, [origin]);
    expect(outcomes).toEqual([{ url: `${origin}/start`, origin, ok: false, error: 'The page navigated before the page script answered.' }]);
    await expect.poll(() => view.webContents.getURL(), { timeout: 15_000 }).toBe(`${origin}/second`);
    expect(rawSettled).toBe(false);
  });

  it('runs the page script only in frames of a trusted origin, the top one in an isolated world', async () => {
    const browserViews = views();
    const { events, listener } = recorder();
    await browserViews.open({ flowId: 'f1', url: `${origin}/framed` }, listener);
    await expect.poll(() => events.loaded.filter((url) => url === `${origin}/second`).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const code = '(() => { window.__mark = (window.__mark ?? 0) + 1; return [document.querySelector("h1").textContent, window.__mark]; })()';
    const first = await browserViews.runInTrustedFrames('f1', code, [origin]);
    expect(first.map((o) => o.value)).toEqual([['framed', 1], ['second', 1]]);
    const page = await stand.pageOf((await stand.waitForView()).webContents);
    // The page's own world never saw the isolated world's global.
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBeUndefined();
    expect(await browserViews.runInTrustedFrames('f1', code, ['https://elsewhere.example'])).toEqual([]);
  });

  it('closing a flow removes the view, closes its page and clears its session', async () => {
    const browserViews = views();
    await browserViews.open({ flowId: 'f1', url: `${origin}/second` }, recorder().listener);
    const view = await stand.waitForView();
    const session = view.webContents.session;
    await browserViews.close('f1');
    expect(window.contentView.children).not.toContain(view);
    expect(view.webContents.isDestroyed()).toBe(true);
    expect(session.cleared).toEqual({ storage: 1, cache: 1, auth: 1 });
    expect(session.gate.proc).toBeNull();
    expect(() => browserViews.reload('f1')).toThrow(/closed/);
  });
});

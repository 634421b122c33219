import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { signInNavigationAllowed, type SignInBrowser, type SignInListener, type SignInOpenSpec } from '../browser';
import { CheckedProxy, interceptionArgs, makeInterceptionIdentity, type InterceptionIdentity, type UpstreamConnect } from './checked-proxy';

interface OpenRun {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  proxy: CheckedProxy;
  listener: SignInListener;
  mainFrameId: string;
  status: number | undefined;
  tlsReported: boolean;
}

/** Launches Chromium with the given extra switches (the CLI: Debian's Chromium under Playwright). */
export type ChromiumLauncher = (extraArgs: readonly string[]) => Promise<Browser>;

/** A URL's host as a CONNECT line names it (no IPv6 brackets) and its port. */
function hostAndPort(url: string): { host: string; port: number } | null {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(parsed.port || (parsed.protocol === 'http:' ? 80 : 443)) };
  } catch {
    return null;
  }
}

/**
 * The sign-in check's browser for the CLI and the tests: Chromium under Playwright, with every request paused over
 * CDP (the Fetch domain sees redirect hops too, which Playwright's routing does not). A navigation to an address of
 * Azure's sign-in is answered here with "204 No Content" — the page stays, nothing reaches Azure — and reported;
 * any other request there fails before it is made. Each run's context reaches the network only through its own
 * CheckedProxy, which judges the certificate of every connection that carries a page by the one rule (a trusted
 * fingerprint for the login host, a CA file, the system's roots, the demo's pins) and refuses Azure's
 * sign-in hosts outright. Chromium's own certificate checks stay on.
 */
export class ChromiumSignInBrowser implements SignInBrowser {
  readonly #launch: ChromiumLauncher;
  readonly #connect: UpstreamConnect | undefined;
  #started: Promise<{ browser: Browser; identity: InterceptionIdentity }> | undefined;
  readonly #runs = new Map<string, OpenRun>();

  constructor(launch: ChromiumLauncher, options: { connect?: UpstreamConnect } = {}) {
    this.#launch = launch;
    this.#connect = options.connect;
  }

  async open(spec: SignInOpenSpec, listener: SignInListener): Promise<void> {
    const { browser, identity } = await this.#browser();
    const proxy = await CheckedProxy.start({
      identity,
      refuses: (host, port) => spec.stopsAt(`https://${host.includes(':') ? `[${host}]` : host}:${port}/`),
      trust: spec.trust,
      ...(this.#connect ? { connect: this.#connect } : {}),
    });
    const context = await browser.newContext({ proxy: { server: proxy.url }, acceptDownloads: false, serviceWorkers: 'block' }).catch(async (error: unknown) => {
      await proxy.close();
      throw error;
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const run: OpenRun = { context, page, cdp, proxy, listener, mainFrameId: frameTree.frame.id, status: undefined, tlsReported: false };
    this.#runs.set(spec.runId, run);
    cdp.on('Fetch.requestPaused', (paused) => void this.#paused(run, spec, paused).catch(() => cdp.send('Fetch.failRequest', { requestId: paused.requestId, errorReason: 'Failed' }).catch(() => undefined)));
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame() && response.status() !== 204) run.status = response.status();
    });
    page.on('requestfailed', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) this.#reportRefusal(run, request.url());
    });
    page.on('load', () => listener.onPage({ url: page.url(), loading: false, status: run.status }));
    page.on('popup', (popup) => void popup.close().catch(() => undefined));
    await this.load(spec.runId, spec.url);
  }

  async load(runId: string, url: string): Promise<void> {
    const run = this.#run(runId);
    run.status = undefined;
    run.tlsReported = false;
    await run.page.goto(url, { waitUntil: 'commit', timeout: 30_000 }).catch((error: unknown) => {
      if (this.#reportRefusal(run, url) || run.tlsReported) return;
      const reason = /net::ERR_[A-Z_]+/.exec(String(error))?.[0] ?? 'the page did not load';
      run.listener.onFailed({ kind: 'network', reason });
    });
  }

  runInPage(runId: string, code: string): Promise<unknown> {
    return this.#run(runId).page.evaluate(code);
  }

  async close(runId: string): Promise<void> {
    const run = this.#runs.get(runId);
    if (!run) return;
    this.#runs.delete(runId);
    await run.context.close().catch(() => undefined);
    await run.proxy.close().catch(() => undefined);
  }

  /** Closes every run and the Chromium this browser launched. */
  async dispose(): Promise<void> {
    await Promise.all([...this.#runs.keys()].map((runId) => this.close(runId)));
    const started = this.#started;
    this.#started = undefined;
    await started?.then(({ browser }) => browser.close()).catch(() => undefined);
  }

  #browser(): Promise<{ browser: Browser; identity: InterceptionIdentity }> {
    this.#started ??= makeInterceptionIdentity().then(async (identity) => ({ identity, browser: await this.#launch(interceptionArgs(identity)) }));
    return this.#started;
  }

  #run(runId: string): OpenRun {
    const run = this.#runs.get(runId);
    if (!run) throw new Error('This sign-in check’s browser is closed.');
    return run;
  }

  /** A top-frame load that failed because its certificate was refused is reported once, with the fingerprint. */
  #reportRefusal(run: OpenRun, url: string): boolean {
    const to = hostAndPort(url);
    const refusal = to ? run.proxy.refusal(to.host, to.port) : undefined;
    if (!refusal) return false;
    if (!run.tlsReported) {
      run.tlsReported = true;
      run.listener.onFailed({ kind: 'tls', host: refusal.host, fingerprint: refusal.fingerprint, certificate: refusal.verdict });
    }
    return true;
  }

  async #paused(run: OpenRun, { stopsAt }: Pick<SignInOpenSpec, 'stopsAt'>, paused: { requestId: string; request: { url: string; urlFragment?: string }; resourceType: string; frameId: string }): Promise<void> {
    const { cdp, listener } = run;
    const url = paused.request.url + (paused.request.urlFragment ?? '');
    const stay = () => cdp.send('Fetch.fulfillRequest', { requestId: paused.requestId, responseCode: 204, responseHeaders: [], body: '' });
    const main = paused.resourceType === 'Document' && paused.frameId === run.mainFrameId;
    if (stopsAt(url)) {
      // Never loaded: the top frame's URL is what the check reads; nothing else goes there either.
      if (!main) return void (await cdp.send('Fetch.failRequest', { requestId: paused.requestId, errorReason: 'BlockedByClient' }));
      listener.onAuthorize(url);
      return void (await stay());
    }
    if (main) {
      const allowed = signInNavigationAllowed(url);
      if (!allowed.allow) {
        listener.onBlocked(url, allowed.reason);
        return void (await stay());
      }
      // Every hop of the top frame, redirects included: a round trip follows where the sign-in goes.
      listener.onNavigate?.(url);
    }
    await cdp.send('Fetch.continueRequest', { requestId: paused.requestId });
  }
}

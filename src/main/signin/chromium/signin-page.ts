import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { judgeCertificate, probeCertificate, type CertificateVerdict } from '../../tls/certificate-trust';
import { signInNavigationAllowed, type SignInBrowser, type SignInListener, type SignInOpenSpec } from '../browser';

interface OpenRun {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  listener: SignInListener;
  mainFrameId: string;
  /** Certificate verdicts per host:port, decided once per check as Chromium decides once per session. */
  verdicts: Map<string, Promise<{ verdict: CertificateVerdict; fingerprint: string } | { error: string }>>;
  status: number | undefined;
  tlsReported: boolean;
}

/**
 * The sign-in check's browser for the CLI and the tests: Chromium under Playwright, with every request paused over
 * CDP (the Fetch domain sees redirect hops too, which Playwright's routing does not). A navigation to an Azure
 * authorize endpoint is answered here with "204 No Content" — the page stays, nothing reaches Azure — and reported.
 * Certificates are judged per host by the check's own rules (a trusted fingerprint, a CA file, the system's roots),
 * so Chromium's own certificate errors are switched off for this context only.
 */
export class ChromiumSignInBrowser implements SignInBrowser {
  readonly #browser: () => Promise<Browser>;
  readonly #runs = new Map<string, OpenRun>();

  constructor(browser: () => Promise<Browser>) {
    this.#browser = browser;
  }

  async open(spec: SignInOpenSpec, listener: SignInListener): Promise<void> {
    const context = await (await this.#browser()).newContext({ ignoreHTTPSErrors: true, acceptDownloads: false, serviceWorkers: 'block' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const run: OpenRun = { context, page, cdp, listener, mainFrameId: frameTree.frame.id, verdicts: new Map(), status: undefined, tlsReported: false };
    this.#runs.set(spec.runId, run);
    const loginHost = new URL(spec.url).hostname;
    cdp.on('Fetch.requestPaused', (paused) => void this.#paused(run, spec, loginHost, paused).catch(() => cdp.send('Fetch.failRequest', { requestId: paused.requestId, errorReason: 'Failed' }).catch(() => undefined)));
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame() && response.status() !== 204) run.status = response.status();
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
      if (run.tlsReported) return;
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
  }

  #run(runId: string): OpenRun {
    const run = this.#runs.get(runId);
    if (!run) throw new Error('This sign-in check’s browser is closed.');
    return run;
  }

  async #paused(run: OpenRun, { trust, isAuthorizeUrl }: Pick<SignInOpenSpec, 'trust' | 'isAuthorizeUrl'>, loginHost: string, paused: { requestId: string; request: { url: string; urlFragment?: string }; resourceType: string; frameId: string }): Promise<void> {
    const { cdp, listener } = run;
    const url = paused.request.url + (paused.request.urlFragment ?? '');
    const stay = () => cdp.send('Fetch.fulfillRequest', { requestId: paused.requestId, responseCode: 204, responseHeaders: [], body: '' });
    const document = paused.resourceType === 'Document';
    const main = document && paused.frameId === run.mainFrameId;
    if (isAuthorizeUrl(url)) {
      // Never loaded: this is where the check reads its values.
      if (main) listener.onAuthorize(url);
      return void (await stay());
    }
    if (main) {
      const allowed = signInNavigationAllowed(url);
      if (!allowed.allow) {
        listener.onBlocked(url, allowed.reason);
        return void (await stay());
      }
    }
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') {
      const key = `${parsed.hostname}:${parsed.port || 443}`;
      let judged = run.verdicts.get(key);
      if (!judged) {
        judged = probeCertificate(parsed.hostname, Number(parsed.port || 443)).then(
          (facts) => ({ verdict: judgeCertificate(facts, { ...trust, pinnedHost: loginHost }), fingerprint: facts.fingerprint256 }),
          (error: unknown) => ({ error: error instanceof Error ? error.message : 'TLS failed' }),
        );
        run.verdicts.set(key, judged);
      }
      const outcome = await judged;
      if ('error' in outcome || outcome.verdict !== 'accept') {
        if (main && 'verdict' in outcome && !run.tlsReported) {
          run.tlsReported = true;
          listener.onFailed({ kind: 'tls', host: parsed.hostname, fingerprint: outcome.fingerprint, certificate: outcome.verdict === 'changed' ? 'changed' : 'untrusted' });
        }
        return void (await cdp.send('Fetch.failRequest', { requestId: paused.requestId, errorReason: 'Failed' }));
      }
    }
    await cdp.send('Fetch.continueRequest', { requestId: paused.requestId });
  }
}

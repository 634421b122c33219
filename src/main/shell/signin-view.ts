import { app, session, WebContentsView, type BrowserWindow } from 'electron';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { signInNavigationAllowed, type SignInBrowser, type SignInListener, type SignInOpenSpec } from '../signin/browser';
import { judgeSessionCertificates } from './certificate-verify';
import { DEFAULT_FRAME_CALL_TIMEOUT_MS, runInMainFrame } from './frame-calls';
import { lockDownSession } from './security';
import { closeChildView, placeChildView, type ChildView } from './view-bounds';

/** net::ERR_ABORTED: what a prevented navigation ends with, not a failure. */
const ERR_ABORTED = -3;

/**
 * The sign-in check's built-in browser: a WebContentsView in the main window (the admin may click DeepSource's
 * Azure DevOps entry there) with its own in-memory session, thrown away when the check ends. In a redirect check every
 * navigation to an address of Azure's sign-in is prevented before it starts and reported; no request reaches Azure.
 * In a round trip nothing is stopped and each top-frame navigation is reported (the admin signs in at Azure there).
 * Certificates are judged per connection by the one rule (`decideCertificate`: a trusted fingerprint for the login
 * host, the demo's own pins, a CA file, Chromium's verification). `proxy`: the demo's network, which carries the real
 * host names to its servers.
 */
export class SignInViews implements SignInBrowser {
  readonly #window: () => BrowserWindow | null;
  readonly #views = new Map<string, ChildView>();
  readonly #proxy: string | undefined;

  constructor(window: () => BrowserWindow | null, options: { proxy?: string } = {}) {
    this.#window = window;
    this.#proxy = options.proxy;
  }

  async open(spec: SignInOpenSpec, listener: SignInListener): Promise<void> {
    const window = this.#window();
    if (!window || window.isDestroyed()) throw new AppError('BROWSER_UNAVAILABLE', 'The app window is not open.', 'Restart the app and try again.');
    const allowed = signInNavigationAllowed(spec.url);
    if (!allowed.allow) throw new AppError('INVALID_INPUT', allowed.reason, 'Give the login page as https://HOST/login.');
    const ses = session.fromPartition(`signin-${randomUUID()}`, { cache: false });
    lockDownSession(ses);
    if (this.#proxy) await ses.setProxy({ mode: 'fixed_servers', proxyRules: this.#proxy });
    const reported = new Set<string>();
    judgeSessionCertificates(ses, spec.trust, (facts, decision) => {
      if (!facts || reported.has(facts.hostname)) return;
      reported.add(facts.hostname);
      listener.onFailed({ kind: 'tls', host: facts.hostname, fingerprint: facts.fingerprint256, certificate: decision.verdict });
    });
    const view = new WebContentsView({
      webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false, spellcheck: false, devTools: !app.isPackaged },
    });
    const contents = view.webContents;
    this.#views.set(spec.runId, { view, session: ses });
    let status: number | undefined;
    const stopOrPolice = (details: { url: string; isMainFrame: boolean; preventDefault: () => void }) => {
      if (spec.stopsAt(details.url)) {
        details.preventDefault(); // never loaded: the URL is what the check reads
        if (details.isMainFrame) listener.onAuthorize(details.url);
        return;
      }
      const verdict = signInNavigationAllowed(details.url);
      if (!verdict.allow) {
        details.preventDefault();
        if (details.isMainFrame) listener.onBlocked(details.url, verdict.reason);
      }
    };
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-frame-navigate', stopOrPolice);
    contents.on('will-redirect', (details) => {
      stopOrPolice(details);
      if (details.isMainFrame && !details.defaultPrevented) listener.onNavigate?.(details.url);
    });
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) listener.onNavigate?.(details.url);
    });
    contents.on('did-navigate', (_event, _url, httpResponseCode) => {
      status = httpResponseCode > 0 ? httpResponseCode : undefined;
    });
    contents.on('did-stop-loading', () => {
      if (!contents.isDestroyed()) listener.onPage({ url: contents.getURL(), loading: false, status });
    });
    contents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
      if (isMainFrame && errorCode !== ERR_ABORTED && reported.size === 0) listener.onFailed({ kind: 'network', reason: errorDescription || `error ${errorCode}` });
    });
    view.setVisible(false);
    window.contentView.addChildView(view);
    contents.loadURL(spec.url).catch(() => undefined);
  }

  async load(runId: string, url: string): Promise<void> {
    await this.#contents(runId).loadURL(url).catch(() => undefined);
  }

  runInPage(runId: string, code: string): Promise<unknown> {
    return runInMainFrame(this.#contents(runId), code, DEFAULT_FRAME_CALL_TIMEOUT_MS);
  }

  setBounds(runId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    placeChildView(this.#window(), this.#views.get(runId), bounds);
  }

  async close(runId: string): Promise<void> {
    const open = this.#views.get(runId);
    if (!open) return;
    this.#views.delete(runId);
    await closeChildView(this.#window(), open);
  }

  #contents(runId: string) {
    const open = this.#views.get(runId);
    if (!open || open.view.webContents.isDestroyed()) throw new AppError('NOT_FOUND', 'The sign-in check’s browser is closed.', 'Start the check again.');
    return open.view.webContents;
  }
}

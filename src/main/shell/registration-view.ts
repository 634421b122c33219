import { app, session, webFrameMain, WebContentsView, type BrowserWindow, type Session } from 'electron';
import { randomUUID } from 'node:crypto';
import type { BrowserListener, FrameOutcome, OpenSpec, RegistrationBrowser } from '../registration/browser';
import { decideFrameNavigation, decideNavigation } from '../registration/navigation';
import { AppError } from '../../shared/errors';
import { extendsPlatform, type CertificateTrust } from '../tls/certificate-trust';
import { judgeSessionCertificates } from './certificate-verify';
import { DEFAULT_FRAME_CALL_TIMEOUT_MS, runInTrustedFrames } from './frame-calls';
import { lockDownSession } from './security';
import { closeChildView, placeChildView, type ChildView } from './view-bounds';

interface OpenView extends ChildView {
  listener: BrowserListener;
}

export interface RegistrationViewsOptions {
  /**
   * What each view's own session trusts besides Chromium's verification (demo mode only: the exact certificates the
   * demo's replica made), judged by the one rule; without it the session keeps Chromium's verifier alone.
   */
  trust?: CertificateTrust;
  /** How long one page-script call may take before it counts as failed (the page script's own waits are shorter). */
  frameCallTimeoutMs?: number;
}

/**
 * The built-in browser: one WebContentsView per registration flow, inside the main window, with its own in-memory
 * session (a random partition without `persist:`), https-only navigation, popups kept inside the view, every
 * permission denied, downloads cancelled. The only Electron code of the registration capability.
 */
export class RegistrationViews implements RegistrationBrowser {
  readonly #window: () => BrowserWindow | null;
  readonly #views = new Map<string, OpenView>();
  readonly #trust: CertificateTrust;
  readonly #frameCallTimeoutMs: number;

  constructor(window: () => BrowserWindow | null, options: RegistrationViewsOptions = {}) {
    this.#window = window;
    this.#trust = options.trust ?? {};
    this.#frameCallTimeoutMs = options.frameCallTimeoutMs ?? DEFAULT_FRAME_CALL_TIMEOUT_MS;
  }

  async open(spec: OpenSpec, listener: BrowserListener): Promise<void> {
    const window = this.#window();
    if (!window || window.isDestroyed()) throw new AppError('BROWSER_UNAVAILABLE', 'The app window is not open.', 'Restart the app and try again.');
    // Decided before anything exists: a refused address creates no view and no session.
    const decision = decideNavigation(spec.url);
    if (!decision.allow) throw new AppError('BAD_REQUEST', decision.reason, 'Start the registration again.');
    const ses = this.#newSession();
    const view = new WebContentsView({
      webPreferences: {
        session: ses,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: false,
        devTools: !app.isPackaged,
      },
    });
    this.#views.set(spec.flowId, { view, session: ses, listener });
    this.#follow(view, listener);
    // Hidden until the window says where its placeholder is.
    view.setVisible(false);
    window.contentView.addChildView(view);
    // A failed first load (or a view closed while loading) must not throw from the rejection handler.
    view.webContents.loadURL(spec.url).catch(() => {
      if (!view.webContents.isDestroyed()) listener.onLocation({ url: view.webContents.getURL(), canGoBack: false, loading: false });
    });
  }

  #newSession(): Session {
    const ses = session.fromPartition(`registration-${randomUUID()}`, { cache: false });
    lockDownSession(ses);
    ses.setSpellCheckerEnabled(false);
    if (extendsPlatform(this.#trust)) judgeSessionCertificates(ses, this.#trust);
    return ses;
  }

  /** Applies the navigation policy to every navigation of the view and reports what the page does. */
  #follow(view: WebContentsView, listener: BrowserListener): void {
    const contents = view.webContents;
    // Loading means the main frame: no page-script round runs while it loads (iframes loading do not hold it).
    const report = () => listener.onLocation({ url: contents.getURL(), canGoBack: contents.navigationHistory.canGoBack(), loading: contents.isLoadingMainFrame() });
    const police = (details: { url: string; isMainFrame: boolean; preventDefault: () => void }) => {
      const verdict = details.isMainFrame ? decideNavigation(details.url) : decideFrameNavigation(details.url);
      if (!verdict.allow) {
        details.preventDefault();
        listener.onBlocked(details.url, verdict.reason);
      }
    };
    // window.open / target=_blank: never a new window; an allowed https address opens in this same view.
    contents.setWindowOpenHandler(({ url }) => {
      const verdict = decideNavigation(url);
      if (verdict.allow) void contents.loadURL(url).catch(() => undefined);
      else listener.onBlocked(url, verdict.reason);
      return { action: 'deny' };
    });
    // F6 (the browsers' key for "next pane") inside Azure's page gives the keyboard back to the app's window, so
    // its controls stay reachable without a mouse; the window's own F6 (or its button) moves it in again.
    contents.on('before-input-event', (event, input) => {
      if (input.type !== 'keyDown' || input.key !== 'F6' || input.control || input.alt || input.meta) return;
      event.preventDefault();
      const window = this.#window();
      if (window && !window.isDestroyed()) window.webContents.focus();
    });
    contents.on('will-frame-navigate', police);
    contents.on('will-redirect', police);
    contents.on('did-start-loading', report);
    contents.on('did-stop-loading', report);
    contents.on('did-navigate', report);
    contents.on('did-navigate-in-page', (_event, _url, isMainFrame) => {
      if (!isMainFrame) return;
      report();
      listener.onLoaded(contents.getURL(), true);
    });
    contents.on('did-frame-finish-load', (_event, isMainFrame, processId, routingId) => {
      const url = isMainFrame ? contents.getURL() : webFrameMain.fromId(processId, routingId)?.url;
      if (url) listener.onLoaded(url);
    });
  }

  async close(flowId: string): Promise<void> {
    const open = this.#views.get(flowId);
    if (!open) return;
    this.#views.delete(flowId);
    // Sign-in cookies, storage and cache of the flow go with it.
    await closeChildView(this.#window(), open);
  }

  back(flowId: string): void {
    const contents = this.#contents(flowId);
    if (contents.navigationHistory.canGoBack()) contents.navigationHistory.goBack();
  }

  reload(flowId: string): void {
    this.#contents(flowId).reload();
  }

  load(flowId: string, url: string): void {
    this.#contents(flowId).loadURL(url).catch(() => undefined);
  }

  focus(flowId: string): void {
    this.#contents(flowId).focus();
  }

  /** Over the window's placeholder, clamped to the window's content; an empty area hides the view. */
  setBounds(flowId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    placeChildView(this.#window(), this.#views.get(flowId), bounds);
  }

  runInTrustedFrames(flowId: string, code: string, trustedOrigins: readonly string[], onOutcome?: (outcome: FrameOutcome) => void): Promise<FrameOutcome[]> {
    return runInTrustedFrames(this.#contents(flowId), code, trustedOrigins, onOutcome, this.#frameCallTimeoutMs);
  }

  #contents(flowId: string) {
    const open = this.#views.get(flowId);
    if (!open || open.view.webContents.isDestroyed()) throw new AppError('NOT_FOUND', 'The built-in browser for this flow is closed.', 'Start the registration again.');
    return open.view.webContents;
  }
}

import { app, session, webFrameMain, WebContentsView, type BrowserWindow, type Session, type WebFrameMain } from 'electron';
import { randomUUID } from 'node:crypto';
import type { BrowserListener, FrameOutcome, OpenSpec, RegistrationBrowser } from '../registration/browser';
import { decideFrameNavigation, decideNavigation } from '../registration/navigation';
import { originOf } from '../registration/origin';
import { AppError } from '../../shared/errors';
import { pinnedCertificateVerdict, type CertificatePin } from '../demo/certificate-pins';
import { lockDownSession } from './security';

/** The isolated world our page script runs in (999 is Electron's contextIsolation world; page scripts use 0). */
const REGISTRATION_WORLD_ID = 1042;

interface OpenView {
  view: WebContentsView;
  session: Session;
  listener: BrowserListener;
}

type IsolatedCapableFrame = WebFrameMain & {
  executeJavaScriptInIsolatedWorld?: (worldId: number, scripts: { code: string }[], userGesture?: boolean) => Promise<unknown>;
};

/**
 * The built-in browser: one WebContentsView per registration flow, inside the main window, with its own in-memory
 * session (a random partition without `persist:`), https-only navigation, popups kept inside the view, every
 * permission denied, downloads cancelled. The only Electron code of the registration capability.
 */
export class RegistrationViews implements RegistrationBrowser {
  readonly #window: () => BrowserWindow | null;
  readonly #views = new Map<string, OpenView>();
  readonly #pins: readonly CertificatePin[];

  /**
   * `options.certificatePins` (demo mode only): the exact certificates the demo's replica made; each view's own
   * session accepts those for their host and leaves every other certificate to Chromium's verification.
   */
  constructor(window: () => BrowserWindow | null, options: { certificatePins?: readonly CertificatePin[] } = {}) {
    this.#window = window;
    this.#pins = options.certificatePins ?? [];
  }

  async open(spec: OpenSpec, listener: BrowserListener): Promise<void> {
    const window = this.#window();
    if (!window || window.isDestroyed()) throw new AppError('BROWSER_UNAVAILABLE', 'The app window is not open.', 'Restart the app and try again.');
    const ses = session.fromPartition(`registration-${randomUUID()}`, { cache: false });
    lockDownSession(ses);
    ses.setSpellCheckerEnabled(false);
    if (this.#pins.length > 0) {
      const pins = this.#pins;
      // 0: accept, -3: Chromium's own verification (unchanged for every other host and certificate).
      ses.setCertificateVerifyProc((request, callback) => callback(pinnedCertificateVerdict(request.hostname, request.certificate.data, pins) === 'accept' ? 0 : -3));
    }
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
    const contents = view.webContents;
    this.#views.set(spec.flowId, { view, session: ses, listener });

    // Loading means the main frame: no page-script round runs while it loads (iframes loading do not hold it).
    const report = () => listener.onLocation({ url: contents.getURL(), canGoBack: contents.navigationHistory.canGoBack(), loading: contents.isLoadingMainFrame() });

    // window.open / target=_blank: never a new window; an allowed https address opens in this same view.
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideNavigation(url);
      if (decision.allow) void contents.loadURL(url);
      else listener.onBlocked(url, decision.reason);
      return { action: 'deny' };
    });
    contents.on('will-frame-navigate', (details) => {
      const decision = details.isMainFrame ? decideNavigation(details.url) : decideFrameNavigation(details.url);
      if (!decision.allow) {
        details.preventDefault();
        listener.onBlocked(details.url, decision.reason);
      }
    });
    contents.on('will-redirect', (details) => {
      const decision = details.isMainFrame ? decideNavigation(details.url) : decideFrameNavigation(details.url);
      if (!decision.allow) {
        details.preventDefault();
        listener.onBlocked(details.url, decision.reason);
      }
    });
    contents.on('did-start-loading', report);
    contents.on('did-stop-loading', report);
    contents.on('did-navigate', report);
    contents.on('did-navigate-in-page', (_event, _url, isMainFrame) => {
      if (isMainFrame) {
        report();
        listener.onLoaded(contents.getURL(), true);
      }
    });
    contents.on('did-frame-finish-load', (_event, isMainFrame, processId, routingId) => {
      const url = isMainFrame ? contents.getURL() : webFrameMain.fromId(processId, routingId)?.url;
      if (url) listener.onLoaded(url);
    });

    window.contentView.addChildView(view);
    view.setBounds({ x: 0, y: 0, width: 0, height: 0 });
    const decision = decideNavigation(spec.url);
    if (!decision.allow) throw new AppError('BAD_REQUEST', decision.reason, 'Start the registration again.');
    void contents.loadURL(spec.url).catch(report);
  }

  async close(flowId: string): Promise<void> {
    const open = this.#views.get(flowId);
    if (!open) return;
    this.#views.delete(flowId);
    const window = this.#window();
    if (window && !window.isDestroyed()) window.contentView.removeChildView(open.view);
    if (!open.view.webContents.isDestroyed()) open.view.webContents.close();
    // Sign-in cookies, storage and cache of the flow go with it.
    await Promise.allSettled([open.session.clearStorageData(), open.session.clearCache(), open.session.clearAuthCache()]);
  }

  back(flowId: string): void {
    const contents = this.#contents(flowId);
    if (contents.navigationHistory.canGoBack()) contents.navigationHistory.goBack();
  }

  reload(flowId: string): void {
    this.#contents(flowId).reload();
  }

  setBounds(flowId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    this.#views.get(flowId)?.view.setBounds(bounds);
  }

  /**
   * Runs the page script in every frame whose origin is exactly trusted. The top frame runs it in an isolated world
   * (the page's scripts cannot see or patch it). Electron 45's WebFrameMain has no isolated-world call, so
   * sub-frames use one when the runtime offers it and otherwise run in the frame's main world.
   */
  async runInTrustedFrames(flowId: string, code: string, trustedOrigins: readonly string[], onOutcome?: (outcome: FrameOutcome) => void): Promise<FrameOutcome[]> {
    const contents = this.#contents(flowId);
    const main = contents.mainFrame;
    const frames = main.framesInSubtree.filter((frame) => {
      if (frame.isDestroyed() || frame.detached) return false;
      const origin = originOf(frame.url);
      return origin !== null && origin === frame.origin && trustedOrigins.includes(origin);
    });
    return Promise.all(
      frames.map(async (frame): Promise<FrameOutcome> => {
        const url = frame.url;
        const origin = frame.origin;
        let outcome: FrameOutcome;
        try {
          const isolated = (frame as IsolatedCapableFrame).executeJavaScriptInIsolatedWorld;
          const value =
            frame === main
              ? await contents.executeJavaScriptInIsolatedWorld(REGISTRATION_WORLD_ID, [{ code }])
              : typeof isolated === 'function'
                ? await isolated.call(frame, REGISTRATION_WORLD_ID, [{ code }])
                : await frame.executeJavaScript(code);
          outcome = { url, origin, ok: true, value };
        } catch {
          outcome = { url, origin, ok: false, error: 'The page script did not finish (the page navigated or closed).' };
        }
        onOutcome?.(outcome);
        return outcome;
      }),
    );
  }

  #contents(flowId: string) {
    const open = this.#views.get(flowId);
    if (!open || open.view.webContents.isDestroyed()) throw new AppError('NOT_FOUND', 'The built-in browser for this flow is closed.', 'Start the registration again.');
    return open.view.webContents;
  }
}

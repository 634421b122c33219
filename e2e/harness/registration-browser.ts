import type { Page, Request, Route } from '@playwright/test';
import type { BrowserListener, FrameOutcome, OpenSpec, RegistrationBrowser } from '../../src/main/registration/browser';
import { runInTrustedPageFrames } from '../../src/main/registration/chromium/frames';
import { decideFrameNavigation, decideNavigation } from '../../src/main/registration/navigation';

/**
 * The built-in browser for the e2e tests: a real Chromium page stands in for the WebContentsView (which needs
 * the Electron binary). Like the shell it applies the navigation policy to every navigation, keeps popups in the
 * same view, and runs the page script only in frames whose origin is exactly trusted (the shared Playwright
 * runner; main world, since Playwright has no isolated-world API).
 */
export class PlaywrightRegistrationBrowser implements RegistrationBrowser {
  readonly #page: Page;
  #listener: BrowserListener | null = null;
  #history = 0;
  #installed = false;
  #loading = false;
  /** The main frame's address as last committed (a navigation that fails keeps it, as the shell's view does). */
  #url = 'about:blank';
  bounds: { x: number; y: number; width: number; height: number } | null = null;
  closed = false;
  /** The start page of every flow opened, in order. */
  readonly opened: string[] = [];

  constructor(page: Page) {
    this.#page = page;
  }

  async open(spec: OpenSpec, listener: BrowserListener): Promise<void> {
    const page = this.#page;
    const first = !this.#installed;
    this.#installed = true;
    this.#listener = listener;
    this.opened.push(spec.url);
    this.#url = spec.url;
    this.closed = false;
    this.#history = 0;
    if (first) {
      // Registered after the replica router, so it runs first and falls back to it for allowed requests.
      await page.route('**/*', (route: Route) => {
        const request = route.request();
        if (request.isNavigationRequest()) {
          const main = request.frame() === page.mainFrame();
          const decision = main ? decideNavigation(request.url()) : decideFrameNavigation(request.url());
          if (!decision.allow) {
            this.#listener?.onBlocked(request.url(), decision.reason);
            // 204 to a navigation keeps the current document, as the shell's preventDefault does.
            return route.fulfill({ status: 204, body: '' });
          }
          // The main frame starts loading (the shell's did-start-loading), until its load event.
          if (main) this.#report(this.#url, true);
        }
        return route.fallback();
      });
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) {
          this.#history++;
          this.#url = frame.url();
          this.#report(this.#url, this.#loading);
        }
        void frame.waitForLoadState('load').then(
          () => this.#listener?.onLoaded(frame.url()),
          () => undefined,
        );
      });
      page.on('load', () => this.#report(this.#url, false));
      // A main-frame navigation that never commits (failed, or answered without a document) ends the loading too,
      // as the shell's did-fail-load / did-stop-loading do.
      const ended = (request: Request) => {
        if (request.isNavigationRequest() && request.frame() === page.mainFrame()) this.#report(this.#url, false);
      };
      page.on('requestfailed', ended);
      page.on('requestfinished', (request) => {
        void request.response().then((response) => {
          if (response && (response.status() === 204 || response.status() === 205)) ended(request);
        }, () => undefined);
      });
      page.on('popup', (popup) => {
        const url = popup.url();
        void popup.close();
        const decision = decideNavigation(url);
        if (decision.allow) void page.goto(url).catch(() => undefined);
        else this.#listener?.onBlocked(url, decision.reason);
      });
    }
    await page.goto(spec.url).catch(() => undefined);
  }

  #report(url: string, loading: boolean): void {
    this.#loading = loading;
    this.#listener?.onLocation({ url, canGoBack: this.#history > 1, loading });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.#listener = null;
    await this.#page.context().clearCookies();
    await this.#page.goto('about:blank').catch(() => undefined);
  }

  back(): void {
    void this.#page.goBack().catch(() => undefined);
  }

  reload(): void {
    void this.#page.reload().catch(() => undefined);
  }

  load(_flowId: string, url: string): void {
    void this.#page.goto(url).catch(() => undefined);
  }

  setBounds(_flowId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = bounds;
  }

  focus(): void {
    void this.#page.bringToFront().catch(() => undefined);
  }

  runInTrustedFrames(_flowId: string, code: string, trustedOrigins: readonly string[], onOutcome?: (outcome: FrameOutcome) => void): Promise<FrameOutcome[]> {
    return runInTrustedPageFrames(this.#page, code, trustedOrigins, onOutcome);
  }
}

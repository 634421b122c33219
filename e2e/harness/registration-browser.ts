import type { Page, Route } from '@playwright/test';
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
    this.closed = false;
    this.#history = 0;
    if (first) {
      // Registered after the replica router, so it runs first and falls back to it for allowed requests.
      await page.route('**/*', (route: Route) => {
        const request = route.request();
        if (request.isNavigationRequest()) {
          const decision = request.frame() === page.mainFrame() ? decideNavigation(request.url()) : decideFrameNavigation(request.url());
          if (!decision.allow) {
            this.#listener?.onBlocked(request.url(), decision.reason);
            // 204 to a navigation keeps the current document, as the shell's preventDefault does.
            return route.fulfill({ status: 204, body: '' });
          }
        }
        return route.fallback();
      });
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) {
          this.#history++;
          this.#listener?.onLocation({ url: frame.url(), canGoBack: this.#history > 1, loading: false });
        }
        void frame.waitForLoadState('load').then(
          () => this.#listener?.onLoaded(frame.url()),
          () => undefined,
        );
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

  setBounds(_flowId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    this.bounds = bounds;
  }

  runInTrustedFrames(_flowId: string, code: string, trustedOrigins: readonly string[], onOutcome?: (outcome: FrameOutcome) => void): Promise<FrameOutcome[]> {
    return runInTrustedPageFrames(this.#page, code, trustedOrigins, onOutcome);
  }
}

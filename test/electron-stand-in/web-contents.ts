// `WebContents` on a real Chromium page: Electron's navigation events (will-frame-navigate only for navigations
// the page starts, will-redirect for every redirect hop, did-start-navigation, did-navigate…, did-frame-finish-load,
// did-start/stop-loading), the certificate gate, custom protocols on the default session, popups through the window
// open handler, downloads through will-download, and page calls with Electron's semantics (executeJavaScript*
// waits until the page stopped loading; a call whose frame goes away never settles).
import { EventEmitter } from 'node:events';
import { FrameGoneError, PageHost, type FrameRecord, type PausedRequest } from './page-host';
import type { PreloadHost } from './preload-bridge';
import { fromChromiumUrl, isBridgeUrl, toChromiumUrl, type StandInProtocol } from './protocol';
import { destroyedError, electronEvent, type StandInRuntime } from './runtime';
import type { StandInSession } from './session';
import { StandInWebFrameMain } from './web-frame-main';

export interface WebContentsDeps {
  runtime: StandInRuntime;
  protocol: StandInProtocol;
  /** The session's browser context must exist; the default session is the only one with protocol handlers. */
  isDefaultSession: (session: StandInSession) => boolean;
  preload: PreloadHost;
  onCreated: (contents: StandInWebContents) => void;
}

type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

class StandInNavigationHistory {
  readonly #contents: StandInWebContents;
  entries: { url: string }[] = [];
  currentIndex = 0;
  constructor(contents: StandInWebContents) {
    this.#contents = contents;
  }
  canGoBack(): boolean {
    return this.currentIndex > 0;
  }
  canGoForward(): boolean {
    return this.currentIndex < this.entries.length - 1;
  }
  goBack(): void {
    void this.#contents.programmatic((host) => host.page.goBack()).catch(() => undefined);
  }
  goForward(): void {
    void this.#contents.programmatic((host) => host.page.goForward()).catch(() => undefined);
  }
  length(): number {
    return this.entries.length;
  }
  getActiveIndex(): number {
    return this.currentIndex;
  }
}

export class StandInWebContents extends EventEmitter {
  readonly id: number;
  readonly session: StandInSession;
  readonly processId: number;
  readonly navigationHistory: StandInNavigationHistory;
  readonly ready: Promise<PageHost>;
  readonly protocol: StandInProtocol;
  readonly #deps: WebContentsDeps;
  readonly #frames = new Map<string, StandInWebFrameMain>();
  #host: PageHost | undefined;
  #destroyed = false;
  #windowOpenHandler: WindowOpenHandler | null = null;
  /** Frames whose next navigation the page itself asked for (so will-frame-navigate fires for it). */
  readonly #rendererNavigations = new Map<string, string>();
  #lastStatus = new Map<string, number>();
  /** Every window.open / target=_blank the page tried, with the open handler's answer. */
  readonly windowOpens: { url: string; action: 'allow' | 'deny' }[] = [];
  #wasLoading = false;

  constructor(deps: WebContentsDeps, session: StandInSession, preferences: Electron.WebPreferences) {
    super();
    this.#deps = deps;
    this.protocol = deps.protocol;
    this.id = deps.runtime.nextWebContentsId();
    this.processId = 4000 + this.id;
    this.session = session;
    this.navigationHistory = new StandInNavigationHistory(this);
    this.ready = this.#open(preferences);
    void this.ready.catch(() => undefined);
    deps.onCreated(this);
  }

  async #open(preferences: Electron.WebPreferences): Promise<PageHost> {
    const context = await this.session.context();
    const host = await PageHost.open(
      context,
      {
        frameAttached: (frameId) => this.emit('frame-created', electronEvent(), { frame: this.frameFor(frameId) }),
        frameDetached: () => undefined,
        frameNavigated: (frame, isMain) => this.#navigated(frame, isMain),
        navigatedInPage: (frameId, url) => this.#navigatedInPage(frameId, url),
        startedNavigating: (frameId, url, sameDocument) => this.#startedNavigating(frameId, url, sameDocument),
        requestedNavigation: (frameId, url, disposition) => {
          if (disposition === 'currentTab') this.#rendererNavigations.set(frameId, url);
        },
        loadingChanged: () => this.#loadingChanged(),
        lifecycle: (frameId, name) => this.#lifecycle(frameId, name),
        requestPaused: (request) => this.#paused(request),
        bindingCalled: (name, payload, contextId, frameId) => this.#deps.preload.bindingCalled(this, name, payload, contextId, frameId),
      },
      this.#deps.runtime.options.frameGoneCalls ?? 'never',
    );
    this.#host = host;
    host.cdp.on('Page.windowOpen', ({ url, windowName, windowFeatures }) => this.#windowOpen(url, windowName, windowFeatures));
    host.page.on('popup', (popup) => void popup.close().catch(() => undefined)); // allowed opens load in a BrowserWindow of ours, never in Chromium's popup
    host.page.on('download', (download) => {
      const item = { getURL: () => download.url(), getFilename: () => download.suggestedFilename(), cancel: () => void download.cancel() };
      const event = electronEvent();
      this.session.emit('will-download', event, item, this);
      if (event.defaultPrevented) void download.cancel();
    });
    host.page.on('close', () => this.#markDestroyed());
    if (preferences.preload) await this.#deps.preload.install(this, host, preferences);
    return host;
  }

  host(): PageHost | undefined {
    return this.#host;
  }

  /** A destroyed webContents emits nothing more (Electron tears down its observers first). */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (this.#destroyed && event !== 'destroyed') return false;
    return super.emit(event, ...args);
  }

  frameFor(frameId: string): StandInWebFrameMain | null {
    const host = this.#host;
    if (!host?.frames.has(frameId)) return null;
    let frame = this.#frames.get(frameId);
    if (!frame) {
      frame = new StandInWebFrameMain(this, frameId, this.#deps.runtime.nextFrameNodeId(), this.#deps.runtime.nextRoutingId());
      this.#frames.set(frameId, frame);
    }
    return frame;
  }

  frameByRoutingId(routingId: number): StandInWebFrameMain | undefined {
    return [...this.#frames.values()].find((frame) => frame.routingId === routingId);
  }

  get mainFrame(): StandInWebFrameMain {
    this.#alive();
    const host = this.#host;
    if (!host) throw new Error('The page is not created yet: await the first loadURL');
    return this.frameFor(host.mainFrameId)!;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  #alive(): void {
    if (this.#destroyed) throw destroyedError();
  }

  getURL(): string {
    this.#alive();
    const host = this.#host;
    const url = host?.frames.get(host.mainFrameId)?.url ?? '';
    return url === 'about:blank' && this.navigationHistory.entries.length === 0 ? '' : fromChromiumUrl(url);
  }

  getTitle(): string {
    return '';
  }

  isLoading(): boolean {
    return (this.#host?.loading.size ?? 0) > 0;
  }

  isLoadingMainFrame(): boolean {
    const host = this.#host;
    return host ? host.loading.has(host.mainFrameId) : false;
  }

  /** Browser-initiated navigations (loadURL, reload, back): no will-frame-navigate, as in Electron. */
  async programmatic<T>(run: (host: PageHost) => Promise<T>): Promise<T> {
    this.#alive();
    const host = await this.ready;
    return run(host);
  }

  async loadURL(url: string): Promise<void> {
    this.#alive();
    const target = toChromiumUrl(url, new Set(this.protocol.handlers.keys()));
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^(https?|about|data|file|blob):/i.test(url) && target === url) {
      throw new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`);
    }
    try {
      await this.programmatic((host) => host.page.goto(target, { waitUntil: 'load' }));
    } catch (error) {
      const reason = /net::(ERR_[A-Z_]+)/.exec(String(error))?.[1] ?? 'ERR_FAILED';
      throw new Error(`${reason} (-2) loading '${url}'`, { cause: error });
    }
  }

  reload(): void {
    void this.programmatic((host) => host.page.reload()).catch(() => undefined);
  }

  /** Gives this webContents the keyboard: the others lose it, and its page becomes the active one in Chromium. */
  focus(): void {
    this.#alive();
    this.#deps.runtime.focusedWebContentsId = this.id;
    void this.ready.then((host) => host.page.bringToFront()).catch(() => undefined);
  }

  isFocused(): boolean {
    return this.#deps.runtime.focusedWebContentsId === this.id;
  }

  /**
   * A key the main process sends (keyboard events only): 'before-input-event' first, as Electron emits it, then the
   * key reaches the page. As in Electron, preventDefault() cannot stop an event the main process itself sent.
   */
  sendInputEvent(event: Electron.KeyboardInputEvent | Electron.MouseInputEvent | Electron.MouseWheelInputEvent): void {
    this.#alive();
    if (event.type !== 'keyDown' && event.type !== 'keyUp') throw new Error('The stand-in sends keyboard events only (keyDown, keyUp).');
    const modifiers = (event.modifiers ?? []).map((m) => m.toLowerCase());
    const input: Electron.Input = {
      type: event.type,
      key: (event as Electron.KeyboardInputEvent).keyCode,
      code: (event as Electron.KeyboardInputEvent).keyCode,
      isAutoRepeat: false,
      isComposing: false,
      shift: modifiers.includes('shift'),
      control: modifiers.includes('control') || modifiers.includes('ctrl'),
      alt: modifiers.includes('alt'),
      meta: modifiers.includes('meta') || modifiers.includes('cmd'),
      location: 0,
      modifiers: event.modifiers ?? [],
    };
    this.emit('before-input-event', electronEvent(), input);
    const key = input.key;
    void this.ready.then((host) => (event.type === 'keyDown' ? host.page.keyboard.down(key) : host.page.keyboard.up(key))).catch(() => undefined);
  }

  close(): void {
    if (this.#destroyed) return;
    void this.#host?.page.close().catch(() => undefined);
    this.#markDestroyed();
  }

  #markDestroyed(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.emit('destroyed');
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.#windowOpenHandler = handler;
  }

  /** Electron suspends the call until the page stopped loading. */
  async #whenLoaded(): Promise<PageHost> {
    const host = await this.ready;
    if (this.isLoading()) await new Promise<void>((resolve) => this.once('did-stop-loading', () => resolve()));
    return host;
  }

  async executeJavaScript(code: string, userGesture = false): Promise<unknown> {
    this.#alive();
    const host = await this.#whenLoaded();
    return host.call(host.mainFrameId, '', code, userGesture);
  }

  async executeJavaScriptInIsolatedWorld(worldId: number, scripts: Electron.WebSource[], userGesture = false): Promise<unknown> {
    this.#alive();
    const host = await this.#whenLoaded();
    return host.call(host.mainFrameId, `electron-isolated-world-${worldId}`, scripts.map((s) => s.code).join(';\n'), userGesture);
  }

  // ---- events from Chromium, as Electron emits them ----

  #ids(frameId: string): [boolean, number, number] {
    const frame = this.frameFor(frameId);
    return [frameId === this.#host?.mainFrameId, this.processId, frame?.routingId ?? -1];
  }

  #navigated(frame: FrameRecord, isMain: boolean): void {
    const url = fromChromiumUrl(frame.url);
    const status = this.#lastStatus.get(frame.id) ?? 200;
    const [, pid, rid] = this.#ids(frame.id);
    this.emit('did-frame-navigate', electronEvent(), url, status, '', isMain, pid, rid);
    if (isMain) {
      this.#refreshHistory();
      this.emit('did-navigate', electronEvent(), url, status, '');
    }
  }

  #navigatedInPage(frameId: string, url: string): void {
    const [isMain, pid, rid] = this.#ids(frameId);
    if (isMain) this.#refreshHistory();
    this.emit('did-navigate-in-page', electronEvent(), fromChromiumUrl(url), isMain, pid, rid);
  }

  #startedNavigating(frameId: string, url: string, isSameDocument: boolean): void {
    const [isMainFrame, pid, rid] = this.#ids(frameId);
    const details = electronEvent({ url: fromChromiumUrl(url), isSameDocument, isMainFrame, frame: this.frameFor(frameId), initiator: undefined });
    this.emit('did-start-navigation', details, fromChromiumUrl(url), isSameDocument, isMainFrame, pid, rid);
  }

  #loadingChanged(): void {
    const loading = this.isLoading();
    if (loading === this.#wasLoading) return;
    this.#wasLoading = loading;
    this.emit(loading ? 'did-start-loading' : 'did-stop-loading');
  }

  #lifecycle(frameId: string, name: string): void {
    const [isMain, pid, rid] = this.#ids(frameId);
    if (name === 'DOMContentLoaded' && isMain) this.emit('dom-ready', electronEvent());
    if (name !== 'load') return;
    this.emit('did-frame-finish-load', electronEvent(), isMain, pid, rid);
    if (isMain) this.emit('did-finish-load');
  }

  #refreshHistory(): void {
    void this.#host?.cdp.send('Page.getNavigationHistory').then(
      ({ currentIndex, entries }) => {
        this.navigationHistory.entries = entries.map((entry) => ({ url: fromChromiumUrl(entry.url) }));
        this.navigationHistory.currentIndex = currentIndex;
      },
      () => undefined,
    );
  }

  #windowOpen(url: string, frameName: string, features: string[]): void {
    const handler = this.#windowOpenHandler;
    const details = { url: fromChromiumUrl(url), frameName, features: features.join(','), disposition: 'new-window' as const, referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' as const }, postBody: undefined };
    const answer = handler ? handler(details as unknown as Electron.HandlerDetails) : { action: 'allow' as const };
    this.windowOpens.push({ url: details.url, action: answer.action });
    if (answer.action === 'allow') this.#deps.runtime.misuse.push(`window.open allowed for ${url}: the stand-in opens no Electron windows for pages`);
  }

  // ---- every request of the page, paused at the request and response stage ----

  async #paused(request: PausedRequest): Promise<void> {
    const host = this.#host!;
    const cdp = host.cdp;
    const isDocument = request.resourceType === 'Document';
    const [isMainFrame, pid, rid] = this.#ids(request.frameId);
    const frame = this.frameFor(request.frameId);
    const stay = () => cdp.send('Fetch.fulfillRequest', { requestId: request.requestId, responseCode: 204, responseHeaders: [], body: '' });

    if (request.responseStatusCode !== undefined) {
      if (isDocument) this.#lastStatus.set(request.frameId, request.responseStatusCode);
      const location = request.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value;
      if (isDocument && location && request.responseStatusCode >= 300 && request.responseStatusCode < 400) {
        const next = new URL(location, request.url).toString();
        const details = electronEvent({ url: fromChromiumUrl(next), isSameDocument: false, isMainFrame, frame, initiator: undefined });
        this.emit('will-redirect', details, fromChromiumUrl(next), false, isMainFrame, pid, rid);
        if (details.defaultPrevented) return void (await stay());
      }
      await cdp.send('Fetch.continueResponse', { requestId: request.requestId });
      return;
    }

    if (isDocument && request.redirectedRequestId === undefined && this.#rendererNavigations.has(request.frameId)) {
      this.#rendererNavigations.delete(request.frameId);
      const url = fromChromiumUrl(request.url);
      const details = electronEvent({ url, isSameDocument: false, isMainFrame, frame, initiator: undefined });
      this.emit('will-frame-navigate', details);
      if (isMainFrame) this.emit('will-navigate', details, url);
      if (details.defaultPrevented) return void (await stay());
    }

    if (isBridgeUrl(request.url)) {
      if (!this.#deps.isDefaultSession(this.session)) {
        // protocol.handle registers on the default session only.
        await cdp.send('Fetch.failRequest', { requestId: request.requestId, errorReason: 'Failed' });
        return;
      }
      const body = request.postData === undefined ? undefined : Buffer.from(request.postData);
      const response = await this.protocol.answer(fromChromiumUrl(request.url), { method: request.method, headers: request.headers, body });
      if (response.type === 'error') {
        await cdp.send('Fetch.failRequest', { requestId: request.requestId, errorReason: 'Failed' });
        return;
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      const responseHeaders: { name: string; value: string }[] = [];
      response.headers.forEach((value, name) => responseHeaders.push({ name, value }));
      await cdp.send('Fetch.fulfillRequest', { requestId: request.requestId, responseCode: response.status, responseHeaders, body: bytes.toString('base64') });
      return;
    }

    const verdict = await this.session.gate.check(request.url).catch(() => ({ ok: false, error: 'net::ERR_FAILED' }));
    if (!verdict.ok) {
      if (isDocument) this.emit('did-fail-load', electronEvent(), -202, verdict.error ?? 'net::ERR_CERT_INVALID', fromChromiumUrl(request.url), isMainFrame, pid, rid);
      await cdp.send('Fetch.failRequest', { requestId: request.requestId, errorReason: 'Failed' });
      return;
    }
    await cdp.send('Fetch.continueRequest', { requestId: request.requestId });
  }
}

export { FrameGoneError };

// The Chromium side of one webContents: a Playwright page plus a CDP session of our own, which tracks the frame tree,
// loading state and execution contexts, runs code in the main world or an isolated world of any frame, carries
// bindings, and pauses every request (Fetch domain) so the webContents can apply Electron's navigation events,
// the certificate gate and custom protocols — including redirect hops, which Playwright's routing never sees.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface FrameRecord {
  id: string;
  parentId: string | undefined;
  url: string;
  securityOrigin: string;
  name: string;
  detached: boolean;
}

interface ContextRecord {
  frameId: string;
  /** '' for a frame's main world, else the isolated world's name. */
  world: string;
}

export interface PausedRequest {
  requestId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  postData: string | undefined;
  resourceType: string;
  frameId: string;
  /** Set at the response stage. */
  responseStatusCode: number | undefined;
  responseHeaders: { name: string; value: string }[] | undefined;
  /** Set on a redirect hop's request. */
  redirectedRequestId: string | undefined;
}

export interface PageHostEvents {
  frameAttached(frameId: string): void;
  frameDetached(frameId: string): void;
  frameNavigated(frame: FrameRecord, isMain: boolean): void;
  navigatedInPage(frameId: string, url: string): void;
  startedNavigating(frameId: string, url: string, sameDocument: boolean): void;
  requestedNavigation(frameId: string, url: string, disposition: string): void;
  loadingChanged(frameId: string, loading: boolean): void;
  lifecycle(frameId: string, name: string): void;
  requestPaused(request: PausedRequest): Promise<void>;
  bindingCalled(name: string, payload: string, contextId: number, frameId: string): void;
}

export type GoneCalls = 'never' | 'reject';

/** CDP's ways of saying the document or frame a call ran in is no more. */
const GONE = /context|destroyed|navigated|closed|No frame|frame.*not found/i;

/** Thrown (or never thrown, see GoneCalls) when a call's frame or context went away before it answered. */
export class FrameGoneError extends Error {}

export class PageHost {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly frames = new Map<string, FrameRecord>();
  mainFrameId = '';
  readonly loading = new Set<string>();
  readonly #contexts = new Map<number, ContextRecord>();
  readonly #contextWaiters = new Set<() => void>();
  readonly #gone: GoneCalls;
  #closed = false;

  private constructor(page: Page, cdp: CDPSession, gone: GoneCalls) {
    this.page = page;
    this.cdp = cdp;
    this.#gone = gone;
  }

  static async open(context: BrowserContext, events: PageHostEvents, gone: GoneCalls): Promise<PageHost> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const host = new PageHost(page, cdp, gone);
    host.#listen(events);
    await cdp.send('Page.enable');
    await cdp.send('Page.setLifecycleEventsEnabled', { enabled: true });
    await cdp.send('Runtime.enable');
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }, { urlPattern: '*', requestStage: 'Response' }] });
    const { frameTree } = await cdp.send('Page.getFrameTree');
    host.mainFrameId = frameTree.frame.id;
    host.#record(frameTree.frame);
    page.on('close', () => {
      host.#closed = true;
      for (const wake of host.#contextWaiters) wake();
    });
    return host;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #record(frame: { id: string; parentId?: string; url: string; urlFragment?: string; securityOrigin: string; name?: string }): FrameRecord {
    const record: FrameRecord = { id: frame.id, parentId: frame.parentId, url: frame.url + (frame.urlFragment ?? ''), securityOrigin: frame.securityOrigin, name: frame.name ?? '', detached: false };
    this.frames.set(frame.id, record);
    return record;
  }

  #listen(events: PageHostEvents): void {
    const cdp = this.cdp;
    cdp.on('Page.frameAttached', ({ frameId, parentFrameId }) => {
      this.frames.set(frameId, { id: frameId, parentId: parentFrameId, url: '', securityOrigin: 'null', name: '', detached: false });
      events.frameAttached(frameId);
    });
    cdp.on('Page.frameDetached', ({ frameId }) => {
      const record = this.frames.get(frameId);
      if (record) record.detached = true;
      this.loading.delete(frameId);
      this.#dropContexts((c) => c.frameId === frameId);
      events.frameDetached(frameId);
    });
    cdp.on('Page.frameNavigated', ({ frame }) => {
      const record = this.#record(frame);
      events.frameNavigated(record, frame.parentId === undefined);
    });
    cdp.on('Page.navigatedWithinDocument', ({ frameId, url }) => {
      const record = this.frames.get(frameId);
      if (record) record.url = url;
      events.navigatedInPage(frameId, url);
    });
    cdp.on('Page.frameStartedNavigating', ({ frameId, url, navigationType }) =>
      events.startedNavigating(frameId, url, navigationType === 'sameDocument' || navigationType === 'historySameDocument'),
    );
    cdp.on('Page.frameRequestedNavigation', ({ frameId, url, disposition }) => events.requestedNavigation(frameId, url, disposition));
    cdp.on('Page.frameStartedLoading', ({ frameId }) => {
      this.loading.add(frameId);
      events.loadingChanged(frameId, true);
    });
    cdp.on('Page.frameStoppedLoading', ({ frameId }) => {
      this.loading.delete(frameId);
      events.loadingChanged(frameId, false);
    });
    cdp.on('Page.lifecycleEvent', ({ frameId, name }) => events.lifecycle(frameId, name));
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData as { frameId?: string; isDefault?: boolean } | undefined;
      if (!aux?.frameId) return;
      this.#contexts.set(context.id, { frameId: aux.frameId, world: aux.isDefault ? '' : context.name });
      for (const wake of this.#contextWaiters) wake();
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => this.#dropContexts((_c, id) => id === executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => this.#dropContexts(() => true));
    cdp.on('Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
      const context = this.#contexts.get(executionContextId);
      if (context) events.bindingCalled(name, payload, executionContextId, context.frameId);
    });
    cdp.on('Fetch.requestPaused', (paused) => {
      const request: PausedRequest = {
        requestId: paused.requestId,
        url: paused.request.url + (paused.request.urlFragment ?? ''),
        method: paused.request.method,
        headers: paused.request.headers as Record<string, string>,
        postData: paused.request.postData,
        resourceType: paused.resourceType,
        frameId: paused.frameId,
        responseStatusCode: paused.responseStatusCode,
        responseHeaders: paused.responseHeaders,
        redirectedRequestId: paused.redirectedRequestId,
      };
      void events.requestPaused(request).catch(() => this.cdp.send('Fetch.failRequest', { requestId: paused.requestId, errorReason: 'Failed' }).catch(() => undefined));
    });
  }

  #dropContexts(which: (context: ContextRecord, id: number) => boolean): void {
    for (const [id, context] of this.#contexts) if (which(context, id)) this.#contexts.delete(id);
    for (const wake of this.#contextWaiters) wake();
  }

  contextIdOf(frameId: string, world: string): number | undefined {
    for (const [id, context] of this.#contexts) if (context.frameId === frameId && context.world === world) return id;
    return undefined;
  }

  /** Waits for a frame's world to exist (a document that is still loading has none yet). */
  async #contextFor(frameId: string, world: string): Promise<number> {
    for (;;) {
      const id = this.contextIdOf(frameId, world);
      if (id !== undefined) return id;
      if (this.#closed || this.frames.get(frameId)?.detached) throw new FrameGoneError('frame gone');
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#contextWaiters.delete(wake);
          resolve();
        };
        this.#contextWaiters.add(wake);
      });
    }
  }

  /** Runs `expression` in a context; a context that goes away mid-call is a FrameGoneError. */
  async evaluateIn(contextId: number, expression: string, userGesture = false): Promise<unknown> {
    let answer: { result: { value?: unknown }; exceptionDetails?: { exception?: { description?: string }; text: string } };
    try {
      answer = await this.cdp.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true, userGesture });
    } catch (error) {
      if (this.#closed || !this.#contexts.has(contextId) || GONE.test(String(error))) throw new FrameGoneError(String(error));
      throw error;
    }
    if (answer.exceptionDetails) {
      // Electron rejects with the thrown error's text ("Error: …"), or its own sentence for a failed script.
      const text = answer.exceptionDetails.exception?.description?.split('\n')[0] ?? answer.exceptionDetails.text;
      throw new Error(text);
    }
    return answer.result.value;
  }

  /** A page call, with Electron's behaviour when its frame goes away: pending forever (45) or rejected (later). */
  async call(frameId: string, world: string, expression: string, userGesture = false): Promise<unknown> {
    try {
      if (world !== '') {
        // Electron keeps one isolated world per world id and frame; CDP reuses a world of the same name.
        const { executionContextId } = await this.cdp.send('Page.createIsolatedWorld', { frameId, worldName: world, grantUniveralAccess: false });
        return await this.evaluateIn(executionContextId, expression, userGesture);
      }
      return await this.evaluateIn(await this.#contextFor(frameId, ''), expression, userGesture);
    } catch (error) {
      const gone = error instanceof FrameGoneError || this.#closed || this.frames.get(frameId)?.detached === true || GONE.test(String(error));
      if (gone && this.#gone === 'never') return new Promise<never>(() => undefined);
      throw gone ? new Error('Render frame was disposed before WebFrameMain could be accessed') : error;
    }
  }

  /** Every frame below (and including) `frameId`, in document order. */
  subtree(frameId: string): FrameRecord[] {
    const root = this.frames.get(frameId);
    if (!root || root.detached) return [];
    const children = [...this.frames.values()].filter((f) => f.parentId === frameId && !f.detached);
    return [root, ...children.flatMap((child) => this.subtree(child.id))];
  }
}

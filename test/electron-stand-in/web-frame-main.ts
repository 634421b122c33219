// `WebFrameMain`: one object per frame (FrameTreeNode) of a stand-in webContents, kept across navigations as
// Electron keeps it; it reports what Electron reports (app:// URLs and Chromium's origin) and runs code in the
// frame's main world.
import { EventEmitter } from 'node:events';
import type { FrameRecord, PageHost } from './page-host';
import { fromChromiumUrl, isBridgeUrl, type StandInProtocol } from './protocol';

export interface FrameOwner {
  readonly processId: number;
  host(): PageHost | undefined;
  frameFor(frameId: string): StandInWebFrameMain | null;
  protocol: StandInProtocol;
  isDestroyed(): boolean;
}

const DISPOSED = 'Render frame was disposed before WebFrameMain could be accessed';

export class StandInWebFrameMain extends EventEmitter {
  readonly #owner: FrameOwner;
  readonly frameId: string;
  readonly frameTreeNodeId: number;
  readonly routingId: number;
  readonly frameToken: string;

  constructor(owner: FrameOwner, frameId: string, nodeId: number, routingId: number) {
    super();
    this.#owner = owner;
    this.frameId = frameId;
    this.frameTreeNodeId = nodeId;
    this.routingId = routingId;
    this.frameToken = `${frameId.slice(0, 8)}-${nodeId}`;
  }

  #record(): FrameRecord {
    const record = this.#owner.host()?.frames.get(this.frameId);
    if (!record || record.detached || this.#owner.isDestroyed()) throw new Error(DISPOSED);
    return record;
  }

  isDestroyed(): boolean {
    const record = this.#owner.host()?.frames.get(this.frameId);
    return !record || record.detached || this.#owner.isDestroyed();
  }

  get detached(): boolean {
    return this.#owner.host()?.frames.get(this.frameId)?.detached ?? true;
  }

  get url(): string {
    return fromChromiumUrl(this.#record().url);
  }

  get origin(): string {
    const record = this.#record();
    if (isBridgeUrl(record.url)) return this.#owner.protocol.originOf(fromChromiumUrl(record.url));
    const origin = record.securityOrigin;
    return !origin || origin === '://' ? 'null' : isBridgeUrl(origin) ? this.#owner.protocol.originOf(fromChromiumUrl(origin)) : origin;
  }

  get name(): string {
    return this.#record().name;
  }

  get processId(): number {
    return this.#owner.processId;
  }

  get osProcessId(): number {
    return this.#owner.processId;
  }

  get parent(): StandInWebFrameMain | null {
    const parentId = this.#record().parentId;
    return parentId ? this.#owner.frameFor(parentId) : null;
  }

  get top(): StandInWebFrameMain | null {
    const up = this.parent;
    return up ? up.top : this;
  }

  get frames(): StandInWebFrameMain[] {
    const host = this.#owner.host();
    if (!host) return [];
    return [...host.frames.values()].filter((f) => f.parentId === this.frameId && !f.detached).flatMap((f) => this.#owner.frameFor(f.id) ?? []);
  }

  get framesInSubtree(): StandInWebFrameMain[] {
    const host = this.#owner.host();
    if (!host) return [];
    return host.subtree(this.frameId).flatMap((f) => this.#owner.frameFor(f.id) ?? []);
  }

  /** Main world, as Electron's WebFrameMain.executeJavaScript (no isolated-world variant in Electron 45). */
  executeJavaScript(code: string, userGesture = false): Promise<unknown> {
    const host = this.#owner.host();
    if (!host || this.isDestroyed()) return Promise.reject(new Error(DISPOSED));
    return host.call(this.frameId, '', code, userGesture);
  }
}

/** The `webFrameMain` module. */
export class WebFrameMainModule {
  readonly #lookup: (processId: number, routingId: number) => StandInWebFrameMain | undefined;

  constructor(lookup: (processId: number, routingId: number) => StandInWebFrameMain | undefined) {
    this.#lookup = lookup;
  }

  fromId = (processId: number, routingId: number): StandInWebFrameMain | undefined => {
    const frame = this.#lookup(processId, routingId);
    return frame && !frame.isDestroyed() ? frame : undefined;
  };
}

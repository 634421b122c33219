// `BrowserWindow`, `View` and `WebContentsView`: a window is a Chromium page whose viewport is the window's content
// area; a WebContentsView is another page (in its own session's context) with bounds and visibility inside it.
import { EventEmitter } from 'node:events';
import { destroyedError, electronEvent } from './runtime';
import type { SessionModule, StandInSession } from './session';
import { StandInWebContents, type WebContentsDeps } from './web-contents';

export interface WindowDeps extends WebContentsDeps {
  sessions: SessionModule;
  windows: Set<StandInBrowserWindow>;
  onWindowCreated: (window: StandInBrowserWindow) => void;
  onAllClosed: () => void;
}

export class StandInView extends EventEmitter {
  children: StandInView[] = [];
  bounds = { x: 0, y: 0, width: 0, height: 0 };
  visible = true;
  /** Every setBounds/setVisible the shell made, in order, for tests that follow the view. */
  readonly layout: { bounds: Electron.Rectangle; visible: boolean }[] = [];

  addChildView(view: StandInView, index?: number): void {
    this.children = this.children.filter((child) => child !== view);
    if (index === undefined) this.children.push(view);
    else this.children.splice(index, 0, view);
  }

  removeChildView(view: StandInView): void {
    this.children = this.children.filter((child) => child !== view);
  }

  setBounds(bounds: Electron.Rectangle): void {
    this.bounds = { ...bounds };
    this.layout.push({ bounds: { ...bounds }, visible: this.visible });
    this.emit('bounds-changed');
  }

  getBounds(): Electron.Rectangle {
    return { ...this.bounds };
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.layout.push({ bounds: { ...this.bounds }, visible });
  }

  getVisible(): boolean {
    return this.visible;
  }
}

function sessionOf(deps: WindowDeps, preferences: Electron.WebPreferences): StandInSession {
  const given = preferences.session as unknown as StandInSession | undefined;
  if (given) return given;
  return preferences.partition ? deps.sessions.fromPartition(preferences.partition) : deps.sessions.defaultSession;
}

export class StandInWebContentsView extends StandInView {
  readonly webContents: StandInWebContents;

  constructor(deps: WindowDeps, options: Electron.WebContentsViewConstructorOptions = {}) {
    super();
    deps.runtime.requireReady('new WebContentsView');
    const preferences = options.webPreferences ?? {};
    this.webContents = new StandInWebContents(deps, sessionOf(deps, preferences), preferences);
    // The page's viewport follows the view's size, so its layout is what the admin would see.
    this.on('bounds-changed', () => {
      const { width, height } = this.bounds;
      if (width > 0 && height > 0) void this.webContents.ready.then((host) => host.page.setViewportSize({ width, height })).catch(() => undefined);
    });
  }
}

export class StandInBrowserWindow extends EventEmitter {
  readonly id: number;
  readonly webContents: StandInWebContents;
  readonly contentView = new StandInView();
  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly #deps: WindowDeps;
  #destroyed = false;
  #visible = false;
  #minimized = false;
  #focused = false;
  #content: { width: number; height: number };
  #shown = false;

  constructor(deps: WindowDeps, options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    deps.runtime.requireReady('new BrowserWindow');
    this.#deps = deps;
    this.options = options;
    this.id = deps.runtime.nextWindowId();
    const fallback = deps.runtime.options.defaultContentSize ?? { width: 800, height: 600 };
    this.#content = { width: options.width ?? fallback.width, height: options.height ?? fallback.height };
    const preferences = options.webPreferences ?? {};
    this.webContents = new StandInWebContents(deps, sessionOf(deps, preferences), preferences);
    deps.windows.add(this);
    deps.onWindowCreated(this);
    void this.webContents.ready.then((host) => host.page.setViewportSize(this.#content)).catch(() => undefined);
    // Electron's ready-to-show: the first page has painted (here: its first load finished).
    this.webContents.once('did-finish-load', () => {
      if (!this.#destroyed) this.emit('ready-to-show', electronEvent());
    });
    this.webContents.once('destroyed', () => this.#destroy());
    if (options.show !== false) this.show();
  }

  static getFocusedWindow(windows: Set<StandInBrowserWindow>): StandInBrowserWindow | null {
    return [...windows].find((window) => window.isFocused()) ?? null;
  }

  #alive(): void {
    if (this.#destroyed) throw destroyedError();
  }

  loadURL(url: string): Promise<void> {
    this.#alive();
    return this.webContents.loadURL(url);
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  show(): void {
    this.#alive();
    this.#visible = true;
    this.#minimized = false;
    this.#shown = true;
    this.focus();
    this.emit('show');
  }

  /** True once the window was shown: a window that never shows is the "hung process with no window" failure. */
  get shown(): boolean {
    return this.#shown;
  }

  isVisible(): boolean {
    return this.#visible && !this.#minimized;
  }

  focus(): void {
    this.#alive();
    for (const other of this.#deps.windows) if (other !== this) other.blurred();
    this.#focused = true;
    this.emit('focus');
  }

  blurred(): void {
    this.#focused = false;
  }

  isFocused(): boolean {
    return this.#focused;
  }

  minimize(): void {
    this.#minimized = true;
    this.#focused = false;
  }

  isMinimized(): boolean {
    return this.#minimized;
  }

  restore(): void {
    this.#minimized = false;
  }

  getContentBounds(): Electron.Rectangle {
    return { x: 0, y: 0, ...this.#content };
  }

  /** The admin resizes the window. */
  async setContentSize(width: number, height: number): Promise<void> {
    this.#content = { width, height };
    const host = await this.webContents.ready;
    await host.page.setViewportSize({ width, height });
    this.emit('resize');
  }

  close(): void {
    if (this.#destroyed) return;
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.webContents.close();
  }

  destroy(): void {
    this.webContents.close();
  }

  #destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#deps.windows.delete(this);
    // Like Electron, the child views' webContents live on until closed: the shell owns that.
    this.emit('closed');
    if (this.#deps.windows.size === 0) this.#deps.onAllClosed();
  }
}

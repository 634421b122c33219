// A typed stand-in for Electron's main-process API, on which the app's *built* main script (out/main/index.js: the
// real composition root and the real src/main/shell/) boots in Node, with every webContents a real Chromium page.
//
//   const electron = await startElectronStandIn({ browser, userDataDir, argv: ['electron', '.', '--demo'], … });
//   await electron.boot(path.join(repoRoot, 'out/main/index.js'));
//   const window = await electron.firstWindow();          // the app's BrowserWindow
//   const page = await electron.pageOf(window.webContents); // its Chromium page, for Playwright
//   …
//   await electron.quit();                                  // app.quit(): will-quit, dispose, exit code
//
// Only one stand-in runs per process: `require('electron')` resolves to the running one.
// Electron's main process has BoringSSL's digests only: so does the process the stand-in runs the app in.
import '../electron-runtime/boringssl-guard';
import { createRequire } from 'node:module';
import Module from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { StandInApp } from './app';
import { StandInDialog } from './dialog';
import { StandInIpcMain } from './ipc-main';
import type { StandInOptions } from './options';
import { PreloadHost } from './preload-bridge';
import { StandInProtocol } from './protocol';
import { StandInRuntime } from './runtime';
import { SessionModule, type StandInSession } from './session';
import { StandInShell } from './shell';
import type { StandInWebContents } from './web-contents';
import { WebFrameMainModule, type StandInWebFrameMain } from './web-frame-main';
import { StandInBrowserWindow, StandInView, StandInWebContentsView, type WindowDeps } from './windows';

export type { StandInOptions } from './options';

type ModuleLoader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: ModuleLoader };
let active: ElectronStandIn | undefined;
const originalLoad = moduleInternals._load;
moduleInternals._load = function (request: string, parent: unknown, isMain: boolean) {
  if (request === 'electron' && active) return active.electron;
  return originalLoad.call(this, request, parent, isMain);
};

export interface ElectronStandIn {
  /** What `require('electron')` gives the main script. */
  electron: ReturnType<typeof electronModule>;
  app: StandInApp;
  dialog: StandInDialog;
  /** shell.openExternal's record, and where its addresses go (the test's system browser). */
  shell: StandInShell;
  ipcMain: StandInIpcMain;
  sessions: SessionModule;
  protocol: StandInProtocol;
  runtime: StandInRuntime;
  /** Loads the built main script, then starts the app (ready). */
  boot: (mainScript: string) => Promise<void>;
  firstWindow: () => Promise<StandInBrowserWindow>;
  windows: () => StandInBrowserWindow[];
  views: () => StandInWebContentsView[];
  /** Resolves once `count` WebContentsViews were ever created (the newest is returned). */
  /** The latest view once `count` exist (of those whose session's partition starts with `partitionPrefix`). */
  waitForView: (count?: number, partitionPrefix?: string) => Promise<StandInWebContentsView>;
  allWebContents: () => StandInWebContents[];
  pageOf: (contents: StandInWebContents) => Promise<Page>;
  /** Resolves with the exit code once the app exited (app.exit, or app.quit after will-quit). */
  exited: Promise<number>;
  /** app.quit() as the OS would ask for it, then waits for the exit. */
  quit: () => Promise<number>;
  /** Ends everything the stand-in opened (after a test), whatever state the app is in. */
  shutdown: () => Promise<void>;
}

function electronModule(parts: {
  app: StandInApp;
  deps: WindowDeps;
  dialog: StandInDialog;
  shell: StandInShell;
  ipcMain: StandInIpcMain;
  protocol: StandInProtocol;
  sessions: SessionModule;
  webFrameMain: WebFrameMainModule;
  views: StandInWebContentsView[];
  onView: () => void;
}) {
  const { deps, views } = parts;
  class BrowserWindow extends StandInBrowserWindow {
    constructor(options?: Electron.BrowserWindowConstructorOptions) {
      super(deps, options);
    }
    static override getFocusedWindow(): StandInBrowserWindow | null {
      return StandInBrowserWindow.getFocusedWindow(deps.windows);
    }
    static getAllWindows(): StandInBrowserWindow[] {
      return [...deps.windows];
    }
    static fromWebContents(contents: StandInWebContents): StandInBrowserWindow | null {
      return [...deps.windows].find((window) => window.webContents === contents) ?? null;
    }
  }
  class WebContentsView extends StandInWebContentsView {
    constructor(options?: Electron.WebContentsViewConstructorOptions) {
      super(deps, options);
      views.push(this);
      parts.onView();
    }
  }
  return {
    app: parts.app,
    BrowserWindow,
    BaseWindow: BrowserWindow,
    WebContentsView,
    View: StandInView,
    dialog: parts.dialog,
    shell: parts.shell,
    ipcMain: parts.ipcMain,
    protocol: parts.protocol,
    session: parts.sessions,
    webFrameMain: parts.webFrameMain,
  };
}

export function startElectronStandIn(browser: Browser, options: StandInOptions): ElectronStandIn {
  if (active) throw new Error('An Electron stand-in is already running in this process; shut it down first.');
  const runtime = new StandInRuntime(browser, options);
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const app = new StandInApp(runtime, (code) => exit(code));
  const ipcMain = new StandInIpcMain();
  const protocol = new StandInProtocol(runtime);
  const sessions = new SessionModule(runtime, (session: StandInSession) => app.emit('session-created', session));
  const contentsList: StandInWebContents[] = [];
  const views: StandInWebContentsView[] = [];
  const windows = new Set<StandInBrowserWindow>();
  let windowCreated: (window: StandInBrowserWindow) => void = () => undefined;
  const firstWindowPromise = new Promise<StandInBrowserWindow>((resolve) => (windowCreated = resolve));
  const deps: WindowDeps = {
    runtime,
    protocol,
    isDefaultSession: (session) => session.partition === '',
    preload: new PreloadHost(ipcMain),
    onCreated: (contents) => {
      contentsList.push(contents);
      app.emit('web-contents-created', { preventDefault: () => undefined, defaultPrevented: false }, contents);
    },
    sessions,
    windows,
    onWindowCreated: (window) => windowCreated(window),
    // Electron's default: with a 'window-all-closed' listener the app decides; without one it quits.
    onAllClosed: () => {
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed', { preventDefault: () => undefined, defaultPrevented: false });
      else app.quit();
    },
  };
  const webFrameMain = new WebFrameMainModule((processId, routingId) => {
    for (const contents of contentsList) if (contents.processId === processId) return contents.frameByRoutingId(routingId);
    return undefined;
  });
  const dialog = new StandInDialog((value) => value instanceof StandInBrowserWindow);
  const shell = new StandInShell();
  const viewWaiters = new Set<() => void>();
  const onView = () => {
    for (const wake of viewWaiters) wake();
  };
  const waitForView = async (count = 1, partitionPrefix = ''): Promise<StandInWebContentsView> => {
    const matching = () => views.filter((view) => view.webContents.session.partition.startsWith(partitionPrefix));
    while (matching().length < count) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          viewWaiters.delete(wake);
          resolve();
        };
        viewWaiters.add(wake);
      });
    }
    return matching().at(-1)!;
  };
  const electron = electronModule({ app, deps, dialog, shell, ipcMain, protocol, sessions, webFrameMain, views, onView });
  const savedArgv = process.argv;
  const savedRendererUrl = process.env['ELECTRON_RENDERER_URL'];
  // What the app's environment replaces (PATH, say) comes back when it shuts down.
  const savedEnv = Object.fromEntries(Object.keys(options.env ?? {}).map((key) => [key, process.env[key]]));

  const shutdown = async () => {
    if (app.exitCode === undefined) app.exit(0);
    await Promise.allSettled(sessions.all().map(async (session) => (await session.contextIfAny())?.close()));
    process.argv = savedArgv;
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (savedRendererUrl !== undefined) process.env['ELECTRON_RENDERER_URL'] = savedRendererUrl;
    if (active === standIn) active = undefined;
  };
  void exited.then(async () => {
    // After exit nothing of the app's pages stays open; the test keeps the stand-in's records.
    await Promise.allSettled(contentsList.map(async (contents) => (await contents.ready.catch(() => undefined))?.page.close()));
  });

  const standIn: ElectronStandIn = {
    electron,
    app,
    dialog,
    shell,
    ipcMain,
    sessions,
    protocol,
    runtime,
    boot: async (mainScript) => {
      process.argv = [...options.argv];
      delete process.env['ELECTRON_RENDERER_URL'];
      Object.assign(process.env, options.env ?? {});
      const load = createRequire(__filename);
      // A fresh app per boot, as a new Electron process would be: the built main script and the chunks it loads
      // (the demo is one, loaded with import()) would otherwise still hold the previous boot's modules.
      const built = path.dirname(load.resolve(mainScript)) + path.sep;
      for (const file of Object.keys(load.cache)) if (file.startsWith(built)) delete load.cache[file];
      load(mainScript);
      // Electron emits ready once the main script's first turn has run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (app.exitCode === undefined) app.fireReady();
    },
    firstWindow: () => firstWindowPromise,
    windows: () => [...windows],
    views: () => [...views],
    waitForView,
    allWebContents: () => [...contentsList],
    pageOf: async (contents) => (await contents.ready).page,
    exited,
    quit: async () => {
      app.quit();
      return exited;
    },
    shutdown,
  };
  active = standIn;
  return standIn;
}

export type { StandInBrowserWindow, StandInWebContents, StandInWebContentsView, StandInWebFrameMain, StandInSession };

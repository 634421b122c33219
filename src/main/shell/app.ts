import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { RuntimeFacts } from '../app-info/app-info';
import { AppError } from '../../shared/errors';
import { createDispatcher, TrustedSenders, type HandlerTable, type UnexpectedErrorReporter } from '../ipc/dispatch';
import { registerIpc } from './ipc';
import { applyProcessBaseline, lockDownDefaultSession } from './security';
import { createMainWindow, registerAppScheme, serveRenderer } from './window';

/** What the shell hands the composition root: facts only Electron knows. */
export interface ShellEnvironment {
  runtime: RuntimeFacts;
  userDataDir: string;
  argv: readonly string[];
  /** The main window once it exists (the registration view lives inside it). */
  mainWindow: () => BrowserWindow | null;
}

export interface Composed {
  table: HandlerTable;
  reportUnexpected: UnexpectedErrorReporter;
  /** Runs once before the app exits (the demo removes its data and keychain entries here). */
  dispose?: () => Promise<void>;
}

export type Compose = (environment: ShellEnvironment) => Promise<Composed>;

/** Starts the Electron app around a handler table; owns every Electron main-process call but holds no product logic. */
export function runShell(compose: Compose): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  applyProcessBaseline();
  registerAppScheme();

  const trusted = new TrustedSenders();
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Electron's default picks the first client certificate on its own; the app never sends one unasked.
  app.on('select-client-certificate', (event, _contents, _url, _list, callback) => {
    event.preventDefault();
    callback();
  });

  let dispose: (() => Promise<void>) | undefined;
  app.on('will-quit', (event) => {
    if (!dispose) return;
    const pending = dispose;
    dispose = undefined;
    event.preventDefault();
    void pending().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    lockDownDefaultSession();
    serveRenderer(path.join(__dirname, '../renderer'));
    let composed: Composed;
    try {
      composed = await compose({
        runtime: {
          name: app.getName(),
          version: app.getVersion(),
          platform: process.platform,
          arch: process.arch,
          versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome },
        },
        userDataDir: app.getPath('userData'),
        argv: process.argv,
        mainWindow: () => mainWindow,
      });
    } catch (error) {
      // Nothing to show a window for: say why, with the remedy, and end instead of idling without a window.
      console.error('ADS Setup Assistant could not start:', error instanceof AppError ? error.message : error);
      dialog.showErrorBox('ADS Setup Assistant could not start', startFailure(error));
      app.exit(1);
      return;
    }
    dispose = composed.dispose;
    registerIpc(createDispatcher(composed.table, trusted, composed.reportUnexpected));
    mainWindow = createMainWindow(path.join(__dirname, '../preload/index.js'));
    const id = mainWindow.webContents.id;
    trusted.add(id);
    mainWindow.on('closed', () => {
      trusted.delete(id);
      mainWindow = null;
    });
  });
}

/** The start-up failure in the admin's words: a typed error's message and remedy, or a generic sentence. */
export function startFailure(error: unknown): string {
  if (error instanceof AppError) return error.remedy ? `${error.message}\n\n${error.remedy}` : error.message;
  return 'An unexpected error stopped the app while it started.\n\nStart it again. If it keeps failing, start it from a terminal (npm start) and report what it prints.';
}

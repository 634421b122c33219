import { app, BrowserWindow, protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_ORIGIN, APP_SCHEME, resolveRendererFile } from '../renderer-files/resolve';

/** Must run before `ready`: app:// behaves like https (secure context, fixed origin), unlike file://. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);
}

/** Serves the built renderer on app://; anything off the folder, of another type or missing answers 404. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file.filePath), { status: 200, headers: { 'content-type': file.contentType } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'ADS Setup Assistant',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  // The app window never navigates: the wizard is a single page. Anything else (a dropped file, a stray link) is stopped.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const url = !app.isPackaged && devUrl ? devUrl : `${APP_ORIGIN}/index.html`;
  // loadURL rejects when the load is aborted or fails; the window then shows Chromium's error page, not a crash.
  window.loadURL(url).catch((error: unknown) => console.error(`The app window could not load ${url}:`, error instanceof Error ? error.message : error));
  return window;
}

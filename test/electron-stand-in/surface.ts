// Compile-time proof that the stand-in follows Electron's own types (node_modules/electron/electron.d.ts): each fake
// is checked against the members it models, picked by name from the real interface. A member Electron renames or
// retypes fails `npm run typecheck`. Members that hand back other Electron objects are checked by name, with the
// stand-in's own class in place of Electron's (the fakes are not whole Electron objects).
import type { StandInApp } from './app';
import type { StandInDialog } from './dialog';
import type { StandInIpcMain } from './ipc-main';
import type { StandInProtocol } from './protocol';
import type { StandInCookies, StandInSession } from './session';
import type { StandInShell } from './shell';
import type { StandInWebContents } from './web-contents';
import type { StandInWebFrameMain } from './web-frame-main';
import type { StandInBrowserWindow, StandInView, StandInWebContentsView } from './windows';

/** The members K of Electron's T, with the types given in R replacing Electron's for those members. */
type Surface<T, K extends keyof T, R extends Partial<Record<K, unknown>> = Record<never, never>> = { [P in K]: P extends keyof R ? R[P] : T[P] };

// Event methods (on/once/off/emit) come from Node's EventEmitter in both Electron and the stand-in; the event names
// the shell listens to are typed where the shell compiles against the real electron.d.ts.

export type AppSurface = Surface<
  Electron.App,
  'quit' | 'exit' | 'whenReady' | 'isReady' | 'getName' | 'getVersion' | 'getPath' | 'requestSingleInstanceLock' | 'enableSandbox' | 'isPackaged' | 'commandLine' | 'focus' | 'setAppUserModelId'
>;
export type ProtocolSurface = Surface<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'>;
export type IpcMainSurface = Surface<Electron.IpcMain, 'handle' | 'handleOnce' | 'removeHandler'>;
export type DialogSurface = Surface<Electron.Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox' | 'showErrorBox'>;
export type ShellSurface = Surface<Electron.Shell, 'openExternal'>;
export type CookiesSurface = Surface<Electron.Cookies, 'get'>;
export type SessionSurface = Surface<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setCertificateVerifyProc' | 'setSpellCheckerEnabled' | 'clearStorageData' | 'clearCache' | 'clearAuthCache' | 'fetch' | 'cookies' | 'setProxy',
  { cookies: StandInCookies }
>;
export type WebFrameMainSurface = Surface<
  Electron.WebFrameMain,
  'url' | 'origin' | 'name' | 'frameTreeNodeId' | 'routingId' | 'processId' | 'osProcessId' | 'frameToken' | 'detached' | 'isDestroyed' | 'executeJavaScript' | 'parent' | 'top' | 'frames' | 'framesInSubtree',
  { parent: StandInWebFrameMain | null; top: StandInWebFrameMain | null; frames: StandInWebFrameMain[]; framesInSubtree: StandInWebFrameMain[] }
>;
export type NavigationHistorySurface = Surface<Electron.NavigationHistory, 'canGoBack' | 'canGoForward' | 'goBack' | 'goForward' | 'length' | 'getActiveIndex'>;
export type WebContentsSurface = Surface<
  Electron.WebContents,
  'id' | 'getURL' | 'getTitle' | 'isLoading' | 'isLoadingMainFrame' | 'isDestroyed' | 'loadURL' | 'reload' | 'close' | 'setWindowOpenHandler' | 'executeJavaScript' | 'executeJavaScriptInIsolatedWorld' | 'mainFrame' | 'session' | 'navigationHistory' | 'focus' | 'isFocused' | 'sendInputEvent',
  { mainFrame: StandInWebFrameMain; session: StandInSession; navigationHistory: NavigationHistorySurface }
>;
export type ViewSurface = Surface<Electron.View, 'addChildView' | 'removeChildView' | 'setBounds' | 'getBounds' | 'setVisible' | 'getVisible' | 'children', { children: StandInView[]; addChildView: (view: StandInView, index?: number) => void; removeChildView: (view: StandInView) => void }>;
export type WebContentsViewSurface = Surface<Electron.WebContentsView, 'webContents', { webContents: StandInWebContents }>;
export type BrowserWindowSurface = Surface<
  Electron.BrowserWindow,
  'id' | 'webContents' | 'contentView' | 'loadURL' | 'isDestroyed' | 'show' | 'isVisible' | 'focus' | 'isFocused' | 'minimize' | 'isMinimized' | 'restore' | 'getContentBounds' | 'close' | 'destroy',
  { webContents: StandInWebContents; contentView: StandInView }
>;

// Each line fails to compile when a fake drifts from Electron's types.
export type Checks = [
  StandInApp extends AppSurface ? true : never,
  StandInProtocol extends ProtocolSurface ? true : never,
  StandInIpcMain extends IpcMainSurface ? true : never,
  StandInDialog extends DialogSurface ? true : never,
  StandInShell extends ShellSurface ? true : never,
  StandInCookies extends CookiesSurface ? true : never,
  StandInSession extends SessionSurface ? true : never,
  StandInWebFrameMain extends WebFrameMainSurface ? true : never,
  StandInWebContents extends WebContentsSurface ? true : never,
  StandInView extends ViewSurface ? true : never,
  StandInWebContentsView extends WebContentsViewSurface ? true : never,
  StandInBrowserWindow extends BrowserWindowSurface ? true : never,
];
export const surfaceChecks: Checks = [true, true, true, true, true, true, true, true, true, true, true, true];

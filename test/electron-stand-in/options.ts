/** How one stand-in Electron process is set up by a test. */
export interface StandInOptions {
  /** `app.getPath('userData')` (and the base of the other paths). */
  userDataDir: string;
  /** `app.getName()` / `app.getVersion()`: Electron reads them from the app's package.json. */
  name: string;
  version: string;
  /** `process.argv` as Electron's main process sees it: [electron binary, app path, ...app arguments]. */
  argv: readonly string[];
  /** `app.isPackaged` (false under `electron .`). */
  isPackaged?: boolean;
  /** Environment variables the main process starts with (e.g. ELECTRON_RENDERER_URL under `npm run dev`). */
  env?: Record<string, string>;
  /** `app.requestSingleInstanceLock()`: false when another instance holds the lock. */
  singleInstanceLock?: boolean;
  /** The window's content size when a BrowserWindow asks for none (Electron's default is 800×600). */
  defaultContentSize?: { width: number; height: number };
  /**
   * What a page call does when its frame navigates or is destroyed before it answers. Electron 45 leaves the promise
   * of `executeJavaScript*` pending ('never', the default here, so code that does not race it hangs in tests as it
   * would in the app); later Electrons reject.
   */
  frameGoneCalls?: 'never' | 'reject';
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startElectronStandIn, type ElectronStandIn, type StandInBrowserWindow, type StandInWebContentsView } from '../../test/electron-stand-in';
import { chromiumArgs, chromiumPath } from './chromium';

export const repoRoot = path.resolve(__dirname, '../..');
export const builtMain = path.join(repoRoot, 'out', 'main', 'index.js');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; productName: string };

export interface ShellApp {
  electron: ElectronStandIn;
  browser: Browser;
  window: StandInBrowserWindow;
  /** The app window's Chromium page. */
  page: Page;
  userDataDir: string;
  /** The newest registration view (waiting for the `count`th to open) and its Chromium page. */
  view: (count?: number) => Promise<{ view: StandInWebContentsView; page: Page }>;
  /** The `count`-th view the sign-in check opened (the probe's, the redirect check's, the round trip's). */
  signInView: (count?: number) => Promise<{ view: StandInWebContentsView; page: Page }>;
  /**
   * The admin's own browser: the next address the app gave shell.openExternal, loaded in a Chromium tab of its own
   * (a context apart from the app's; it accepts the demo's throwaway certificate as the admin's browser accepts
   * Microsoft's).
   */
  systemBrowser: () => Promise<Page>;
  close: () => Promise<void>;
}

export interface BootOptions {
  /** App arguments after `electron .`, e.g. ['--demo']. */
  args?: string[];
  /** Another built main script (a mutated copy, to show a test has teeth). */
  mainScript?: string;
  content?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Another instance holds the single-instance lock. */
  secondInstance?: boolean;
  /** electron-vite's dev server URL (`npm run dev` sets ELECTRON_RENDERER_URL for the main process). */
  rendererUrl?: string;
  /** More environment for the app's process (the kubectl stand-in on PATH); removed again when the app is closed. */
  env?: Record<string, string>;
}

/**
 * Starts the *built* app (out/main/index.js: the real composition root and shell) on the typed Electron stand-in,
 * in real Chromium: the window loads app://ads-setup/index.html through the shell's own protocol handler, the built
 * preload runs sandboxed and context-isolated, and every call reaches the shell's ipcMain handlers.
 */
export async function bootApp(options: BootOptions = {}): Promise<ShellApp> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-shell-'));
  const electron = startElectronStandIn(browser, {
    userDataDir,
    name: pkg.productName,
    version: pkg.version,
    argv: ['/opt/ADS Setup Assistant/ads-setup-assistant', repoRoot, ...(options.args ?? [])],
    defaultContentSize: options.content ?? { width: 1200, height: 820 },
    ...(options.secondInstance ? { singleInstanceLock: false } : {}),
    ...(options.rendererUrl || options.env ? { env: { ...options.env, ...(options.rendererUrl ? { ELECTRON_RENDERER_URL: options.rendererUrl } : {}) } } : {}),
  });
  const closeAll = async () => {
    await electron.shutdown();
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    await electron.boot(options.mainScript ?? builtMain);
    const window = await Promise.race([electron.firstWindow(), electron.exited.then((code) => Promise.reject(new Error(`the app exited with ${code} before opening a window`)))]);
    const page = await electron.pageOf(window.webContents);
    if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
    if (options.content) await window.setContentSize(options.content.width, options.content.height);
    // The shell shows the window on ready-to-show, once the app page has loaded.
    if (!window.shown) await new Promise<void>((resolve) => window.once('show', () => resolve()));
    const tabs: Page[] = [];
    const waiting: ((tab: Page) => void)[] = [];
    const outside = await browser.newContext({ ignoreHTTPSErrors: true });
    electron.shell.systemBrowser = async (url) => {
      const tab = await outside.newPage();
      await tab.goto(url);
      const waiter = waiting.shift();
      if (waiter) waiter(tab);
      else tabs.push(tab);
    };
    return {
      electron,
      browser,
      window,
      page,
      userDataDir,
      systemBrowser: () => {
        const tab = tabs.shift();
        return tab ? Promise.resolve(tab) : new Promise<Page>((resolve) => waiting.push(resolve));
      },
      // The registration's views (the sign-in check's and the probe's have partitions of their own).
      view: async (count = 1) => {
        const view = await electron.waitForView(count, 'registration-');
        return { view, page: await electron.pageOf(view.webContents) };
      },
      signInView: async (count = 1) => {
        const view = await electron.waitForView(count, 'signin-');
        return { view, page: await electron.pageOf(view.webContents) };
      },
      close: async () => {
        if (electron.app.exitCode === undefined) {
          electron.app.quit();
          await Promise.race([electron.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        }
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

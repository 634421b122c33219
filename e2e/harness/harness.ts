import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { channels, wireName, type Channel } from '../../src/shared/channels';
import { AppInfoService, nodeRuntimeFacts } from '../../src/main/app-info/app-info';
import { createHandlerTable } from '../../src/main/handlers';
import { createDispatcher, TrustedSenders, type Dispatch, type HandlerTable } from '../../src/main/ipc/dispatch';
import type { RegistrationBrowser } from '../../src/main/registration/browser';
import { ProviderRegistry } from '../../src/main/registration/providers';
import { RegistrationService, type Timing } from '../../src/main/registration/service';
import { maskSecret } from '../../src/main/secrets/mask';
import { serveRendererOnLoopback, type RunningServer } from './static-server';

export const repoRoot = path.resolve(__dirname, '../..');
export const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const outDir = path.join(repoRoot, 'out');

/** The harness page's sender id: trusted, like the app window's webContents id in Electron. */
export const HARNESS_SENDER_ID = 1;

export interface HarnessServices {
  /** The built-in browser stand-in (a Playwright page; see registration-browser.ts); without it registration is unavailable. */
  registrationBrowser?: RegistrationBrowser;
  registrationTiming?: Partial<Timing>;
}

export function realHandlerTable(options: HarnessServices = {}): HandlerTable {
  return createHandlerTable({
    appInfo: new AppInfoService(nodeRuntimeFacts(packageVersion)),
    ...(options.registrationBrowser
      ? {
          registration: new RegistrationService({
            providers: new ProviderRegistry(),
            browser: options.registrationBrowser,
            clock: { now: () => new Date() },
            randomId: () => crypto.randomUUID(),
            maskSecret,
            ...(options.registrationTiming ? { timing: options.registrationTiming } : {}),
          }),
        }
      : {}),
  });
}

function builtFile(relative: string): string {
  const file = path.join(outDir, relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the e2e tests.`);
  return file;
}

/**
 * Runs the *built* sandboxed preload in the page, with the one thing Electron would give it (`require('electron')`)
 * bound to the real handler table in this Node process through a Playwright binding.
 */
function preloadInitScript(): string {
  const preload = readFileSync(builtFile('preload/index.js'), 'utf8');
  return `(() => {
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze(api) }) },
    ipcRenderer: { invoke: (channel, payload) => window.__adsHarnessInvoke(channel, payload) },
  };
  const sandboxedRequire = (name) => {
    if (name === 'electron') return fakeElectron;
    throw new Error('a sandboxed preload can only require electron, not ' + name);
  };
  const preloadModule = { exports: {} };
  (function (require, module, exports) {
${preload}
  })(sandboxedRequire, preloadModule, preloadModule.exports);
})();`;
}

export interface OpenedApp {
  server: RunningServer;
  dispatch: Dispatch;
  trusted: TrustedSenders;
  close: () => Promise<void>;
}

export async function openApp(page: Page, table: HandlerTable = realHandlerTable()): Promise<OpenedApp> {
  const server = await serveRendererOnLoopback(path.dirname(builtFile('renderer/index.html')));
  const trusted = new TrustedSenders();
  trusted.add(HARNESS_SENDER_ID);
  const dispatch = createDispatcher(table, trusted);
  const byWireName = new Map<string, Channel>(channels.map((channel) => [wireName(channel), channel]));
  await page.exposeBinding('__adsHarnessInvoke', (_source, wire: unknown, payload: unknown) =>
    dispatch(HARNESS_SENDER_ID, typeof wire === 'string' ? (byWireName.get(wire) ?? wire) : wire, payload),
  );
  await page.addInitScript({ content: preloadInitScript() });
  await page.goto(server.url);
  return { server, dispatch, trusted, close: () => server.close() };
}

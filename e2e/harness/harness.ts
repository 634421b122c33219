import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { channels, wireName, type Channel } from '../../src/shared/channels';
import type { Envelope } from '../../src/shared/errors';
import { AppInfoService, nodeRuntimeFacts, type RunFacts } from '../../src/main/app-info/app-info';
import { createHandlerTable } from '../../src/main/handlers';
import { createDispatcher, TrustedSenders, type Dispatch, type HandlerTable } from '../../src/main/ipc/dispatch';
import { Logger } from '../../src/main/log/logger';
import { BundleChannels } from '../../src/main/bundle/bundle-channels';
import { BundleService } from '../../src/main/bundle/bundle-service';
import { ConsoleService, type ConsoleServiceOptions } from '../../src/main/console/console-service';
import { nodeConsoleTransport } from '../../src/main/console/node-transport';
import type { SecretStore } from '../../src/main/vault/secret-store';
import { KeytarSecretStore } from '../../src/main/vault/keytar-store';
import { ProfileStore } from '../../src/main/vault/profile-store';
import { VaultService } from '../../src/main/vault/vault';
import type { RegistrationBrowser } from '../../src/main/registration/browser';
import { ProviderRegistry, providers as allProviders } from '../../src/main/registration/providers';
import type { Provider } from '../../src/main/registration/providers/types';
import { RegistrationService, type Timing } from '../../src/main/registration/service';
import type { SignInService } from '../../src/main/signin/service';
import type { EntraGraphService } from '../../src/main/entra-graph/service';
import { maskSecret } from '../../src/main/secrets/mask';
import { serveRendererOnLoopback, type RunningServer } from './static-server';

export const repoRoot = path.resolve(__dirname, '../..');
export const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const outDir = path.join(repoRoot, 'out');

/** The harness page's sender id: trusted, like the app window's webContents id in Electron. */
export const HARNESS_SENDER_ID = 1;

export interface HarnessServices {
  /** The sign-in check's service (e.g. on ChromiumSignInBrowser); without it the check is unavailable. */
  signin?: (vault: VaultService) => SignInService;
  /** The Graph route (e.g. on the Entra double, with a Chromium system browser); without it the route is unavailable. */
  entraGraph?: (vault: VaultService) => EntraGraphService;
  /** The built-in browser stand-in (a Playwright page; see registration-browser.ts); without it registration is unavailable. */
  registrationBrowser?: RegistrationBrowser;
  registrationTiming?: Partial<Timing>;
  /** Another provider registry (the demo's, mapped onto its loopback replicas). */
  providers?: ProviderRegistry;
  /** The run's provider list, as given to the composition root's openStorage (default: the registry). */
  providerList?: readonly Provider[];
  /** An existing data folder and keychain service (the demo fills them before the app opens). */
  storage?: { dataDir: string; keychainService: string };
  /** Extra app-info facts (demo mode). */
  runFacts?: Partial<RunFacts>;
  /** Console push settings (e.g. a short deploy wait, to see it time out); `trust` stands in for the native dialog. */
  console?: Pick<ConsoleServiceOptions, 'defaultDeployTimeoutSeconds' | 'pollIntervalMs' | 'trust'>;
}

/** What a harness app runs on: a throwaway data folder and its own keychain service on the real Secret Service. */
export interface HarnessBackend {
  dataDir: string;
  keychainService: string;
  secrets: SecretStore;
  vault: VaultService;
  registration: RegistrationService | undefined;
  logLines: string[];
  /** What the native file dialogs answer: a path, or null for Cancel. */
  dialog: { save: string | null; open: string | null };
  /** The admin-console push (node:https transport; point a profile at a KOTS double to use it). */
  console: ConsoleService;
  table: HandlerTable;
}

/** A throwaway data folder and a keychain service of its own on the real Secret Service. */
export function newStorage(): { dataDir: string; keychainService: string } {
  return { dataDir: mkdtempSync(path.join(os.tmpdir(), 'ads-setup-e2e-')), keychainService: `ads-setup-e2e-${randomBytes(6).toString('hex')}` };
}

export function realBackend(options: HarnessServices = {}): HarnessBackend {
  const { dataDir, keychainService } = options.storage ?? newStorage();
  const logLines: string[] = [];
  const logger = new Logger({ write: (line) => logLines.push(line) });
  const secrets = new KeytarSecretStore({ service: keychainService });
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir, providers: new ProviderRegistry(options.providerList ?? allProviders) }), secrets, redactor: logger });
  const dialog = { save: null as string | null, open: null as string | null };
  const picker = { chooseSavePath: async () => dialog.save, chooseOpenPath: async () => dialog.open };
  const registration = options.registrationBrowser
    ? new RegistrationService({
        providers: options.providers ?? vault.providers,
        browser: options.registrationBrowser,
        randomId: () => randomUUID(),
        maskSecret,
        ...(options.registrationTiming ? { timing: options.registrationTiming } : {}),
      })
    : undefined;
  const consoleService = new ConsoleService({ vault, transport: nodeConsoleTransport, pollIntervalMs: 50, ...options.console });
  const table = createHandlerTable({
    appInfo: new AppInfoService(nodeRuntimeFacts(packageVersion), { demo: false, dataDir, keychainService, ...options.runFacts }),
    vault,
    bundle: new BundleChannels(new BundleService({ vault, secrets }), picker),
    console: consoleService,
    ...(registration ? { registration } : {}),
    ...(options.signin ? { signin: options.signin(vault) } : {}),
    ...(options.entraGraph ? { entraGraph: options.entraGraph(vault) } : {}),
  });
  return { dataDir, keychainService, secrets, vault, registration, console: consoleService, logLines, dialog, table };
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
  backend: HarnessBackend;
  /**
   * Holds the answers of a channel (those `which` picks; all by default) back until `release()`, like a busy main
   * process: the test decides exactly when a late answer lands.
   */
  holdAnswers: (channel: Channel, which?: (answer: Envelope<unknown>) => boolean) => { release: () => void };
  /** How many answers of a channel are being held back right now. */
  heldAnswers: (channel: Channel) => number;
  close: () => Promise<void>;
}

export async function openApp(page: Page, backend: HarnessBackend = realBackend()): Promise<OpenedApp> {
  const { table } = backend;
  const server = await serveRendererOnLoopback(path.dirname(builtFile('renderer/index.html')));
  const trusted = new TrustedSenders();
  trusted.add(HARNESS_SENDER_ID);
  const dispatch = createDispatcher(table, trusted);
  const byWireName = new Map<string, Channel>(channels.map((channel) => [wireName(channel), channel]));
  const gates = new Map<Channel, { opened: Promise<void>; which: (answer: Envelope<unknown>) => boolean }>();
  const held = new Map<Channel, number>();
  await page.exposeBinding('__adsHarnessInvoke', async (_source, name: unknown, payload: unknown) => {
    const channel = typeof name === 'string' ? (byWireName.get(name) ?? name) : name;
    const answer = await dispatch(HARNESS_SENDER_ID, channel, payload);
    const gate = gates.get(channel as Channel);
    if (gate?.which(answer)) {
      held.set(channel as Channel, (held.get(channel as Channel) ?? 0) + 1);
      await gate.opened;
      held.set(channel as Channel, (held.get(channel as Channel) ?? 1) - 1);
    }
    return answer;
  });
  await page.addInitScript({ content: preloadInitScript() });
  await page.goto(server.url);
  return {
    server,
    dispatch,
    trusted,
    backend,
    holdAnswers: (channel, which = () => true) => {
      let open = () => {};
      gates.set(channel, { opened: new Promise<void>((resolve) => (open = resolve)), which });
      return {
        release: () => {
          gates.delete(channel);
          open();
        },
      };
    },
    heldAnswers: (channel) => held.get(channel) ?? 0,
    close: async () => {
      backend.console.close();
      await server.close();
      rmSync(backend.dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens one of the app's sections from its navigation, as the admin would. */
export async function goTo(page: Page, section: 'Set up' | 'Installations' | 'Verify bundle' | 'Tools' | 'Settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();
}

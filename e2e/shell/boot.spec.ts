import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { channels, wireName } from '../../src/shared/channels';
import { bootApp, builtMain, repoRoot, type ShellApp } from '../harness/app-shell';

/**
 * The shipped main process — out/main/index.js, i.e. the composition root and src/main/shell/ — booted on the typed
 * Electron stand-in. These tests look at what only the shell decides: the lifecycle, the app:// protocol, the
 * window's baseline, and which frames the IPC answers.
 */
let app: ShellApp | undefined;
test.afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Calls every channel from the page's own world, through contextBridge and ipcRenderer; returns the error codes. */
async function callEveryChannel(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async (names) => {
    const api = window.ads as unknown as Record<string, (payload: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>;
    const codes: Record<string, string> = {};
    for (const name of names) {
      const answer = await api[name]!({});
      codes[name] = answer.ok ? 'ok' : answer.error!.code;
    }
    return codes;
  }, [...channels]);
}

test('the built app starts, shows its window and answers every channel through its own IPC', async () => {
  app = await bootApp();
  const { electron, window: appWindow, page } = app;
  await expect(page.getByRole('heading', { name: 'ADS Setup Assistant' })).toBeVisible();
  expect(appWindow.shown).toBe(true);
  expect(appWindow.webContents.getURL()).toBe('app://ads-setup/index.html');
  expect(appWindow.webContents.mainFrame.origin).toBe('app://ads-setup');
  // The baseline the shell set before ready, and the window's preferences.
  expect(electron.app.sandboxed).toBe(true);
  expect([...electron.app.commandLine.switches.keys()]).toEqual(expect.arrayContaining(['disable-breakpad', 'disable-background-networking', 'disable-component-update']));
  expect(appWindow.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true, devTools: true });
  expect(electron.runtime.privilegedSchemes.get('app')).toMatchObject({ standard: true, secure: true });

  // The page's world holds the contract's functions and nothing of Electron.
  const surface = await page.evaluate(() => ({
    api: Object.keys(window.ads).sort(),
    frozen: Object.isFrozen(window.ads),
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    ipc: 'ipcRenderer' in window || '__electronIpc' in window,
  }));
  expect(surface).toEqual({ api: [...channels].sort(), frozen: true, require: 'undefined', process: 'undefined', ipc: false });

  const codes = await callEveryChannel(page);
  const answered = Object.values(codes).filter((code) => code !== 'UNTRUSTED_SENDER' && code !== 'UNKNOWN_CHANNEL');
  expect(Object.values(codes)).not.toContain('UNTRUSTED_SENDER');
  expect(answered).toHaveLength(channels.length);
  // Each call went through the shell's ipcMain handler for its wire name, from the app's own frame.
  expect(new Set(electron.ipcMain.calls.map((c) => c.channel))).toEqual(new Set(channels.map(wireName)));
  expect(electron.ipcMain.calls.every((c) => c.senderFrameUrl === 'app://ads-setup/index.html')).toBe(true);
  const line = `app shell: ${answered.length}/${channels.length} channels answered through the shell's IPC`;
  console.log(line);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results', 'app-shell-channels.txt'), `${line}\n`);
});

test('a page that is not the app, in the app window, is refused on every channel', async () => {
  app = await bootApp();
  const foreign = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>not the app</h1>'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  try {
    // Navigation the main process itself starts (the page can't: see below). The preload runs there as well.
    await app.window.webContents.loadURL(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    const codes = await callEveryChannel(app.page);
    expect(Object.values(codes).every((code) => code === 'UNTRUSTED_SENDER')).toBe(true);
  } finally {
    foreign.close();
  }
});

test('has teeth: with the URL-origin comparison swapped back in, the app’s own window is refused', async () => {
  // The bug the shell had: new URL('app://ads-setup/…').origin is "null" in Node, so nothing ever matched.
  const source = readFileSync(builtMain, 'utf8');
  const marker = 'function isTrustedSenderFrame(frame, policy) {';
  expect(source).toContain(marker);
  const mutated = path.join(path.dirname(builtMain), 'index.teeth-url-origin.js');
  writeFileSync(mutated, source.replace(marker, `${marker}\n\ttry { return frame != null && new URL(frame.url).origin === policy.appOrigin; } catch { return false; }`));
  try {
    app = await bootApp({ mainScript: mutated });
    await expect(app.page.getByRole('heading', { name: 'ADS Setup Assistant' })).toBeVisible();
    const codes = await callEveryChannel(app.page);
    expect(Object.values(codes).every((code) => code === 'UNTRUSTED_SENDER')).toBe(true);
  } finally {
    rmSync(mutated, { force: true });
  }
});

test('the window never navigates away and opens no popups', async () => {
  app = await bootApp();
  const { page, window: appWindow } = app;
  await page.evaluate(() => {
    window.open('https://example.com/');
    const link = Object.assign(document.createElement('a'), { href: 'https://example.org/', target: '_blank' });
    document.body.append(link);
    link.click();
  });
  // The shell's open handler is asked for each and denies it (Chromium's popup page is closed at once).
  await expect.poll(() => appWindow.webContents.windowOpens).toEqual([
    { url: 'https://example.com/', action: 'deny' },
    { url: 'https://example.org/', action: 'deny' },
  ]);
  await expect.poll(() => page.context().pages().length).toBe(1);
  const navigated = new Promise<string>((resolve) => appWindow.webContents.once('will-navigate', (_event: unknown, url: string) => resolve(url)));
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  expect(await navigated).toBe('https://example.com/');
  await expect(page.getByRole('heading', { name: 'ADS Setup Assistant' })).toBeVisible();
  expect(appWindow.webContents.getURL()).toBe('app://ads-setup/index.html');
  expect(await page.evaluate(() => typeof window.ads.appInfo)).toBe('function');
});

test('the app:// protocol serves the built renderer only, and answers 404 for anything else', async () => {
  app = await bootApp();
  const statuses = await app.page.evaluate(async () => {
    const status = async (url: string) => (await fetch(url)).status;
    return {
      index: await status('/index.html'),
      missing: await status('/assets/not-there.js'),
      climbing: await status('/..%2f..%2fpackage.json'),
      type: await status('/favicon.exe'),
    };
  });
  expect(statuses).toEqual({ index: 200, missing: 404, climbing: 404, type: 404 });
});

test('lifecycle: a second instance focuses the first; closing the window quits with exit code 0', async () => {
  app = await bootApp();
  const { electron, window: appWindow } = app;
  appWindow.minimize();
  electron.app.emit('second-instance', { preventDefault: () => undefined }, [], '/');
  expect(appWindow.isMinimized()).toBe(false);
  expect(appWindow.isFocused()).toBe(true);
  appWindow.close();
  expect(await electron.exited).toBe(0);
});

test('a second instance gets no lock, opens no window and exits', async () => {
  await expect(bootApp({ secondInstance: true })).rejects.toThrow('the app exited with 0 before opening a window');
});

test('a client certificate is never chosen for the admin', async () => {
  app = await bootApp();
  const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
  const chosen: unknown[] = [];
  app.electron.app.emit('select-client-certificate', event, app.window.webContents, 'https://console.example/', [{ subjectName: 'admin' }], (...args: unknown[]) => chosen.push(args));
  expect(event.defaultPrevented).toBe(true);
  expect(chosen).toEqual([[]]);
});

test('every session denies permission requests and checks, and cancels downloads', async () => {
  app = await bootApp();
  const session = app.window.webContents.session;
  const answers: boolean[] = [];
  session.permissionRequestHandler?.(app.window.webContents as never, 'notifications', (granted) => answers.push(granted), {} as never);
  expect(answers).toEqual([false]);
  expect(session.permissionCheckHandler?.(app.window.webContents as never, 'clipboard-read', 'app://ads-setup', {} as never)).toBe(false);
  const download = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
  session.emit('will-download', download, {}, app.window.webContents);
  expect(download.defaultPrevented).toBe(true);
});

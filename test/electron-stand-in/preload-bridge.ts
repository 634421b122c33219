// The built preload, run as Electron runs a sandboxed, context-isolated preload: in an isolated world of the top
// frame only, before the page's scripts, with `require('electron')` giving contextBridge and ipcRenderer and nothing
// else. ipcRenderer.invoke reaches the shell's ipcMain.handle listeners with a realistic IpcMainInvokeEvent (the
// sender webContents and the WebFrameMain of the frame that called). contextBridge.exposeInMainWorld shows the page
// a frozen object whose functions run in the preload's world. The page's own world never sees ipcRenderer.
import { readFileSync } from 'node:fs';
import type { PageHost } from './page-host';
import type { StandInIpcMain } from './ipc-main';
import type { StandInWebContents } from './web-contents';

const PRELOAD_WORLD = 'electron-preload';
// Structured clone keeps `undefined` (ipcRenderer.invoke(channel, undefined)); JSON would turn it into null.
const ENCODE = `(value) => JSON.stringify(value, (_key, v) => (v === undefined ? { __undefined: 1 } : v))`;
const DECODE = `(text) => JSON.parse(text, (_key, v) => (v && typeof v === 'object' && v.__undefined === 1 && Object.keys(v).length === 1 ? undefined : v))`;
const decode = (text: string): unknown => JSON.parse(text, (_key, v: unknown) => (v && typeof v === 'object' && (v as { __undefined?: number }).__undefined === 1 && Object.keys(v).length === 1 ? undefined : v));
const IPC_BINDING = '__electronIpc';
const BRIDGE_BINDING = '__electronContextBridge';

/** What the preload exposes, learned by running it once in Node with capturing fakes (it may only require electron). */
function exposedShape(source: string): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
        shape[key] = Object.keys(api).filter((name) => typeof api[name] === 'function');
      },
    },
    ipcRenderer: { invoke: () => Promise.resolve(), on: () => undefined, send: () => undefined },
  };
  const sandboxedRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', source)(sandboxedRequire, module, module.exports);
  return shape;
}

function preloadWorldScript(source: string): string {
  return `(() => {
  if (window !== window.top) return; // nodeIntegrationInSubFrames: false — sub-frames get no preload
  const send = globalThis.${IPC_BINDING};
  const encode = ${ENCODE};
  const decode = ${DECODE};
  Object.defineProperty(globalThis, '__electronDecode', { value: decode });
  const pending = new Map();
  let next = 0;
  Object.defineProperty(globalThis, '__electronIpcSettle', { value: (id, ok, value) => {
    const call = pending.get(id); pending.delete(id);
    if (call) ok ? call.resolve(value) : call.reject(new Error(value));
  } });
  const ipcRenderer = Object.freeze({
    invoke: (channel, ...args) => new Promise((resolve, reject) => {
      const id = ++next; pending.set(id, { resolve, reject });
      send(encode({ id, channel, args }));
    }),
  });
  const exposed = {};
  Object.defineProperty(globalThis, '__electronExposed', { value: exposed });
  const contextBridge = Object.freeze({ exposeInMainWorld: (key, api) => { exposed[key] = api; } });
  const electron = Object.freeze({ contextBridge, ipcRenderer });
  const sandboxedRequire = (name) => { if (name === 'electron') return electron; throw new Error('module not found: ' + name); };
  const module = { exports: {} };
  (function (require, module, exports) {
${source}
  })(sandboxedRequire, module, module.exports);
})();`;
}

function mainWorldScript(shape: Record<string, string[]>): string {
  return `(() => {
  if (window !== window.top) return;
  const call = window.${BRIDGE_BINDING};
  delete window.${BRIDGE_BINDING};
  const encode = ${ENCODE};
  const pending = new Map();
  let next = 0;
  Object.defineProperty(window, '__electronContextBridgeSettle', { value: (id, ok, value) => {
    const entry = pending.get(id); pending.delete(id);
    if (entry) ok ? entry.resolve(value) : entry.reject(new Error(value));
  } });
  for (const [key, names] of Object.entries(${JSON.stringify(shape)})) {
    const api = {};
    for (const name of names) api[name] = (...args) => new Promise((resolve, reject) => {
      const id = ++next; pending.set(id, { resolve, reject });
      call(encode({ id, key, name, args }));
    });
    Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true });
  }
})();`;
}

export class PreloadHost {
  readonly #ipcMain: StandInIpcMain;

  constructor(ipcMain: StandInIpcMain) {
    this.#ipcMain = ipcMain;
  }

  async install(contents: StandInWebContents, host: PageHost, preferences: Electron.WebPreferences): Promise<void> {
    if (preferences.contextIsolation === false) throw new Error('The stand-in runs context-isolated preloads only (contextIsolation: false is not modelled)');
    if (preferences.sandbox === false) throw new Error('The stand-in runs sandboxed preloads only');
    const source = readFileSync(preferences.preload!, 'utf8');
    const shape = exposedShape(source);
    await host.cdp.send('Runtime.addBinding', { name: IPC_BINDING, executionContextName: PRELOAD_WORLD });
    await host.cdp.send('Runtime.addBinding', { name: BRIDGE_BINDING });
    await host.cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: preloadWorldScript(source), worldName: PRELOAD_WORLD, runImmediately: true });
    await host.cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: mainWorldScript(shape), runImmediately: true });
    void contents;
  }

  bindingCalled(contents: StandInWebContents, name: string, payload: string, contextId: number, frameId: string): void {
    const host = contents.host();
    if (!host) return;
    if (name === IPC_BINDING) void this.#invoke(contents, host, payload, contextId, frameId);
    if (name === BRIDGE_BINDING) void this.#bridge(host, payload, contextId, frameId);
  }

  async #invoke(contents: StandInWebContents, host: PageHost, payload: string, contextId: number, frameId: string): Promise<void> {
    const { id, channel, args } = decode(payload) as { id: number; channel: string; args: unknown[] };
    let settle: string;
    try {
      const frame = contents.frameFor(frameId);
      const event = {
        sender: contents,
        get senderFrame() {
          return frame && !frame.isDestroyed() ? frame : null;
        },
        frameId: frame?.routingId ?? -1,
        processId: contents.processId,
        type: 'frame' as const,
        preventDefault: () => undefined,
        defaultPrevented: false,
      };
      const value = await this.#ipcMain.invoke(event as unknown as Electron.IpcMainInvokeEvent, channel, args);
      settle = `__electronIpcSettle(${id}, true, ${JSON.stringify(value ?? null)})`;
    } catch (error) {
      const text = `Error invoking remote method '${channel}': ${error instanceof Error ? `Error: ${error.message}` : String(error)}`;
      settle = `__electronIpcSettle(${id}, false, ${JSON.stringify(text)})`;
    }
    await host.evaluateIn(contextId, settle).catch(() => undefined);
  }

  async #bridge(host: PageHost, payload: string, mainContextId: number, frameId: string): Promise<void> {
    const { id, key, name } = decode(payload) as { id: number; key: string; name: string };
    const preloadContext = host.contextIdOf(frameId, PRELOAD_WORLD);
    let settle: string;
    try {
      if (preloadContext === undefined) throw new Error('the preload world is gone');
      // The arguments are decoded in the preload's world, as contextBridge copies them across.
      const value = await host.evaluateIn(preloadContext, `globalThis.__electronExposed[${JSON.stringify(key)}][${JSON.stringify(name)}](...globalThis.__electronDecode(${JSON.stringify(payload)}).args)`);
      settle = `__electronContextBridgeSettle(${id}, true, ${JSON.stringify(value ?? null)})`;
    } catch (error) {
      settle = `__electronContextBridgeSettle(${id}, false, ${JSON.stringify(error instanceof Error ? error.message : String(error))})`;
    }
    await host.evaluateIn(mainContextId, settle).catch(() => undefined);
  }
}

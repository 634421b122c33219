// Shared state of one stand-in Electron "process": readiness, id counters, registries, and the Playwright browser
// that backs every webContents. Each fake module (app, session, protocol, …) gets this object.
import type { Browser } from 'playwright-core';
import type { StandInOptions } from './options';

/** An Electron-style event object: `preventDefault()` / `defaultPrevented`, plus the event's own fields. */
export function electronEvent<P extends object>(params: P = {} as P): Electron.Event<P> {
  let prevented = false;
  const event = {
    ...params,
    preventDefault: () => {
      prevented = true;
    },
  };
  Object.defineProperty(event, 'defaultPrevented', { get: () => prevented, enumerable: true });
  return event as unknown as Electron.Event<P>;
}

/** What Electron throws when a main-process object is used after it was destroyed. */
export function destroyedError(): Error {
  return new TypeError('Object has been destroyed');
}

export interface PrivilegedScheme {
  scheme: string;
  privileges: Electron.Privileges;
}

export class StandInRuntime {
  readonly browser: Browser;
  readonly options: StandInOptions;
  ready = false;
  readonly privilegedSchemes = new Map<string, Electron.Privileges>();
  #nextWebContentsId = 1;
  #nextFrameNodeId = 1;
  #nextRoutingId = 1;
  #nextWindowId = 1;
  /** Every fake error and refusal the stand-in raised, for tests that check the shell stayed inside the API. */
  readonly misuse: string[] = [];
  /** The webContents that has the keyboard (the last one `focus()` was called on), or null. */
  focusedWebContentsId: number | null = null;

  constructor(browser: Browser, options: StandInOptions) {
    this.browser = browser;
    this.options = options;
  }

  nextWebContentsId(): number {
    return this.#nextWebContentsId++;
  }
  nextFrameNodeId(): number {
    return this.#nextFrameNodeId++;
  }
  nextRoutingId(): number {
    return this.#nextRoutingId++;
  }
  nextWindowId(): number {
    return this.#nextWindowId++;
  }

  /** Electron's rule for APIs that exist only once the app is ready. */
  requireReady(what: string): void {
    if (!this.ready) {
      const message = `${what} can only be used after the app is ready`;
      this.misuse.push(message);
      throw new Error(message);
    }
  }

  /** Electron's rule for APIs that must run before `ready`. */
  requireNotReady(what: string): void {
    if (this.ready) {
      const message = `${what} should be called before app is ready`;
      this.misuse.push(message);
      throw new Error(message);
    }
  }
}

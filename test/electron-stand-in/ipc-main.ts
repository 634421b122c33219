// `ipcMain`: invoke handlers as Electron keeps them (one per channel; a second handle() throws).
import { EventEmitter } from 'node:events';

type InvokeListener = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class StandInIpcMain extends EventEmitter {
  readonly #handlers = new Map<string, InvokeListener>();
  /** Every invoke that reached the main process, for tests: channel and the frame URL Electron reported. */
  readonly calls: { channel: string; senderFrameUrl: string | null }[] = [];

  handle(channel: string, listener: InvokeListener): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, listener);
  }

  handleOnce(channel: string, listener: InvokeListener): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  handledChannels(): string[] {
    return [...this.#handlers.keys()];
  }

  /** What Electron does with an ipcRenderer.invoke from a frame. */
  async invoke(event: Electron.IpcMainInvokeEvent, channel: string, args: unknown[]): Promise<unknown> {
    let url: string | null;
    try {
      url = event.senderFrame?.url ?? null;
    } catch {
      url = null;
    }
    this.calls.push({ channel, senderFrameUrl: url });
    const handler = this.#handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

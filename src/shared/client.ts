import { channels, type Channel } from './channels';
import type { RequestOf, ResponseOf } from './contract';
import { AppError, type Envelope } from './errors';

/** What the preload exposes: one function per channel, each answering with an envelope. */
export type Bridge = { [C in Channel]: (request: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>> };

/** What the renderer calls: one function per channel, resolving to the value or throwing an AppError. */
export type Api = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** Builds the bridge from a raw invoke (Electron's ipcRenderer.invoke, or a test harness binding). */
export function createBridge(invoke: (channel: Channel, request: unknown) => Promise<unknown>): Bridge {
  const bridge: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of channels) {
    bridge[channel] = (request: unknown) => invoke(channel, request);
  }
  return bridge as Bridge;
}

export function createApi(bridge: Bridge): Api {
  const api: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of channels) {
    const call = bridge[channel] as (request: unknown) => Promise<Envelope<unknown>>;
    api[channel] = async (request: unknown) => {
      const envelope = await call(request);
      if (envelope.ok) return envelope.value;
      throw AppError.fromShape(envelope.error);
    };
  }
  return api as Api;
}

import { createApi, type Bridge } from '../../shared/client';

declare global {
  interface Window {
    /** Installed by the preload (Electron) or by the test harness; the renderer never sees ipcRenderer. */
    readonly ads: Bridge;
  }
}

export const api = createApi(window.ads);

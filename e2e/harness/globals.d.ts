import type { Bridge } from '../../src/shared/client';

declare global {
  interface Window {
    /** What the preload exposes (see src/preload/index.ts). */
    readonly ads: Bridge;
  }
}

import { create } from 'zustand';
import type { BundleTarget, ExportResult, SigningKeyView, VerifyResponse } from '../../../../shared/bundle';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../api';
import { toShownError } from '../../errors';

type Async<T> = { status: 'idle' } | { status: 'busy' } | { status: 'done'; value: T } | { status: 'failed'; error: AppErrorShape };

interface BundleStore {
  key: Async<SigningKeyView | null>;
  exported: Async<ExportResult>;
  verified: Async<VerifyResponse>;
  savedScript: Async<{ path: string; signaturePath: string }>;
  loadKey: () => Promise<void>;
  /** Exports the bundle (a native save dialog chooses where); the result, or null when it failed or was cancelled. */
  exportBundle: (request: { profileId: string; recipient: string; expiresInDays: number; deploy?: boolean; target?: BundleTarget }) => Promise<ExportResult | null>;
  /** Saves the last export's signed host script where the admin chooses (a native dialog). */
  saveHostScript: () => Promise<void>;
  verifyBundle: (request: { publicKey: string }) => Promise<void>;
}

async function attempt<T>(set: (state: Async<T>) => void, call: () => Promise<T>): Promise<void> {
  set({ status: 'busy' });
  try {
    set({ status: 'done', value: await call() });
  } catch (error) {
    set({ status: 'failed', error: toShownError(error) });
  }
}

export const useBundleStore = create<BundleStore>((set, get) => ({
  key: { status: 'idle' },
  exported: { status: 'idle' },
  verified: { status: 'idle' },
  savedScript: { status: 'idle' },
  loadKey: () => attempt((key) => set({ key }), async () => (await api.bundleSigningKey({})).key),
  exportBundle: async (request) => {
    set({ savedScript: { status: 'idle' } });
    await attempt((exported) => set({ exported }), () => api.bundleExport(request));
    // The first export creates the signing key: show it.
    await attempt((key) => set({ key }), async () => (await api.bundleSigningKey({})).key);
    const exported = get().exported;
    return exported.status === 'done' ? exported.value : null;
  },
  saveHostScript: () => attempt((savedScript) => set({ savedScript }), () => api.bundleSaveHostScript({})),
  verifyBundle: (request) => attempt((verified) => set({ verified }), () => api.bundleVerify(request)),
}));

import { create } from 'zustand';
import type { ExportResult, SigningKeyView, VerifyResponse } from '../../../../shared/bundle';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../api';
import { toShownError } from '../../errors';

type Async<T> = { status: 'idle' } | { status: 'busy' } | { status: 'done'; value: T } | { status: 'failed'; error: AppErrorShape };

interface BundleStore {
  key: Async<SigningKeyView | null>;
  exported: Async<ExportResult>;
  verified: Async<VerifyResponse>;
  loadKey: () => Promise<void>;
  exportBundle: (request: { profileId: string; recipient: string; expiresInDays: number }) => Promise<void>;
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

export const useBundleStore = create<BundleStore>((set) => ({
  key: { status: 'idle' },
  exported: { status: 'idle' },
  verified: { status: 'idle' },
  loadKey: () => attempt((key) => set({ key }), async () => (await api.bundleSigningKey({})).key),
  exportBundle: async (request) => {
    await attempt((exported) => set({ exported }), () => api.bundleExport(request));
    // The first export creates the signing key: show it.
    await attempt((key) => set({ key }), async () => (await api.bundleSigningKey({})).key);
  },
  verifyBundle: (request) => attempt((verified) => set({ verified }), () => api.bundleVerify(request)),
}));

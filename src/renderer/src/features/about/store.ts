import { create } from 'zustand';
import type { AppInfo } from '../../../../shared/contract';
import type { AppErrorShape } from '../../../../shared/errors';
import { api } from '../../api';
import { toShownError } from '../../errors';

type AboutState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; error: AppErrorShape };

interface AboutStore {
  state: AboutState;
  load: () => Promise<void>;
}

export const useAboutStore = create<AboutStore>((set) => ({
  state: { status: 'idle' },
  load: async () => {
    set({ state: { status: 'loading' } });
    try {
      set({ state: { status: 'ready', info: await api.appInfo({}) } });
    } catch (error) {
      set({ state: { status: 'failed', error: toShownError(error) } });
    }
  },
}));

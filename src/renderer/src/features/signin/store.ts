import { create } from 'zustand';
import { sectionStores, type StoreHook } from '../../section-store';
import type { AppErrorShape } from '../../../../shared/errors';
import type { SignInState } from '../../../../shared/signin';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { pollEvery } from '../../poll';

const POLL_MS = 500;
/** After a deploy DeepSource restarts its pods: the check waits up to this long for the new values. */
export const AFTER_DEPLOY_WAIT_SECONDS = 300;

export type SignInView = { status: 'idle' } | { status: 'starting' } | { status: 'running' | 'finished'; run: SignInState } | { status: 'failed'; error: AppErrorShape };

export type SignInMode = 'redirect' | 'round-trip';

interface SignInStore {
  /** One redirect check per installation at a time in this section. */
  byProfile: Record<string, SignInView>;
  /** One sign-in round trip per installation at a time in this section. */
  trips: Record<string, SignInView>;
  start: (profileId: string, options?: { waitSeconds?: number; trustFingerprint?: string; url?: string; mode?: SignInMode }) => Promise<void>;
  stop: (profileId: string, mode?: SignInMode) => Promise<void>;
  /** Forgets every check of this section (a new wizard run starts without the last one's verdicts). */
  clear: () => void;
}

/** A sign-in store for one section: the wizard, Installations and Tools each keep their own checks. */
export function createSignInStore(): StoreHook<SignInStore> {
  const pollers = new Map<string, { stop: () => void }>();
  return create<SignInStore>((set, get) => {
    const record = (mode: SignInMode) => (mode === 'round-trip' ? 'trips' : 'byProfile');
    const viewOf = (profileId: string, mode: SignInMode) => get()[record(mode)][profileId];
    const show = (profileId: string, mode: SignInMode, view: SignInView) => set({ [record(mode)]: { ...get()[record(mode)], [profileId]: view } });
    return {
      byProfile: {},
      trips: {},
      start: async (profileId, options = {}) => {
        const mode = options.mode ?? 'redirect';
        const key = `${mode}:${profileId}`;
        pollers.get(key)?.stop();
        show(profileId, mode, { status: 'starting' });
        try {
          const run = await api.signinStart({ profileId, ...options });
          show(profileId, mode, { status: 'running', run });
          const poller = pollEvery(
            POLL_MS,
            () => {
              const view = viewOf(profileId, mode);
              return view?.status === 'running' && view.run.runId === run.runId ? api.signinState({ runId: run.runId }) : null;
            },
            (state) => show(profileId, mode, { status: ['done', 'failed', 'stopped'].includes(state.phase) ? 'finished' : 'running', run: state }),
            (error) => show(profileId, mode, { status: 'failed', error: toShownError(error) }),
          );
          pollers.set(key, poller);
        } catch (error) {
          show(profileId, mode, { status: 'failed', error: toShownError(error) });
        }
      },
      clear: () => {
        for (const poller of pollers.values()) poller.stop();
        pollers.clear();
        // A check still running is ended (its built-in browser closes); a finished one is only forgotten.
        for (const view of [...Object.values(get().byProfile), ...Object.values(get().trips)]) if (view.status === 'running') void api.signinEnd({ runId: view.run.runId }).catch(() => undefined);
        set({ byProfile: {}, trips: {} });
      },
      stop: async (profileId, mode = 'redirect') => {
        pollers.get(`${mode}:${profileId}`)?.stop();
        const view = viewOf(profileId, mode);
        if (view && (view.status === 'running' || view.status === 'finished')) {
          const run = await api.signinEnd({ runId: view.run.runId }).catch(() => view.run);
          show(profileId, mode, { status: 'finished', run });
        }
      },
    };
  });
}

/** The wizard's sign-in checks; other sections provide their own through SignInScope. */
const stores = sectionStores(createSignInStore);
export const wizardSignIn = stores.wizard;
export const SignInScope = stores.Scope;
export const useSignInStore = stores.useSectionStore;

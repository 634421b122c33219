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

interface SignInStore {
  /** One check per installation at a time in this section. */
  byProfile: Record<string, SignInView>;
  start: (profileId: string, options?: { waitSeconds?: number; trustFingerprint?: string; url?: string }) => Promise<void>;
  stop: (profileId: string) => Promise<void>;
  /** Forgets every check of this section (a new wizard run starts without the last one's verdicts). */
  clear: () => void;
}

/** A sign-in store for one section: the wizard, Installations and Tools each keep their own checks. */
export function createSignInStore(): StoreHook<SignInStore> {
  const pollers = new Map<string, { stop: () => void }>();
  return create<SignInStore>((set, get) => {
    const show = (profileId: string, view: SignInView) => set({ byProfile: { ...get().byProfile, [profileId]: view } });
    return {
      byProfile: {},
      start: async (profileId, options = {}) => {
        pollers.get(profileId)?.stop();
        show(profileId, { status: 'starting' });
        try {
          const run = await api.signinStart({ profileId, ...options });
          show(profileId, { status: 'running', run });
          const poller = pollEvery(
            POLL_MS,
            () => {
              const view = get().byProfile[profileId];
              return view?.status === 'running' && view.run.runId === run.runId ? api.signinState({ runId: run.runId }) : null;
            },
            (state) => show(profileId, { status: ['done', 'failed', 'stopped'].includes(state.phase) ? 'finished' : 'running', run: state }),
            (error) => show(profileId, { status: 'failed', error: toShownError(error) }),
          );
          pollers.set(profileId, poller);
        } catch (error) {
          show(profileId, { status: 'failed', error: toShownError(error) });
        }
      },
      clear: () => {
        for (const poller of pollers.values()) poller.stop();
        pollers.clear();
        // A check still running is ended (its built-in browser closes); a finished one is only forgotten.
        for (const view of Object.values(get().byProfile)) if (view.status === 'running') void api.signinEnd({ runId: view.run.runId }).catch(() => undefined);
        set({ byProfile: {} });
      },
      stop: async (profileId) => {
        pollers.get(profileId)?.stop();
        const view = get().byProfile[profileId];
        if (view && (view.status === 'running' || view.status === 'finished')) {
          const run = await api.signinEnd({ runId: view.run.runId }).catch(() => view.run);
          show(profileId, { status: 'finished', run });
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

import { create } from 'zustand';
import { sectionStores, type StoreHook } from '../../section-store';
import type { AppErrorShape } from '../../../../shared/errors';
import type { AppPage, ProviderId } from '../../../../shared/providers';
import type { RegistrationState } from '../../../../shared/registration';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { pollEvery } from '../../poll';
import { useProfilesStore } from '../profiles/store';

const POLL_MS = 400;

interface RegistrationStore {
  state: RegistrationState | null;
  error: AppErrorShape | null;
  busy: boolean;
  /** Opens the installation's registration; provider, host name and callback are the installation's own. */
  start: (profileId: string) => Promise<void>;
  /**
   * The register page refused new apps: the installation switches to `provider` (once its browser is closed, as
   * its values are checked against it) and its registration starts again there.
   */
  switchProvider: (profileId: string, provider: ProviderId) => Promise<void>;
  refresh: () => Promise<void>;
  navigate: (action: 'back' | 'reload') => Promise<void>;
  /** Moves the keyboard into the Azure page (F6 there comes back). */
  focusPage: () => Promise<void>;
  extract: () => Promise<void>;
  /** Opens one of the app's own pages in the built-in browser (the guide's direct link). */
  openPage: (page: AppPage) => Promise<void>;
  pick: (field: 'appId' | 'tenantId' | 'clientSecret' | 'authorizeUrl') => Promise<void>;
  cancelPick: () => Promise<void>;
  end: () => Promise<void>;
  /** Follows a flow another call started (a secret rotation opens the profile's own app). */
  follow: (start: () => Promise<RegistrationState>) => Promise<void>;
  /** Forgets an ended flow, so its section can start afresh. */
  clear: () => void;
}

/** One registration store per section (the wizard, Tools): a section never shows another's flow. */
export function createRegistrationStore(): StoreHook<RegistrationStore> {
  /** Polls the shown flow's state; replaced (and stopped) when another flow starts. */
  let polling: { stop: () => void } | undefined;
  /**
   * Bumped whenever a flow starts. An answer that arrives after a newer flow started is about a flow that has since
   * ended (a call still in flight when the admin switched to Entra); it is dropped instead of replacing the new flow.
   */
  let generation = 0;
  return create<RegistrationStore>((set, get) => {
    /** Runs one call; the answer (always the flow's state) replaces the shown state, unless a newer flow started. */
    const call = async (run: () => Promise<RegistrationState>, busy = true) => {
      const asked = generation;
      if (busy) set({ busy: true });
      try {
        const state = await run();
        if (asked === generation) set({ state, error: null });
      } catch (error) {
        if (asked === generation) set({ error: toShownError(error) });
      } finally {
        if (busy) set({ busy: false });
      }
    };
    const flowId = () => get().state?.flowId;
    /** Starts (or follows) a new flow: answers about earlier flows are from now on ignored; its state is polled. */
    const begin = async (run: () => Promise<RegistrationState>) => {
      polling?.stop();
      generation += 1;
      await call(run);
      if (!get().state) return;
      polling = pollEvery(
        POLL_MS,
        () => {
          const state = get().state;
          return state && !state.ended ? api.registrationState({ flowId: state.flowId }) : null;
        },
        (state) => set({ state, error: null }),
        (error) => set({ error: toShownError(error) }),
      );
    };
    return {
      state: null,
      error: null,
      busy: false,
      start: async (profileId) => {
        await begin(() => api.registrationStart({ profileId }));
      },
      switchProvider: async (profileId, provider) => {
        try {
          await get().end();
          await useProfilesStore.getState().update(profileId, { provider });
        } catch (error) {
          set({ error: toShownError(error) });
          return;
        }
        await begin(() => api.registrationStart({ profileId }));
      },
      refresh: async () => {
        const id = flowId();
        if (id) await call(() => api.registrationState({ flowId: id }), false);
      },
      navigate: async (action) => {
        const id = flowId();
        if (id) await call(() => api.registrationNavigate({ flowId: id, action }));
      },
      focusPage: async () => {
        const id = flowId();
        if (id) await api.registrationFocus({ flowId: id }).catch(() => undefined);
      },
      extract: async () => {
        const id = flowId();
        if (id) await call(() => api.registrationExtract({ flowId: id }));
      },
      openPage: async (page) => {
        const id = flowId();
        if (id) await call(() => api.registrationOpenPage({ flowId: id, page }));
      },
      pick: async (field) => {
        const id = flowId();
        // Not "busy": the admin must still be able to cancel while the page waits for a click.
        if (id) await call(() => api.registrationPick({ flowId: id, field }), false);
      },
      cancelPick: async () => {
        const id = flowId();
        if (id) await call(() => api.registrationCancelPick({ flowId: id }), false);
      },
      end: async () => {
        const id = flowId();
        if (id) await call(() => api.registrationEnd({ flowId: id }));
      },
      follow: async (startFlow) => {
        await begin(startFlow);
      },
      clear: () => {
        polling?.stop();
        generation += 1;
        set({ state: null, error: null });
      },
    };
  });
}

/** The wizard's registration; other sections provide their own through RegistrationScope. */
const stores = sectionStores(createRegistrationStore);
export const wizardRegistration = stores.wizard;
export const RegistrationScope = stores.Scope;
export const useRegistrationStore = stores.useSectionStore;

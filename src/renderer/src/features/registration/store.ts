import { create } from 'zustand';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ProviderId, RegistrationState } from '../../../../shared/registration';
import { api } from '../../api';
import { toShownError } from '../../errors';

const POLL_MS = 400;

interface RegistrationStore {
  state: RegistrationState | null;
  error: AppErrorShape | null;
  busy: boolean;
  /** What the last flow was started with (the Entra fallback reuses it). */
  input: { hostname: string; org: string; trailingSlash: boolean } | null;
  start: (input: { provider: ProviderId; hostname: string; org: string; trailingSlash: boolean }) => Promise<void>;
  refresh: () => Promise<void>;
  navigate: (action: 'back' | 'reload') => Promise<void>;
  extract: () => Promise<void>;
  pick: (field: 'appId' | 'tenantId' | 'clientSecret' | 'authorizeUrl') => Promise<void>;
  cancelPick: () => Promise<void>;
  end: () => Promise<void>;
  /** Follows a flow another call started (a secret rotation opens the profile's own app). */
  follow: (start: () => Promise<RegistrationState>) => Promise<void>;
}

let timer: ReturnType<typeof setInterval> | undefined;

export const useRegistrationStore = create<RegistrationStore>((set, get) => {
  /** Runs one call; the answer (always the flow's state) replaces the shown state. */
  const call = async (run: () => Promise<RegistrationState>, busy = true) => {
    if (busy) set({ busy: true });
    try {
      const state = await run();
      set({ state, error: null });
    } catch (error) {
      set({ error: toShownError(error) });
    } finally {
      if (busy) set({ busy: false });
    }
  };
  const flowId = () => get().state?.flowId;
  const poll = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = setInterval(() => {
      const state = get().state;
      if (!state || state.ended) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      void call(() => api.registrationState({ flowId: state.flowId }), false);
    }, POLL_MS);
  };
  return {
    state: null,
    error: null,
    busy: false,
    input: null,
    start: async (input) => {
      set({ input: { hostname: input.hostname, org: input.org, trailingSlash: input.trailingSlash } });
      await call(() => api.registrationStart(input));
      if (get().state) poll();
    },
    refresh: async () => {
      const id = flowId();
      if (id) await call(() => api.registrationState({ flowId: id }), false);
    },
    navigate: async (action) => {
      const id = flowId();
      if (id) await call(() => api.registrationNavigate({ flowId: id, action }));
    },
    extract: async () => {
      const id = flowId();
      if (id) await call(() => api.registrationExtract({ flowId: id }));
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
      set({ input: null });
      await call(startFlow);
      if (get().state) poll();
    },
  };
});

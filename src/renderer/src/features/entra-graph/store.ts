import { create } from 'zustand';
import type { AppErrorShape } from '../../../../shared/errors';
import { SECRET_DAYS, type GraphRunOptions, type GraphRunState } from '../../../../shared/entra-graph';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { pollEvery } from '../../poll';

const POLL_MS = 400;
/** Phases where the run waits for nothing in Azure: polling stops there. */
const SETTLED = new Set(['needs-decision', 'done', 'failed', 'deleted', 'cancelled']);

interface GraphStore {
  run: GraphRunState | null;
  error: AppErrorShape | null;
  busy: boolean;
  /** The admin's choices for the next run (the "Options" of Create the app in Azure). */
  options: GraphRunOptions;
  setOptions: (change: Partial<GraphRunOptions>) => void;
  start: (profileId: string, purpose: 'new' | 'rotate') => Promise<void>;
  decide: (choice: 'reuse' | 'delete') => Promise<void>;
  cancel: () => Promise<void>;
  /** Forgets the shown run (another installation, or back to the start). */
  clear: () => void;
}

/**
 * The wizard's Graph run: started in the main process, its state polled until it settles. Only the main process
 * holds the secret; the state carries its hint, key id and expiry.
 */
export const useGraphStore = create<GraphStore>((set, get) => {
  let polling: { stop: () => void } | undefined;
  /** Answers about an older run (one the admin cancelled or replaced) are dropped. */
  let generation = 0;
  const follow = (state: GraphRunState) => {
    polling?.stop();
    const asked = generation;
    set({ run: state, error: null });
    if (SETTLED.has(state.phase)) return;
    polling = pollEvery(
      POLL_MS,
      () => {
        const run = get().run;
        return run && !SETTLED.has(run.phase) && asked === generation ? api.graphState({ runId: run.runId }) : null;
      },
      (next) => {
        if (asked === generation) set({ run: next });
      },
      (error) => set({ error: toShownError(error) }),
    );
  };
  const call = async (run: () => Promise<GraphRunState>) => {
    set({ busy: true, error: null });
    try {
      follow(await run());
    } catch (error) {
      set({ error: toShownError(error) });
    } finally {
      set({ busy: false });
    }
  };
  return {
    run: null,
    error: null,
    busy: false,
    options: { cloud: 'public', secretDays: SECRET_DAYS.default, grantConsent: false },
    setOptions: (change) => set({ options: { ...get().options, ...change } }),
    start: async (profileId, purpose) => {
      generation += 1;
      await call(() => api.graphStart({ profileId, purpose, options: get().options }));
    },
    decide: async (choice) => {
      const run = get().run;
      if (run) await call(() => api.graphDecide({ runId: run.runId, choice }));
    },
    cancel: async () => {
      const run = get().run;
      if (run) await call(() => api.graphCancel({ runId: run.runId }));
    },
    clear: () => {
      polling?.stop();
      generation += 1;
      set({ run: null, error: null, busy: false });
    },
  };
});

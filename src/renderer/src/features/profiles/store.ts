import { create } from 'zustand';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ProfileInput, ProfilePatch, ProfileView } from '../../../../shared/profile';
import { api } from '../../api';
import { toShownError } from '../../errors';

interface Problem {
  path: string;
  keptAs: string;
  reason: string;
}

interface ProfilesStore {
  status: 'idle' | 'loading' | 'ready';
  profiles: ProfileView[];
  problems: Problem[];
  error: AppErrorShape | null;
  /** Which profile an action is running for, so its buttons show progress. */
  busy: string | null;
  load: () => Promise<void>;
  create: (input: ProfileInput) => Promise<ProfileView | null>;
  remove: (id: string) => Promise<void>;
  generateWebhookSecret: (id: string) => Promise<void>;
  /** Shows a profile view another step produced (the wizard's save). */
  upsert: (view: ProfileView) => void;
  /** Saves a change to a profile and shows its fresh view; a failure is thrown for the caller to show where it asked. */
  update: (id: string, patch: ProfilePatch) => Promise<ProfileView>;
}

/** Replaces one profile in the list with its fresh view from the main process. */
function withView(profiles: ProfileView[], view: ProfileView): ProfileView[] {
  const index = profiles.findIndex((p) => p.profile.id === view.profile.id);
  return index === -1 ? [...profiles, view] : profiles.map((p, i) => (i === index ? view : p));
}

export const useProfilesStore = create<ProfilesStore>((set, get) => {
  /** Runs one action, turning a failure into the inline error the panel shows. */
  async function attempt<T>(busy: string | null, action: () => Promise<T>): Promise<T | null> {
    set({ busy, error: null });
    try {
      return await action();
    } catch (error) {
      set({ error: toShownError(error) });
      return null;
    } finally {
      set({ busy: null });
    }
  }

  return {
    status: 'idle',
    profiles: [],
    problems: [],
    error: null,
    busy: null,
    load: async () => {
      set({ status: 'loading' });
      const result = await attempt(null, () => api.profileList({}));
      set({ status: 'ready', ...(result ? { profiles: result.profiles, problems: result.problems } : {}) });
    },
    create: (input) =>
      attempt('new', async () => {
        const view = await api.profileCreate(input);
        set({ profiles: withView(get().profiles, view) });
        return view;
      }),
    remove: async (id) => {
      await attempt(id, async () => {
        await api.profileDelete({ id });
        set({ profiles: get().profiles.filter((p) => p.profile.id !== id) });
      });
    },
    upsert: (view) => set({ profiles: withView(get().profiles, view) }),
    update: async (id, patch) => {
      const view = await api.profileUpdate({ id, patch });
      set({ profiles: withView(get().profiles, view) });
      return view;
    },
    generateWebhookSecret: async (id) => {
      await attempt(id, async () => {
        await api.webhookSecretGenerate({ profileId: id });
        set({ profiles: withView(get().profiles, await api.profileGet({ id })) });
      });
    },
  };
});

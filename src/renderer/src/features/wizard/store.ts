import { create } from 'zustand';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ProfileView } from '../../../../shared/profile';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { useProfilesStore } from '../profiles/store';
import { useRegistrationStore } from '../registration/store';

export const steps = ['installation', 'register', 'review', 'deliver'] as const;
export type Step = (typeof steps)[number];

export const STEP_LABEL: Record<Step, string> = {
  installation: 'Installation',
  register: 'Register in Azure',
  review: 'Review and save',
  deliver: 'Deliver',
};

interface WizardStore {
  step: Step;
  /** The installation being set up; everything else (its values, secrets) is read from the profiles store. */
  profileId: string | null;
  saving: boolean;
  saveError: AppErrorShape | null;
  go: (step: Step) => void;
  /** Picks the installation and opens its registration in the built-in browser. */
  begin: (view: ProfileView) => Promise<void>;
  /** Azure refused a new legacy app: the installation switches to Entra ID and its registration starts again. */
  switchToEntra: () => Promise<void>;
  /** Skips registration for an installation whose secrets are already in the keychain. */
  deliverExisting: (profileId: string) => void;
  /** Stores the checked values in the keychain, closes the built-in browser, moves on to delivery. */
  save: (clientSecretExpiresOn?: string) => Promise<void>;
}

export const useWizardStore = create<WizardStore>((set, get) => ({
  step: 'installation',
  profileId: null,
  saving: false,
  saveError: null,
  go: (step) => set({ step }),
  begin: async (view) => {
    const { profile } = view;
    set({ profileId: profile.id, step: 'register', saveError: null });
    await useRegistrationStore.getState().start({
      provider: profile.provider,
      hostname: profile.hostname,
      org: profile.organization,
      trailingSlash: profile.callbackTrailingSlash,
    });
  },
  switchToEntra: async () => {
    const id = get().profileId;
    if (!id) return;
    try {
      const view = await api.profileUpdate({ id, patch: { provider: 'entra' } });
      useProfilesStore.getState().upsert(view);
      await get().begin(view);
    } catch (error) {
      set({ saveError: toShownError(error) });
    }
  },
  deliverExisting: (profileId) => set({ profileId, step: 'deliver' }),
  save: async (clientSecretExpiresOn) => {
    const profileId = get().profileId;
    const flowId = useRegistrationStore.getState().state?.flowId;
    if (!profileId || !flowId) return;
    set({ saving: true, saveError: null });
    try {
      const view = await api.registrationSave({ flowId, profileId, mode: 'new', ...(clientSecretExpiresOn ? { clientSecretExpiresOn } : {}) });
      await useRegistrationStore.getState().end();
      useProfilesStore.getState().upsert(view);
      set({ step: 'deliver' });
    } catch (error) {
      set({ saveError: toShownError(error) });
    } finally {
      set({ saving: false });
    }
  },
}));

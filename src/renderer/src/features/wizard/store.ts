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
  /** `rotate`: only the client secret of the profile's existing app is replaced. */
  mode: 'new' | 'rotate';
  saving: boolean;
  saveError: AppErrorShape | null;
  go: (step: Step) => void;
  /** Picks the installation and opens its registration in the built-in browser. */
  begin: (view: ProfileView) => Promise<void>;
  /** Azure refused a new legacy app: the installation switches to Entra ID and its registration starts again. */
  switchToEntra: () => Promise<void>;
  /** Opens the profile's own app in Azure to make a new client secret, which then replaces only the old one. */
  beginRotation: (view: ProfileView) => Promise<void>;
  /** Skips registration for an installation whose secrets are already in the keychain. */
  deliverExisting: (profileId: string) => void;
  /** Stores the checked values in the keychain, closes the built-in browser, moves on to delivery. */
  save: (clientSecretExpiresOn?: string) => Promise<void>;
}

export const useWizardStore = create<WizardStore>((set, get) => ({
  step: 'installation',
  profileId: null,
  mode: 'new',
  saving: false,
  saveError: null,
  go: (step) => set({ step }),
  begin: async (view) => {
    const { profile } = view;
    set({ profileId: profile.id, step: 'register', mode: 'new', saveError: null });
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
  beginRotation: async (view) => {
    const profileId = view.profile.id;
    set({ profileId, step: 'register', mode: 'rotate', saveError: null });
    await useRegistrationStore.getState().follow(() => api.secretRotateStart({ profileId }));
  },
  deliverExisting: (profileId) => set({ profileId, step: 'deliver', mode: 'new' }),
  save: async (clientSecretExpiresOn) => {
    const profileId = get().profileId;
    const flowId = useRegistrationStore.getState().state?.flowId;
    if (!profileId || !flowId) return;
    set({ saving: true, saveError: null });
    try {
      const view = await api.registrationSave({ flowId, profileId, mode: get().mode, ...(clientSecretExpiresOn ? { clientSecretExpiresOn } : {}) });
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

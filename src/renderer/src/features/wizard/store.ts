import { create } from 'zustand';
import type { ExportResult } from '../../../../shared/bundle';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ProfileView } from '../../../../shared/profile';
import type { ProviderId } from '../../../../shared/providers';
import type { RegistrationState } from '../../../../shared/registration';
import type { GraphRunState, SecretProof } from '../../../../shared/entra-graph';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { wizardConsole } from '../console/store';
import { useGraphStore } from '../entra-graph/store';
import { useProfilesStore } from '../profiles/store';
import { useProvidersStore } from '../providers/store';
import { wizardRegistration } from '../registration/store';
import { wizardSignIn } from '../signin/store';

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
  /** The installation whose admin console is being connected to before Azure (certificate, password, fields). */
  connecting: ProfileView | null;
  /** What was read from Azure and saved, shown again at delivery (masked). */
  saved: RegistrationState | null;
  /** Entra: the app made through Microsoft Graph (the default), or the Azure portal in the built-in browser. */
  route: 'graph' | 'portal';
  /** What the Graph route made and stored, shown again at delivery (the secret only by its hint). */
  savedGraph: GraphRunState | null;
  /** The proof of the saved client secret at Entra's token endpoint, once it ran (the portal route's; Graph's is in its run). */
  secretProof: SecretProof | null;
  setSecretProof: (proof: SecretProof) => void;
  /** The installation as it was when its values were last saved: it can be created again if it was removed. */
  subject: ProfileView | null;
  /** The bundle this delivery wrote: the wizard ends on it (as it ends on a deploy after a push). */
  exported: ExportResult | null;
  go: (step: Step) => void;
  setExported: (result: ExportResult) => void;
  /**
   * A new installation: with a console address and password, the console is checked first (a wrong password or an
   * unknown certificate shows up before any work in Azure); then its registration opens.
   */
  start: (view: ProfileView, consolePassword?: string) => Promise<void>;
  /**
   * From the console check on to Azure: once connected, or when the admin leaves the console for later (push later,
   * or export a bundle). Only the installation still being checked goes on, and only once.
   */
  continueToAzure: () => Promise<void>;
  /** Picks the installation and opens its registration in the built-in browser. */
  begin: (view: ProfileView) => Promise<void>;
  /**
   * The register page refused new apps: the installation switches to its provider's successor (Azure DevOps OAuth →
   * Entra ID) and its registration starts again.
   */
  switchToSuccessor: (successor: ProviderId) => Promise<void>;
  /** Opens the profile's own app in Azure to make a new client secret, which then replaces only the old one. */
  beginRotation: (view: ProfileView) => Promise<void>;
  /** Entra: the Azure portal in the built-in browser instead of Microsoft Graph (or back to Graph). */
  choosePortal: () => Promise<void>;
  chooseGraph: () => Promise<void>;
  /** The Graph run made and stored the values: on to delivery, with what was made shown there. */
  graphDone: (run: GraphRunState) => Promise<void>;
  /** Skips registration for an installation whose secrets are already in the keychain. */
  deliverExisting: (profileId: string) => void;
  /** Stores the checked values in the keychain, closes the built-in browser, moves on to delivery. */
  save: (clientSecretExpiresOn?: string) => Promise<void>;
  /**
   * Every value found and every check passed: saved at once (an Entra secret is shown only once, so it is not left
   * in memory waiting for a click). If the keychain refuses, the review step shows why and offers Save again.
   */
  saveChecked: () => Promise<void>;
  /**
   * The installation was removed while Azure was open (the save cannot succeed): it is created again with the same
   * details, and the values still held by the flow are saved into it.
   */
  recreateAndSave: (lost: ProfileView) => Promise<void>;
  /** A fresh wizard for another installation (the console and registration of this one are left behind). */
  reset: () => void;
}

/** A finished push shown from an earlier round (a rotation after a deploy) is not this round's: delivery starts afresh. */
function forgetFinishedPush(): void {
  if (wizardConsole.getState().state.status === 'report') wizardConsole.setState({ state: { status: 'idle' } });
}

/** Is this provider's app made through Microsoft Graph (Entra ID) — then that is the Register step's first offer? */
async function graphProvider(id: ProviderId): Promise<boolean> {
  const providers = await useProvidersStore.getState().load().catch(() => []);
  return providers.find((p) => p.id === id)?.graph ?? false;
}

export const useWizardStore = create<WizardStore>((set, get) => ({
  step: 'installation',
  profileId: null,
  mode: 'new',
  saving: false,
  saveError: null,
  connecting: null,
  saved: null,
  route: 'portal',
  savedGraph: null,
  secretProof: null,
  setSecretProof: (secretProof) => set({ secretProof }),
  subject: null,
  exported: null,
  go: (step) => set({ step }),
  setExported: (exported) => set({ exported }),
  start: async (view, consolePassword) => {
    const consoleUrl = view.profile.console.url;
    if (!consolePassword || !consoleUrl) return get().begin(view);
    set({ connecting: view, profileId: view.profile.id });
    const consoleStore = wizardConsole.getState();
    consoleStore.setForm({ profileId: view.profile.id, consoleUrl, via: 'password', values: { password: consolePassword } });
    // The installation step shows what the console still needs; once connected it opens the registration (once).
    await consoleStore.plan('connect');
  },
  continueToAzure: async () => {
    const view = get().connecting;
    if (view) await get().begin(view);
  },
  begin: async (view) => {
    const { profile } = view;
    const route = (await graphProvider(profile.provider)) ? 'graph' : 'portal';
    set({ profileId: profile.id, step: 'register', mode: 'new', saveError: null, connecting: null, saved: null, savedGraph: null, secretProof: null, exported: null, route });
    useGraphStore.getState().clear();
    forgetFinishedPush();
    // Entra waits for "Create the app in Azure" (or the portal, one click away); a legacy app opens its page at once.
    if (route === 'portal') await wizardRegistration.getState().start(profile.id);
  },
  switchToSuccessor: async (successor) => {
    const id = get().profileId;
    if (!id) return;
    set({ step: 'register', mode: 'new', saveError: null, connecting: null, saved: null, savedGraph: null, secretProof: null, exported: null });
    if (!(await graphProvider(successor))) {
      await wizardRegistration.getState().switchProvider(id, successor);
      return;
    }
    // An Entra successor's default route is Microsoft Graph: the portal flow closes, the installation switches, Graph is offered.
    await wizardRegistration.getState().end();
    try {
      await useProfilesStore.getState().update(id, { provider: successor });
      wizardRegistration.getState().clear();
      useGraphStore.getState().clear();
      set({ route: 'graph' });
    } catch (error) {
      set({ saveError: toShownError(error) });
    }
  },
  beginRotation: async (view) => {
    const profileId = view.profile.id;
    const route = (await graphProvider(view.profile.provider)) ? 'graph' : 'portal';
    set({ profileId, step: 'register', mode: 'rotate', saveError: null, connecting: null, saved: null, savedGraph: null, secretProof: null, exported: null, route });
    useGraphStore.getState().clear();
    forgetFinishedPush();
    if (route === 'portal') await wizardRegistration.getState().follow(() => api.secretRotateStart({ profileId }));
  },
  choosePortal: async () => {
    const profileId = get().profileId;
    if (!profileId) return;
    await useGraphStore.getState().cancel();
    useGraphStore.getState().clear();
    set({ route: 'portal' });
    if (get().mode === 'rotate') await wizardRegistration.getState().follow(() => api.secretRotateStart({ profileId }));
    else await wizardRegistration.getState().start(profileId);
  },
  chooseGraph: async () => {
    await wizardRegistration.getState().end();
    wizardRegistration.getState().clear();
    set({ route: 'graph' });
  },
  graphDone: async (run) => {
    if (get().savedGraph?.runId === run.runId) return;
    set({ step: 'deliver', saved: null, savedGraph: run, subject: useProfilesStore.getState().profiles.find((p) => p.profile.id === run.profileId) ?? get().subject });
    try {
      useProfilesStore.getState().upsert(await api.profileGet({ id: run.profileId }));
    } catch (error) {
      set({ saveError: toShownError(error) });
    }
  },
  deliverExisting: (profileId) => set({ profileId, step: 'deliver', mode: 'new', saved: null, exported: null }),
  save: async (clientSecretExpiresOn) => {
    const profileId = get().profileId;
    const flowId = wizardRegistration.getState().state?.flowId;
    if (!profileId || !flowId || get().saving) return;
    set({ saving: true, saveError: null, subject: useProfilesStore.getState().profiles.find((p) => p.profile.id === profileId) ?? get().subject });
    // What was saved, as shown (masked): ending the flow drops the values from its state.
    const shown = wizardRegistration.getState().state;
    try {
      // The flow saves into the installation (and for the purpose) it was started for.
      const view = await api.registrationSave({ flowId, ...(clientSecretExpiresOn ? { clientSecretExpiresOn } : {}) });
      await wizardRegistration.getState().end();
      useProfilesStore.getState().upsert(view);
      set({ step: 'deliver', saved: shown ? { ...shown, ended: true } : null });
    } catch (error) {
      set({ saveError: toShownError(error) });
    } finally {
      set({ saving: false });
    }
  },
  saveChecked: async () => {
    await get().save();
    if (get().saveError) set({ step: 'review' });
  },
  recreateAndSave: async (lost) => {
    const { profile } = lost;
    try {
      // Under the same id: the flow that read the values was started for that installation.
      const view = await api.profileCreate({
        id: profile.id,
        label: profile.label,
        hostname: profile.hostname,
        organization: profile.organization,
        provider: profile.provider,
        callbackTrailingSlash: profile.callbackTrailingSlash,
        ...(profile.console.url ? { consoleUrl: profile.console.url } : {}),
      });
      useProfilesStore.getState().upsert(view);
      set({ profileId: view.profile.id });
      await get().save();
    } catch (error) {
      set({ saveError: toShownError(error) });
    }
  },
  reset: () => {
    void wizardRegistration.getState().end();
    wizardConsole.getState().setForm({ profileId: '', consoleUrl: '', via: '', values: {} });
    wizardSignIn.getState().clear();
    useGraphStore.getState().clear();
    set({ step: 'installation', profileId: null, mode: 'new', saving: false, saveError: null, connecting: null, saved: null, savedGraph: null, secretProof: null, route: 'portal', subject: null, exported: null });
  },
}));

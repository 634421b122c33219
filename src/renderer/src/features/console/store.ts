import { create } from 'zustand';
import { sectionStores, type StoreHook } from '../../section-store';
import type { ConsolePlan, ConsoleTarget, PlanDecision, PlanResult, PushProgress, PushReport } from '../../../../shared/console';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ConsoleFieldRole } from '../../../../shared/profile';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { pollEvery } from '../../poll';
import { accessOf } from './AccessFields';
import { routeOf, secretFieldsOf, useConsoleRoutesStore } from './routes';

/** What the window says while a plan or a connect call runs: what the route is doing, not what it did. */
function busyText(mode: 'plan' | 'connect', via: string): string {
  const route = routeOf(via);
  if (route && !route.usesAddress) return route.connecting;
  return mode === 'connect' ? 'Connecting to the admin console…' : 'Reading the admin console…';
}

/** The address goes only with a route that goes to one (kubectl finds kotsadm itself). */
function addressOf(form: ConsoleForm): { consoleUrl?: string } {
  return form.consoleUrl.trim() && (routeOf(form.via)?.usesAddress ?? true) ? { consoleUrl: form.consoleUrl.trim() } : {};
}

/** Another route to the same address, for a console that refused this one's way of signing in (no passwords). */
function nextAddressRoute(via: string): string {
  return useConsoleRoutesStore.getState().routes?.find((r) => r.usesAddress && r.id !== via)?.id ?? via;
}

/** The form without the route's secrets (once a login used them, or the console refused them). */
function withoutSecrets(form: ConsoleForm): ConsoleForm {
  const secrets = secretFieldsOf(form.via);
  return { ...form, values: Object.fromEntries(Object.entries(form.values).filter(([name]) => !secrets.includes(name))) };
}

export type ConsoleState =
  | { status: 'idle' }
  | { status: 'busy'; what: string; plan?: ConsolePlan; progress?: PushProgress }
  | { status: 'decide'; result: PlanDecision }
  /** Logged in, app and fields found (connect-only): the diff follows once the values are in the keychain. */
  | { status: 'connected'; result: Extract<PlanResult, { status: 'connected' }> }
  | { status: 'plan'; plan: ConsolePlan }
  | { status: 'report'; plan: ConsolePlan; report: PushReport }
  | { status: 'failed'; error: AppErrorShape };

export interface ConsoleForm {
  profileId: string;
  consoleUrl: string;
  /** The route chosen (main's list); '' leaves it to the profile's last one. */
  via: string;
  /** The route's option values. Secret ones are held only until a login used them: main keeps the session, not them. */
  values: Record<string, string | boolean>;
}

const EMPTY_FORM: ConsoleForm = { profileId: '', consoleUrl: '', via: '', values: {} };

interface ConsoleStore {
  form: ConsoleForm;
  state: ConsoleState;
  /** What the admin already decided (certificate, app, item mapping), sent along with the next plan. */
  decisions: Pick<ConsoleTarget, 'trustFingerprint' | 'appSlug' | 'mapping' | 'allowPlainSecretItems'>;
  /** `connect`: stop before the diff (the wizard checks the console before Azure). Kept for the follow-up decisions. */
  mode: 'plan' | 'connect';
  /** Another profile starts afresh: its own state, and no certificate or mapping decided for a different console. */
  setForm: (patch: Partial<ConsoleForm>) => void;
  plan: (mode?: 'plan' | 'connect') => Promise<void>;
  trust: (fingerprint: string) => Promise<void>;
  /** The admin does not trust the certificate: nothing more is tried, and the form is shown again. */
  distrust: () => void;
  chooseApp: (slug: string) => Promise<void>;
  /** `plainAccepted`: items the admin explicitly accepts for a secret although they are not password items. */
  map: (mapping: Partial<Record<ConsoleFieldRole, string>>, plainAccepted?: string[]) => Promise<void>;
  apply: (deploy: boolean) => Promise<void>;
  /** Keeps following a deploy that was still running when the first wait ended (sends no write). */
  follow: (sequence: number) => Promise<void>;
}

const PROGRESS_POLL_MS = 300;
/** How much longer "Keep following" waits for a deploy. */
export const FOLLOW_MORE_SECONDS = 600;

/** One console store per section (the wizard, Tools): a section never shows another's push. */
export function createConsoleStore(): StoreHook<ConsoleStore> {
  return create<ConsoleStore>((set, get) => ({
    form: EMPTY_FORM,
    state: { status: 'idle' },
    decisions: {},
    mode: 'plan',
    setForm: (patch) => {
      const otherProfile = patch.profileId !== undefined && patch.profileId !== get().form.profileId;
      set({ form: { ...get().form, ...patch }, ...(otherProfile ? { state: { status: 'idle' }, decisions: {} } : {}) });
    },
    plan: async (mode = get().mode) => {
      const { form, decisions } = get();
      const access = accessOf(form);
      set({ mode, state: { status: 'busy', what: busyText(mode, form.via) } });
      try {
        const result = await api.consolePlan({
          profileId: form.profileId.trim(),
          ...(access ? { access } : {}),
          ...addressOf(form),
          ...decisions,
          ...(mode === 'connect' ? { connectOnly: true } : {}),
        });
        // Once logged in, the main process holds the session: the secret is dropped here. A certificate question
        // comes before any login, so the secret is kept for the retry after the admin trusts the certificate.
        if (result.status !== 'needs-trust') set({ form: withoutSecrets(get().form) });
        if (result.status === 'ready') set({ state: { status: 'plan', plan: result.plan } });
        else if (result.status === 'connected') set({ state: { status: 'connected', result } });
        else set({ state: { status: 'decide', result } });
      } catch (error) {
        const shown = toShownError(error);
        if (shown.code === 'CONSOLE_AUTH' || shown.code === 'CONSOLE_LOCKED') set({ form: withoutSecrets(get().form) });
        // A console that takes no passwords: the form moves on to the next route to its address (the authstring; the
        // refusal names kubectl and the bundle too).
        if (shown.code === 'PASSWORD_LOGIN_DISABLED') set({ form: { ...get().form, via: nextAddressRoute(get().form.via || 'password'), values: {} } });
        set({ state: { status: 'failed', error: shown } });
      }
    },
    distrust: () =>
      set({
        decisions: {},
        state: { status: 'failed', error: { code: 'NEEDS_TRUST', message: 'Not trusted: nothing was sent to the console.', remedy: 'Check the console address, or compare the fingerprint on the console host and try again.' } },
      }),
    trust: async (fingerprint) => {
      set({ decisions: { ...get().decisions, trustFingerprint: fingerprint } });
      await get().plan();
    },
    chooseApp: async (slug) => {
      set({ decisions: { ...get().decisions, appSlug: slug } });
      await get().plan();
    },
    map: async (mapping, plainAccepted = []) => {
      const accepted = [...new Set([...(get().decisions.allowPlainSecretItems ?? []), ...plainAccepted])];
      set({ decisions: { ...get().decisions, mapping: { ...get().decisions.mapping, ...mapping }, ...(accepted.length > 0 ? { allowPlainSecretItems: accepted } : {}) } });
      await get().plan();
    },
    apply: async (deploy) => {
      const { state, form, decisions } = get();
      if (state.status !== 'plan') return;
      const profileId = form.profileId.trim();
      await runTracked(set, get, profileId, state.plan, deploy ? 'Saving and deploying…' : 'Saving…', () =>
        api.consoleApply({
          profileId,
          planId: state.plan.planId,
          ...addressOf(form),
          ...decisions,
          ...(deploy ? { deploy: true } : {}),
        }),
      );
    },
    follow: async (sequence) => {
      const { state, form } = get();
      if (state.status !== 'report') return;
      const profileId = form.profileId.trim();
      await runTracked(set, get, profileId, state.plan, `Following the deploy of version ${sequence}…`, () =>
        api.consoleFollow({ profileId, sequence, timeoutSeconds: FOLLOW_MORE_SECONDS }),
      );
    },
  }));
}

/** The wizard's console; other sections provide their own through ConsoleScope. */
const stores = sectionStores(createConsoleStore);
export const wizardConsole = stores.wizard;
export const ConsoleScope = stores.Scope;
export const useConsoleStore = stores.useSectionStore;

/** Runs a save/deploy/follow call, showing its live progress until its report (or error) replaces it. */
async function runTracked(
  set: (partial: Partial<ConsoleStore>) => void,
  get: () => ConsoleStore,
  profileId: string,
  plan: ConsolePlan,
  what: string,
  run: () => Promise<PushReport>,
): Promise<void> {
  set({ state: { status: 'busy', what, plan } });
  // Live progress until the report (or error) replaces it; a progress answer arriving later is dropped.
  const watch = pollEvery(
    PROGRESS_POLL_MS,
    () => api.consoleProgress({ profileId }),
    (progress) => {
      const current = get().state;
      if (current.status === 'busy') set({ state: { ...current, progress } });
    },
  );
  try {
    const report = await run();
    set({ state: { status: 'report', plan, report } });
  } catch (error) {
    set({ state: { status: 'failed', error: toShownError(error) } });
  } finally {
    watch.stop();
  }
}

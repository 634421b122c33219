import { useEffect } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { InstallationPicker } from '../../components/InstallationPicker';
import type { Profile } from '../../../../shared/profile';
import { useProfilesStore } from '../profiles/store';
import { AccessFields } from './AccessFields';
import { ConsoleDecision } from './ConsoleDecision';
import { LiveProgress, PlanTable, PushResult } from './PushResult';
import { useConsoleStore } from './store';

export function ConnectedNote({ result }: { result: { console: string; app: { slug: string } } }) {
  return (
    <p role="status" data-testid="console-connected" className="verdict verdict-ok">
      ✓ Connected to {result.console}: the DeepSource app and every Azure DevOps Services field were found.
    </p>
  );
}

/** The form's start for an installation: its address, and the route (and its settings) it was last reached by. */
export function accessFormOf(profile: Profile | undefined): { consoleUrl: string; via: string; values: Record<string, string> } {
  return { consoleUrl: profile?.console.url ?? '', via: profile?.console.access?.via ?? 'password', values: { ...(profile?.console.access?.settings ?? {}) } };
}

/** How to reach the console and sign in: asked only while there is no session (the wizard's console check makes one first). */
function LoginForm({ askInstallation }: { askInstallation: boolean }) {
  const form = useConsoleStore((s) => s.form);
  const setForm = useConsoleStore((s) => s.setForm);
  const plan = useConsoleStore((s) => s.plan);
  const busy = useConsoleStore((s) => s.state.status === 'busy');
  const profiles = useProfilesStore((s) => s.profiles);
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        void plan('plan');
      }}
    >
      {askInstallation ? (
        <InstallationPicker
          value={form.profileId}
          onChange={(id) => setForm({ profileId: id, ...accessFormOf(profiles.find((p) => p.profile.id === id)?.profile) })}
        />
      ) : null}
      <AccessFields value={form} onChange={setForm} />
      <div className="actions">
        <button type="submit" disabled={busy || form.profileId.trim() === ''}>
          Show changes
        </button>
      </div>
    </form>
  );
}

/**
 * Push an installation's values to the DeepSource admin console: the masked diff, then save and deploy. The wizard
 * fixes the installation (and the address it knows); in Tools it is picked.
 */
export function ConsolePanel({ profile }: { profile?: Profile } = {}) {
  const profileId = profile?.id;
  const form = useConsoleStore((s) => s.form);
  const state = useConsoleStore((s) => s.state);
  const setForm = useConsoleStore((s) => s.setForm);
  const plan = useConsoleStore((s) => s.plan);
  const apply = useConsoleStore((s) => s.apply);
  const start = JSON.stringify(accessFormOf(profile));
  const formProfileId = form.profileId;
  useEffect(() => {
    // Another installation for this panel starts from its own address and last route; the same one keeps what was typed.
    if (profileId !== undefined && formProfileId !== profileId) setForm({ profileId, ...(JSON.parse(start) as ReturnType<typeof accessFormOf>) });
  }, [profileId, formProfileId, start, setForm]);
  // The wizard connected to this console before Azure: the diff is read at once, with that session (no password).
  const connected = state.status === 'connected' && form.profileId === profileId;
  useEffect(() => {
    if (connected) void plan('plan');
  }, [connected, plan]);
  const shownPlan = (state.status === 'plan' || state.status === 'report' || state.status === 'busy') && state.plan ? state.plan : undefined;
  return (
    <section className="card" aria-labelledby="console-title">
      <h2 id="console-title">Admin console</h2>
      {state.status === 'idle' || state.status === 'failed' ? <LoginForm askInstallation={profileId === undefined} /> : null}
      {state.status === 'busy' && !state.plan ? <p role="status">{state.what}</p> : null}
      {state.status === 'decide' ? <ConsoleDecision result={state.result} /> : null}
      {state.status === 'connected' ? <ConnectedNote result={state.result} /> : null}
      {shownPlan ? (
        <>
          <p>
            {shownPlan.changes === 0 ? 'No change' : `${shownPlan.changes} change${shownPlan.changes === 1 ? '' : 's'}`} for the DeepSource app at {shownPlan.console}{' '}
            <span className="muted">(compared with the settings deployed now)</span>
          </p>
          <PlanTable plan={shownPlan} />
        </>
      ) : null}
      {state.status === 'busy' && state.plan ? <LiveProgress what={state.what} progress={state.progress} /> : null}
      {state.status === 'plan' && state.plan.changes > 0 ? (
        <div className="actions">
          <button type="button" onClick={() => void apply(true)}>
            Save and deploy
          </button>
          <button type="button" className="secondary" onClick={() => void apply(false)}>
            Save only
          </button>
        </div>
      ) : null}
      {state.status === 'report' ? <PushResult report={state.report} /> : null}
      {state.status === 'failed' ? <ErrorNotice error={state.error} /> : null}
    </section>
  );
}

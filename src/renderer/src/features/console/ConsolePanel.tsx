import { useEffect, useState } from 'react';
import type { ConsolePlan, PlanDecision, PlanItem, PushProgress, PushReport, PushStep } from '../../../../shared/console';
import type { ConsoleFieldRole } from '../../../../shared/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FOLLOW_MORE_SECONDS, useConsoleStore } from './store';

const STEP_LABEL: Record<PushStep['step'], string> = {
  login: 'Log in',
  read: 'Read the configuration',
  save: 'Save',
  'find-version': 'Find the new version',
  verify: 'Verify the saved version',
  deploy: 'Deploy',
  follow: 'Follow the deploy',
};

function StepList({ steps, label }: { steps: PushStep[]; label: string }) {
  return (
    <ol className="steps" aria-label={label}>
      {steps.map((step) => (
        <li key={step.step} data-status={step.status}>
          <strong>{STEP_LABEL[step.step]}</strong>: {step.status === 'not-started' ? 'not done' : step.detail}
        </li>
      ))}
    </ol>
  );
}

/** What the running save/deploy has done so far, refreshed while it runs (each deploy status poll shows). */
function LiveProgress({ what, progress }: { what: string; progress: PushProgress | undefined }) {
  const deploy = progress?.deploy;
  return (
    <div className="live-progress" data-testid="console-progress">
      <p>{what}</p>
      {progress ? <StepList steps={progress.steps} label="Steps so far" /> : null}
      {deploy ? (
        <p className="deploy-line">
          <progress aria-label={`Deploy of version ${deploy.sequence}`} />
          <span role="status" data-testid="deploy-status">
            Version {deploy.sequence}: {deploy.status}
          </span>
          <span className="muted" data-testid="deploy-elapsed">
            {deploy.elapsedSeconds.toFixed(1)} s, waiting up to {deploy.timeoutSeconds} s · status checked {deploy.polls} time{deploy.polls === 1 ? '' : 's'}
          </span>
        </p>
      ) : null}
    </div>
  );
}

function change(item: PlanItem): string {
  if (item.kind === 'secret') {
    const masked = item.secret ? `${item.secret.length} characters, ${item.secret.masked}` : 'new value';
    if (item.action === 'unchanged') return 'unchanged';
    return item.action === 'replace' ? `will be replaced (${masked})` : `will be set (${masked})`;
  }
  // A checkbox reads as on/off, not as the console's "1"/"0".
  const shown = (value: string | undefined) => (item.kind === 'bool' ? (value === '1' ? 'on' : 'off') : value === '' ? '(empty)' : (value ?? ''));
  if (item.action === 'unchanged') return `unchanged (${shown(item.to)})`;
  return `${shown(item.from)} → ${shown(item.to)}`;
}

function PlanTable({ plan }: { plan: ConsolePlan }) {
  return (
    <table className="plan" aria-label="Planned changes">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {plan.items.map((item) => (
          <tr key={item.role} data-action={item.action}>
            <td>{item.title}</td>
            <td>{change(item)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConnectedNote({ result }: { result: { console: string; app: { slug: string } } }) {
  return (
    <p role="status" data-testid="console-connected">
      ✓ Connected to {result.console}, app {result.app.slug}: every Azure DevOps Services field was found.
    </p>
  );
}

/** What the admin must decide before the console can be used: trust its certificate, pick the app, map fields. */
export function Decide({ result }: { result: PlanDecision }) {
  const trust = useConsoleStore((s) => s.trust);
  const chooseApp = useConsoleStore((s) => s.chooseApp);
  const map = useConsoleStore((s) => s.map);
  const [choices, setChoices] = useState<Partial<Record<ConsoleFieldRole, string>>>({});
  const [plainAccepted, setPlainAccepted] = useState<string[]>([]);
  if (result.status === 'needs-trust' && result.reason === 'changed') {
    // Not a first contact: a different certificate where one was pinned. The window only asks; the main process
    // shows its own dialog with both fingerprints, and nothing is re-pinned without the admin's yes there.
    return (
      <div className="notice notice-error" role="alert" data-testid="certificate-changed">
        <p className="notice-message">
          <strong>The console&apos;s certificate changed.</strong> Someone may be intercepting the connection. Nothing was sent.
        </p>
        <dl className="facts" aria-label="Certificates">
          <dt>Pinned</dt>
          <dd>
            <code className="fingerprint" data-testid="console-pinned-fingerprint">
              {result.pinnedFingerprint ?? 'unknown'}
            </code>
          </dd>
          <dt>Presented now</dt>
          <dd>
            <code className="fingerprint" data-testid="console-fingerprint">
              {result.fingerprint ?? 'unknown'}
            </code>
          </dd>
        </dl>
        <p>Go on only if you renewed the console&apos;s certificate yourself and the new fingerprint matches the one the console shows.</p>
        {result.fingerprint ? (
          <button type="button" className="secondary" onClick={() => void trust(result.fingerprint as string)}>
            Review the new certificate…
          </button>
        ) : null}
      </div>
    );
  }
  if (result.status === 'needs-trust') {
    return (
      <div className="notice" role="alert">
        <p className="notice-message">{result.message}</p>
        {result.fingerprint ? (
          <>
            <p>
              First connection to this console. Compare this SHA-256 fingerprint with the console&apos;s certificate before trusting it:
              <code className="fingerprint" data-testid="console-fingerprint">
                {result.fingerprint}
              </code>
            </p>
            <button type="button" onClick={() => void trust(result.fingerprint as string)}>
              Trust this certificate
            </button>
          </>
        ) : null}
      </div>
    );
  }
  if (result.status === 'needs-app') {
    return (
      <div className="notice">
        <p className="notice-message">The console has several apps. Which one is DeepSource?</p>
        {result.apps.map((app) => (
          <button key={app.slug} type="button" onClick={() => void chooseApp(app.slug)}>
            {app.name} ({app.slug})
          </button>
        ))}
      </div>
    );
  }
  const roles = [...result.missing, ...result.ambiguous, ...result.plainSecret];
  return (
    <form
      className="notice"
      onSubmit={(event) => {
        event.preventDefault();
        void map(choices, plainAccepted);
      }}
    >
      <p className="notice-message">Choose the console item for each field that could not be matched by its title (asked once, then remembered).</p>
      {roles.map((role) => {
        const plain = result.plainSecret.includes(role);
        const chosen = choices[role] ?? (plain ? result.found[role] : undefined) ?? '';
        const chosenType = (result.candidates[role] ?? []).find((c) => c.name === chosen)?.type;
        return (
          <div key={role}>
            <label className="field">
              <span>{role}</span>
              <select value={chosen} onChange={(event) => setChoices({ ...choices, [role]: event.target.value })}>
                <option value="">Choose…</option>
                {(result.candidates[role] ?? []).map((candidate) => (
                  <option key={candidate.name} value={candidate.name}>
                    {candidate.title || candidate.name} ({candidate.group}, {candidate.type || 'text'})
                  </option>
                ))}
              </select>
            </label>
            {chosen && chosenType !== undefined && chosenType !== 'password' ? (
              <label className="check">
                <input type="checkbox" checked={plainAccepted.includes(chosen)} onChange={(event) => setPlainAccepted(event.target.checked ? [...plainAccepted, chosen] : plainAccepted.filter((n) => n !== chosen))} />
                Store this secret in the plain {chosenType || 'text'} item anyway (the console keeps it unencrypted)
              </label>
            ) : null}
          </div>
        );
      })}
      <button
        type="submit"
        disabled={roles.some((role) => {
          const chosen = choices[role] ?? (result.plainSecret.includes(role) ? result.found[role] : undefined);
          const type = (result.candidates[role] ?? []).find((c) => c.name === chosen)?.type;
          return !chosen || (result.plainSecret.includes(role) && type !== 'password' && !plainAccepted.includes(chosen));
        })}
      >
        Use these items
      </button>
    </form>
  );
}

function Report({ report }: { report: PushReport }) {
  const follow = useConsoleStore((s) => s.follow);
  const stillRunning = report.deploy.status === 'timeout' && report.deploy.sequence !== undefined;
  return (
    <div>
      <p data-testid="console-outcome">
        {report.outcome === 'done' ? 'Done' : report.outcome === 'nothing-to-do' ? 'Nothing to change' : 'Stopped'}
        {report.savedSequence !== undefined ? ` · version ${report.savedSequence}` : ''}
        {report.deploy.status !== 'not-requested' ? ` · deploy ${report.deploy.status}` : ''}
      </p>
      <StepList steps={report.steps} label="Push steps" />
      {report.error ? <ErrorNotice error={report.error} /> : null}
      {stillRunning ? (
        <div className="actions">
          <button type="button" onClick={() => void follow(report.deploy.sequence as number)}>
            Keep following ({FOLLOW_MORE_SECONDS / 60} more minutes)
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Push the profile's settings to the DeepSource admin console: show the masked diff, then save (and deploy).
 * The wizard fixes the profile (and the console address it knows); standalone, both are typed.
 */
export function ConsolePanel({ profileId, consoleUrl }: { profileId?: string; consoleUrl?: string | undefined } = {}) {
  const form = useConsoleStore((s) => s.form);
  const state = useConsoleStore((s) => s.state);
  const setForm = useConsoleStore((s) => s.setForm);
  const plan = useConsoleStore((s) => s.plan);
  const apply = useConsoleStore((s) => s.apply);
  const busy = state.status === 'busy';
  useEffect(() => {
    if (profileId !== undefined) setForm({ profileId, consoleUrl: consoleUrl ?? '' });
  }, [profileId, consoleUrl, setForm]);
  // The wizard connected to this console before Azure: the diff is read at once, with that session (no password).
  const connected = state.status === 'connected' && form.profileId === profileId;
  useEffect(() => {
    if (connected) void plan('plan');
  }, [connected, plan]);
  return (
    <section className="card" aria-labelledby="console-title">
      <h2 id="console-title">Admin console</h2>
      <form
        className="console-form"
        onSubmit={(event) => {
          event.preventDefault();
          void plan('plan');
        }}
      >
        {profileId === undefined ? (
          <label className="field">
            <span>Profile</span>
            <input value={form.profileId} onChange={(event) => setForm({ profileId: event.target.value })} required autoComplete="off" spellCheck={false} />
          </label>
        ) : null}
        <label className="field">
          <span>Console address</span>
          <input value={form.consoleUrl} onChange={(event) => setForm({ consoleUrl: event.target.value })} placeholder="https://deepsource.example.com:8800" autoComplete="off" spellCheck={false} />
        </label>
        <label className="field">
          <span>Console password</span>
          <input type="password" value={form.password} onChange={(event) => setForm({ password: event.target.value })} autoComplete="off" />
        </label>
        <label className="check">
          <input type="checkbox" checked={form.remember} onChange={(event) => setForm({ remember: event.target.checked })} />
          Remember the password in the system keychain
        </label>
        <button type="submit" disabled={busy || form.profileId.trim() === ''}>
          Show changes
        </button>
      </form>
      {state.status === 'busy' && !state.plan ? <p role="status">{state.what}</p> : null}
      {state.status === 'decide' ? <Decide result={state.result} /> : null}
      {state.status === 'connected' ? <ConnectedNote result={state.result} /> : null}
      {(state.status === 'plan' || state.status === 'report' || state.status === 'busy') && state.plan ? (
        <>
          <p>
            {state.plan.console}, app {state.plan.app.slug}, based on deployed version {state.plan.baseSequence}: {state.plan.changes} change(s).
          </p>
          <PlanTable plan={state.plan} />
        </>
      ) : null}
      {state.status === 'busy' && state.plan ? <LiveProgress what={state.what} progress={state.progress} /> : null}
      {state.status === 'plan' && state.plan.changes > 0 ? (
        <div className="actions">
          <button type="button" onClick={() => void apply(false)}>
            Save
          </button>
          <button type="button" onClick={() => void apply(true)}>
            Save and deploy
          </button>
        </div>
      ) : null}
      {state.status === 'report' ? <Report report={state.report} /> : null}
      {state.status === 'failed' ? <ErrorNotice error={state.error} /> : null}
    </section>
  );
}

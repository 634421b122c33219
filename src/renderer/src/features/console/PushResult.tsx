import type { ConsolePlan, PlanItem, PushProgress, PushReport, PushStep } from '../../../../shared/console';
import { CONSOLE_FIELD_TITLES } from '../../../../shared/profile';
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
export function LiveProgress({ what, progress }: { what: string; progress: PushProgress | undefined }) {
  const deploy = progress?.deploy;
  return (
    <div className="live-progress" data-testid="console-progress">
      <p role="status">{what}</p>
      {deploy ? (
        <p className="deploy-line">
          <progress aria-label={`Deploy of version ${deploy.sequence}`} />
          <span data-testid="deploy-status">
            Version {deploy.sequence}: {deploy.status}
          </span>
          <span className="muted" data-testid="deploy-elapsed">
            {deploy.elapsedSeconds.toFixed(1)} s, waiting up to {deploy.timeoutSeconds} s · status checked {deploy.polls} time{deploy.polls === 1 ? '' : 's'}
          </span>
        </p>
      ) : null}
      {progress ? (
        <details>
          <summary>Steps so far</summary>
          <StepList steps={progress.steps} label="Steps so far" />
        </details>
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

/** The masked diff, titled the way DeepSource documents the fields (whatever case the console's titles use). */
export function PlanTable({ plan }: { plan: ConsolePlan }) {
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
            <td>{CONSOLE_FIELD_TITLES[item.role].replace(' (checkbox)', '')}</td>
            <td>{change(item)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One sentence for what the push did. */
export function outcomeText(report: PushReport): string {
  if (report.outcome === 'nothing-to-do') return 'Nothing to change: the console already holds these values.';
  const version = report.savedSequence !== undefined ? `version ${report.savedSequence}` : 'a new version';
  if (report.outcome === 'done') {
    if (report.deploy.status === 'deployed') return `Saved as ${version} and deployed.`;
    return `Saved as ${version}; not deployed yet.`;
  }
  if (report.deploy.status === 'timeout') return `Saved as ${version}; the deploy is still running.`;
  if (report.deploy.status === 'failed') return `Saved as ${version}, but the deploy failed.`;
  return 'The push stopped before it was done.';
}

export function PushResult({ report }: { report: PushReport }) {
  const follow = useConsoleStore((s) => s.follow);
  const stillRunning = report.deploy.status === 'timeout' && report.deploy.sequence !== undefined;
  return (
    <div className="push-result">
      <p data-testid="console-outcome" className={report.outcome === 'failed' ? 'verdict verdict-failed' : 'verdict verdict-ok'}>
        {outcomeText(report)}
      </p>
      {report.error ? <ErrorNotice error={report.error} /> : null}
      {stillRunning ? (
        <div className="actions">
          <button type="button" onClick={() => void follow(report.deploy.sequence as number)}>
            Keep following ({FOLLOW_MORE_SECONDS / 60} more minutes)
          </button>
        </div>
      ) : null}
      <details>
        <summary>What was done</summary>
        <StepList steps={report.steps} label="Push steps" />
      </details>
    </div>
  );
}

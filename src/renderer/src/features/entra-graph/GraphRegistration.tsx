import { ProbeOutcome } from '../signin/ProbeOutcome';
import { useEffect, useState, type ReactNode } from 'react';
import { DEFAULT_GRAPH_CLIENT_ID, ENTRA_CLOUD_NAMES, SECRET_DAYS, entraClouds, type EntraCloud, type GraphRunState, type SecretProof } from '../../../../shared/entra-graph';
import { api } from '../../api';
import { toShownError } from '../../errors';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ProfileView } from '../../../../shared/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { GraphValues, RegistrationFacts } from './GraphValues';
import { useGraphStore } from './store';

/** The run's options: the cloud, the secret's lifetime, tenant-wide consent, another sign-in app. */
function Options({ disabled }: { disabled: boolean }) {
  const options = useGraphStore((s) => s.options);
  const setOptions = useGraphStore((s) => s.setOptions);
  return (
    <details className="graph-options">
      <summary>Options</summary>
      <div className="form">
        <div className="field">
          <label htmlFor="graph-cloud">Cloud</label>
          <select id="graph-cloud" value={options.cloud} disabled={disabled} onChange={(e) => setOptions({ cloud: e.target.value as EntraCloud })}>
            {entraClouds.map((cloud) => (
              <option key={cloud} value={cloud}>
                {ENTRA_CLOUD_NAMES[cloud]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="graph-secret-days">Client secret lifetime (days)</label>
          <input
            id="graph-secret-days"
            type="number"
            min={SECRET_DAYS.min}
            max={SECRET_DAYS.max}
            value={options.secretDays}
            disabled={disabled}
            aria-describedby="graph-secret-days-help"
            onChange={(e) => setOptions({ secretDays: Math.min(SECRET_DAYS.max, Math.max(SECRET_DAYS.min, Number(e.target.value) || SECRET_DAYS.default)) })}
          />
          <p className="field-help" id="graph-secret-days-help">
            {SECRET_DAYS.default} days unless you choose; at most two years. The app warns 14 days before it ends.
          </p>
        </div>
        <label className="check-label">
          <input type="checkbox" checked={options.grantConsent} disabled={disabled} onChange={(e) => setOptions({ grantConsent: e.target.checked })} /> Grant admin consent for the
          organization (users are not asked at their first sign-in; needs an admin who may grant consent)
        </label>
        <div className="field">
          <label htmlFor="graph-client-id">Sign-in app (client ID)</label>
          <input
            id="graph-client-id"
            value={options.clientId ?? ''}
            placeholder={DEFAULT_GRAPH_CLIENT_ID}
            disabled={disabled}
            aria-describedby="graph-client-id-help"
            onChange={(e) => {
              const value = e.target.value.trim();
              setOptions(value ? { clientId: value } : { clientId: undefined });
            }}
          />
          <p className="field-help" id="graph-client-id-help">
            Empty: Microsoft Graph Command Line Tools. Your tenant’s own public client must allow http://localhost (Mobile and desktop applications).
          </p>
        </div>
      </div>
    </details>
  );
}

/** What the run does now, while it waits for the browser or for Azure. */
function Progress({ run, onCancel }: { run: GraphRunState; onCancel: () => void }) {
  return (
    <div className="graph-progress">
      <div className="notice" role="status" aria-live="polite">
        <p className="notice-message" data-testid="graph-status">
          {run.status}
        </p>
      </div>
      {run.phase === 'proving' && run.result ? (
        <p className="muted">
          “{run.result.displayName}” ({run.result.appId}) is in Azure and its client secret is in the OS keychain; the app now checks that Microsoft Entra accepts the secret.
        </p>
      ) : null}
      {run.phase === 'signing-in' && run.signInUrl ? (
        <details>
          <summary>No browser window opened?</summary>
          <p className="muted">
            Open this address in a browser on this computer (the answer comes back to this app on 127.0.0.1): <code data-testid="graph-signin-url">{run.signInUrl}</code>
          </p>
        </details>
      ) : null}
      {run.phase === 'signing-in' ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Register step, Entra: "Create the app in Azure" through Microsoft Graph, the primary way; the Azure portal stays one
 * click away. One sign-in in the system browser, then the app makes the registration, stores its secret, reads it back,
 * checks it and proves the secret. A registration found in Azure, or one left half-done, is the admin's to reuse
 * (finish) or delete.
 */
export function GraphRegistration({ view, purpose, heading, onPortal, onDone }: {
  view: ProfileView;
  purpose: 'new' | 'rotate';
  heading: ReactNode;
  onPortal: () => void;
  /** The run finished: every check passed and the secret is proven (the wizard moves on to delivery). */
  onDone: (run: GraphRunState) => void;
}) {
  const run = useGraphStore((s) => (s.run?.profileId === view.profile.id ? s.run : null));
  const error = useGraphStore((s) => s.error);
  const busy = useGraphStore((s) => s.busy);
  const start = useGraphStore((s) => s.start);
  const decide = useGraphStore((s) => s.decide);
  const cancel = useGraphStore((s) => s.cancel);
  /** A proof asked for again (a secret that took longer to replicate): replaces the run's. */
  const [again, setAgain] = useState<{ runId: string; proof: SecretProof | null; error: AppErrorShape | null; busy: boolean } | null>(null);
  const proof = again && again.runId === run?.runId && again.proof ? again.proof : (run?.proof ?? null);
  const proven = run?.phase === 'done' && proof?.status === 'proven' && run.checks.every((check) => check.ok);
  const proveAgain = (runId: string) => {
    setAgain({ runId, proof: null, error: null, busy: true });
    api.secretProve({ profileId: view.profile.id }).then(
      (answer) => setAgain({ runId, proof: answer, error: null, busy: false }),
      (caught: unknown) => setAgain({ runId, proof: null, error: toShownError(caught), busy: false }),
    );
  };
  useEffect(() => {
    if (run && proven) onDone(proof === run.proof ? run : { ...run, proof });
  }, [run, proof, proven, onDone]);
  const idle = !run || run.phase === 'cancelled' || run.phase === 'deleted' || (run.phase === 'failed' && !run.incomplete);
  const name = `DeepSource ${view.profile.organization}`;
  const create = () => void start(view.profile.id, purpose);
  const decision = run?.phase === 'needs-decision' ? run.existing : run?.phase === 'failed' ? run.incomplete : null;
  const unfinished = decision ? decision.missing.length > 0 : false;
  return (
    <section className="card registration graph" aria-labelledby="registration-title">
      {heading}
      {idle ? (
        <>
          <h3>{purpose === 'rotate' ? 'Make a new client secret in Azure' : 'Create the app in Azure'}</h3>
          {purpose === 'rotate' ? (
            <p>
              Sign in once in your browser. The app adds a new client secret to “{name}” ({view.profile.azure.appId}) and keeps it in the OS keychain. The old secret keeps working
              until the new one is deployed to DeepSource; then the app removes it from Azure.
            </p>
          ) : (
            <p>
              Sign in once in your browser. The app then creates “{name}” in your Microsoft Entra ID with the redirect URI <code>{view.callbackUrl}</code> and the Azure
              DevOps permissions DeepSource needs (Code read and write, Code status, Project and team read), adds a client secret and keeps it in the OS keychain. Nothing to type or
              copy in Azure.
            </p>
          )}
          <p className="muted">
            Your account needs the Application Administrator or Cloud Application Administrator role, or a tenant that lets users register applications. The first time, Microsoft asks
            you to accept that the sign-in app may create app registrations.
          </p>
          {purpose === 'new' ? <ProbeOutcome key={view.profile.id} profileId={view.profile.id} /> : null}
          <Options disabled={busy} />
          {run?.phase === 'cancelled' || run?.phase === 'deleted' ? (
            <p className="muted" role="status" data-testid="graph-status">
              {run.status}
            </p>
          ) : null}
          {run?.phase === 'failed' && run.error ? <ErrorNotice error={run.error} /> : null}
          <div className="actions">
            <button type="button" onClick={create} disabled={busy}>
              {run?.phase === 'failed' ? 'Try again' : purpose === 'rotate' ? 'Make a new client secret in Azure' : 'Create the app in Azure'}
            </button>
            <button type="button" className="secondary" onClick={onPortal} disabled={busy}>
              Use the Azure portal instead
            </button>
          </div>
        </>
      ) : null}
      {run && (run.phase === 'signing-in' || run.phase === 'working' || run.phase === 'proving') ? <Progress run={run} onCancel={() => void cancel()} /> : null}
      {decision ? (
        <div className="graph-decision" data-testid="graph-decision">
          {run?.phase === 'failed' && run.error ? <ErrorNotice error={run.error} /> : null}
          <div className="notice notice-warn" role="status">
            <p className="notice-message">
              {run?.phase === 'needs-decision'
                ? unfinished
                  ? `An unfinished “${decision.displayName}” is already in Azure with this redirect URI.`
                  : `“${decision.displayName}” is already in Azure with this redirect URI.`
                : `This is what the stopped run left in Azure: “${decision.displayName}”.`}
            </p>
            <p className="notice-remedy">
              {unfinished
                ? 'Finish it: the app adds what is missing and a new client secret, and stores the secret here. Or delete it from Azure.'
                : 'Use it: the app adds a new client secret to it and stores that here; its other secrets keep working.'}
            </p>
          </div>
          <RegistrationFacts registration={decision} />
          <div className="actions">
            <button type="button" onClick={() => void decide('reuse')} disabled={busy}>
              {unfinished ? 'Finish it' : 'Use this app'}
            </button>
            {unfinished ? (
              <button type="button" className="danger" onClick={() => void decide('delete')} disabled={busy}>
                Delete it from Azure
              </button>
            ) : null}
            <button type="button" className="secondary" onClick={onPortal} disabled={busy}>
              Use the Azure portal instead
            </button>
          </div>
        </div>
      ) : null}
      {run?.phase === 'done' && run.result ? (
        <div className="graph-done" data-testid="graph-done">
          <h3>
            <span aria-hidden="true">{proven ? '✓ ' : ''}</span>
            {run.result.reused ? 'Stored a new client secret of' : 'Created and stored'} “{run.result.displayName}”
          </h3>
          <GraphValues result={run.result} checks={run.checks} proof={proof} />
          {again?.runId === run.runId && again.error ? <ErrorNotice error={again.error} /> : null}
          {!proven ? (
            <div className="actions">
              {proof?.status !== 'proven' ? (
                <button type="button" className="secondary" onClick={() => proveAgain(run.runId)} disabled={again?.runId === run.runId && again.busy}>
                  Prove again
                </button>
              ) : null}
              <button type="button" onClick={() => onDone({ ...run, proof })}>
                Continue to delivery
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

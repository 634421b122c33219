import { useEffect, useState } from 'react';
import type { AppErrorShape } from '../../../../../shared/errors';
import type { ProfileView } from '../../../../../shared/profile';
import { toShownError } from '../../../errors';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StepHeading } from '../../../components/StepHeading';
import { AccessFields } from '../../console/AccessFields';
import { ConsoleDecision } from '../../console/ConsoleDecision';
import { ConnectedNote } from '../../console/ConsolePanel';
import { useConsoleRoutes } from '../../console/routes';
import { useConsoleStore } from '../../console/store';
import { useProfilesStore } from '../../profiles/store';
import { useWizardStore } from '../store';

/**
 * The console's config names DeepSource's own host name, and this installation another one: the admin picks before
 * Azure is given the callback URL made from it.
 */
function HostOffer({ view, host, onDone }: { view: ProfileView; host: string; onDone: () => void }) {
  const update = useProfilesStore((s) => s.update);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  return (
    <div className="decision" role="group" aria-labelledby="host-offer-title" data-testid="host-offer">
      <h3 id="host-offer-title">Which host name does DeepSource use?</h3>
      <p>
        The admin console’s configuration serves DeepSource at <code>{host}</code>; this installation says <code>{view.profile.hostname}</code>. Azure is given the
        callback URL of the host name chosen here.
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            update(view.profile.id, { hostname: host }).then(onDone, (caught: unknown) => {
              setBusy(false);
              setError(toShownError(caught));
            });
          }}
        >
          Use {host}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onDone}>
          Keep {view.profile.hostname}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** The console check before Azure: what it still needs (certificate, app, fields, a way in), or go on without it. */
export function ConnectStep({ view }: { view: ProfileView }) {
  const state = useConsoleStore((s) => s.state);
  const form = useConsoleStore((s) => s.form);
  const setForm = useConsoleStore((s) => s.setForm);
  const plan = useConsoleStore((s) => s.plan);
  const continueToAzure = useWizardStore((s) => s.continueToAzure);
  const offered = state.status === 'connected' && state.result.deepsourceHost && state.result.deepsourceHost !== view.profile.hostname ? state.result.deepsourceHost : undefined;
  // Connected (at once, or after the certificate was trusted): on to Azure, unless the host name is to be chosen first.
  useEffect(() => {
    if (state.status === 'connected' && !offered) void continueToAzure();
  }, [state.status, offered, continueToAzure]);
  // A route with a secret needs it typed again; one without (kubectl) can simply be tried again.
  const route = useConsoleRoutes()?.find((r) => r.id === form.via);
  const secrets = route?.fields.filter((f) => f.kind === 'secret') ?? [];
  const filled = secrets.length === 0 || secrets.some((f) => typeof form.values[f.name] === 'string' && form.values[f.name] !== '');
  return (
    <div className="step-body">
      <section className="card" aria-labelledby="connect-title">
        <StepHeading id="connect-title">Admin console for {view.profile.label}</StepHeading>
        <p className="muted">This step signs in to the console and finds its Azure DevOps Services fields before the Azure work, so a wrong password, an untrusted certificate or a console without those fields shows up now, not at the push.</p>
        {state.status === 'busy' ? <p role="status">{state.what}</p> : null}
        {state.status === 'decide' ? <ConsoleDecision result={state.result} /> : null}
        {state.status === 'connected' ? <ConnectedNote result={state.result} /> : null}
        {offered ? <HostOffer view={view} host={offered} onDone={() => void continueToAzure()} /> : null}
        {state.status === 'failed' ? (
          <>
            <ErrorNotice error={state.error} />
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault();
                void plan('connect');
              }}
            >
              <AccessFields value={form} onChange={setForm} />
              <div className="actions">
                <button type="submit" disabled={!filled}>
                  Connect again
                </button>
              </div>
            </form>
          </>
        ) : null}
        <div className="actions">
          <button type="button" className="link" onClick={() => void continueToAzure()}>
            Go on without the console (push later, or export a bundle)
          </button>
        </div>
      </section>
    </div>
  );
}

import { useEffect } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StepHeading } from '../../../components/StepHeading';
import { TextField } from '../../../components/TextField';
import { ConsoleDecision } from '../../console/ConsoleDecision';
import { ConnectedNote } from '../../console/ConsolePanel';
import { useConsoleStore } from '../../console/store';
import { useWizardStore } from '../store';

/** The console check before Azure: what it still needs (certificate, app, fields, password), or go on without it. */
export function ConnectStep({ view }: { view: ProfileView }) {
  const state = useConsoleStore((s) => s.state);
  const password = useConsoleStore((s) => s.form.password);
  const setForm = useConsoleStore((s) => s.setForm);
  const plan = useConsoleStore((s) => s.plan);
  const continueToAzure = useWizardStore((s) => s.continueToAzure);
  // Connected (at once, or after the certificate was trusted): on to Azure.
  useEffect(() => {
    if (state.status === 'connected') void continueToAzure();
  }, [state.status, continueToAzure]);
  return (
    <div className="step-body">
      <section className="card" aria-labelledby="connect-title">
        <StepHeading id="connect-title">Admin console for {view.profile.label}</StepHeading>
        <p className="muted">Checked before Azure, so the push at the end cannot fail on the password, the certificate or the fields.</p>
        {state.status === 'busy' ? <p role="status">{state.what}</p> : null}
        {state.status === 'decide' ? <ConsoleDecision result={state.result} /> : null}
        {state.status === 'connected' ? <ConnectedNote result={state.result} /> : null}
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
              <TextField label="Console password" type="password" value={password} onChange={(value) => setForm({ password: value })} autoComplete="off" />
              <div className="actions">
                <button type="submit" disabled={password === ''}>
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

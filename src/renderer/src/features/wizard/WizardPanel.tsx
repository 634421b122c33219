import { useEffect, useState } from 'react';
import type { ProfileView } from '../../../../shared/profile';
import type { RegistrationState } from '../../../../shared/registration';
import type { AppErrorShape } from '../../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { toShownError } from '../../errors';
import { BundlePanel } from '../bundle/BundlePanel';
import { ConnectedNote, ConsolePanel, Decide } from '../console/ConsolePanel';
import { useConsoleStore } from '../console/store';
import { NewProfileForm } from '../profiles/NewProfileForm';
import { SecretBadge } from '../profiles/SecretBadge';
import { useProfilesStore } from '../profiles/store';
import { Checklist, Checks, RegistrationPanel } from '../registration/RegistrationPanel';
import { useRegistrationStore } from '../registration/store';
import { SignInPanel } from '../signin/SignInPanel';
import { AFTER_DEPLOY_WAIT_SECONDS } from '../signin/store';
import { STEP_LABEL, steps, useWizardStore, type Step } from './store';

function Stepper() {
  const step = useWizardStore((s) => s.step);
  const current = steps.indexOf(step);
  return (
    <ol className="stepper" aria-label="Setup steps">
      {steps.map((id, index) => (
        <li key={id} aria-current={id === step ? 'step' : undefined} className={index < current ? 'stepper-done' : undefined}>
          <span className="stepper-number" aria-hidden="true">
            {index < current ? '✓' : index + 1}
          </span>
          {STEP_LABEL[id]}
        </li>
      ))}
    </ol>
  );
}

function hasClientSecret(view: ProfileView): boolean {
  return view.secrets.some((s) => s.kind === 'client-secret' && s.present);
}

/** The console check before Azure: what it still needs (certificate, app, fields, password), or go on without it. */
function ConnectCard({ view }: { view: ProfileView }) {
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
    <section className="card" aria-labelledby="connect-title">
      <h2 id="connect-title">Admin console for {view.profile.label}</h2>
      <p className="muted">Checked before Azure, so the push at the end cannot fail on the password, the certificate or the fields.</p>
      {state.status === 'busy' ? <p role="status">{state.what}</p> : null}
      {state.status === 'decide' ? <Decide result={state.result} /> : null}
      {state.status === 'connected' ? <ConnectedNote result={state.result} /> : null}
      {state.status === 'failed' ? (
        <>
          <ErrorNotice error={state.error} />
          <form
            className="console-form"
            onSubmit={(event) => {
              event.preventDefault();
              void plan('connect');
            }}
          >
            <label className="field">
              <span>Console password</span>
              <input type="password" value={password} onChange={(event) => setForm({ password: event.target.value })} autoComplete="off" />
            </label>
            <button type="submit" disabled={password === ''}>
              Connect again
            </button>
          </form>
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void continueToAzure()}>
          Go on without the console (push later, or export a bundle)
        </button>
      </div>
    </section>
  );
}

function InstallationStep() {
  const { profiles, status, load } = useProfilesStore();
  const begin = useWizardStore((s) => s.begin);
  const start = useWizardStore((s) => s.start);
  const connecting = useWizardStore((s) => s.connecting);
  const deliverExisting = useWizardStore((s) => s.deliverExisting);

  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

  if (connecting) {
    return (
      <div className="step-body">
        <ConnectCard view={connecting} />
      </div>
    );
  }
  return (
    <div className="step-body">
      {profiles.length > 0 ? (
        <section className="card" aria-labelledby="existing-title">
          <h2 id="existing-title">Continue an installation</h2>
          <ul className="choice-list">
            {profiles.map((view) => (
              <li key={view.profile.id}>
                <span>
                  <strong>{view.profile.label}</strong> <span className="muted">{view.profile.hostname}</span>
                </span>
                <span className="actions">
                  <button type="button" className="secondary" onClick={() => void begin(view)}>
                    Register in Azure
                  </button>
                  {hasClientSecret(view) ? (
                    <button type="button" className="secondary" onClick={() => deliverExisting(view.profile.id)}>
                      Deliver saved values
                    </button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* A profile just created goes on to its console check (if a password was given), then to its registration. */}
      <NewProfileForm askConsolePassword onCreated={(view, consolePassword) => void start(view, consolePassword)} />
    </div>
  );
}

function RegisterStep() {
  const state = useRegistrationStore((s) => s.state);
  const switchToEntra = useWizardStore((s) => s.switchToEntra);
  const switchError = useWizardStore((s) => s.saveError);
  const saveChecked = useWizardStore((s) => s.saveChecked);
  // All values found and every check passed: nothing left to do in Azure; the values go to the keychain at once.
  useEffect(() => {
    if (state?.complete && !state.ended) void saveChecked();
  }, [state?.complete, state?.ended, saveChecked]);
  return (
    <div className="step-body">
      <RegistrationPanel embedded onUseEntra={() => void switchToEntra()} />
      {switchError ? <ErrorNotice error={switchError} /> : null}
    </div>
  );
}

function ReviewStep({ view }: { view: ProfileView | undefined }) {
  const state = useRegistrationStore((s) => s.state);
  const { save, saving, saveError, go, mode } = useWizardStore();
  const [expires, setExpires] = useState('');
  if (!state || !view) return null;
  return (
    <section className="card step-body" aria-labelledby="review-title">
      <h2 id="review-title">{mode === 'rotate' ? `Review the new client secret for ${view.profile.label}` : `Review the values for ${view.profile.label}`}</h2>
      {mode === 'rotate' ? <p className="muted">Only the client secret is replaced; the webhook secret and the app stay as they are.</p> : null}
      <p className="muted">
        Read from the Azure page, checked against <code>{view.callbackUrl}</code>. Secrets are shown masked; they go only to the OS keychain.
      </p>
      <Checklist state={state} />
      <Checks state={state} />
      {view.profile.provider === 'entra' ? (
        <div className="form inline-form">
          <label htmlFor="secret-expires">Client secret expires on (as chosen in the portal)</label>
          <input id="secret-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
      ) : (
        <p className="muted">Azure DevOps OAuth secrets last 60 days; the app warns 14 days before expiry.</p>
      )}
      {saveError ? <ErrorNotice error={saveError} /> : null}
      <div className="actions">
        <button type="button" onClick={() => void save(expires || undefined)} disabled={saving || !state.complete}>
          {saving ? 'Saving…' : 'Save to keychain'}
        </button>
        <button type="button" className="secondary" onClick={() => go('register')} disabled={saving || state.ended}>
          Back to Azure
        </button>
      </div>
    </section>
  );
}

/** What was read from Azure and is now in the keychain, masked and with its checks; Entra's expiry can be added. */
function SavedCard({ view, saved }: { view: ProfileView; saved: RegistrationState }) {
  const mode = useWizardStore((s) => s.mode);
  const update = useProfilesStore((s) => s.update);
  const [expires, setExpires] = useState(view.profile.azure.clientSecretExpiresOn ?? '');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const unchangedExpiry = expires === (view.profile.azure.clientSecretExpiresOn ?? '');
  const saveExpiry = async () => {
    try {
      await update(view.profile.id, { secretExpires: expires });
      setError(null);
    } catch (caught) {
      setError(toShownError(caught));
    }
  };
  return (
    <section className="card" aria-labelledby="saved-title">
      <h2 id="saved-title">{mode === 'rotate' ? `New client secret saved for ${view.profile.label}` : `Saved to the OS keychain: ${view.profile.label}`}</h2>
      <p className="muted">
        {mode === 'rotate' ? 'Only the client secret was replaced; the webhook secret and the app stay as they are. ' : ''}Read from the Azure page and checked
        against <code>{view.callbackUrl}</code>; secrets are shown masked.
      </p>
      <Checklist state={saved} />
      <Checks state={saved} />
      {view.profile.provider === 'entra' ? (
        <form
          className="form inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void saveExpiry();
          }}
        >
          <label htmlFor="secret-expires">Client secret expires on (as chosen in the portal; for the expiry warning)</label>
          <input id="secret-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          <button type="submit" className="secondary" disabled={!expires || unchangedExpiry}>
            Save date
          </button>
        </form>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

function DeliverStep({ view }: { view: ProfileView | undefined }) {
  const [mode, setMode] = useState<'push' | 'export'>(view?.profile.console.url ? 'push' : 'export');
  const saved = useWizardStore((s) => s.saved);
  const deployed = useConsoleStore((s) => s.form.profileId === view?.profile.id && s.state.status === 'report' && s.state.report.deploy?.status === 'deployed');
  if (!view) return null;
  return (
    <div className="step-body">
      {saved ? <SavedCard view={view} saved={saved} /> : null}
      <section className="card" aria-labelledby="deliver-title">
        <h2 id="deliver-title">Deliver to DeepSource: {view.profile.label}</h2>
        <ul className="secrets" aria-label="Saved secrets">
          {view.secrets.map((status) => (
            <SecretBadge key={status.kind} status={status} />
          ))}
        </ul>
        <fieldset className="segmented">
          <legend>How does this machine reach the admin console?</legend>
          <label>
            <input type="radio" name="deliver" checked={mode === 'push'} onChange={() => setMode('push')} /> Push over the network
          </label>
          <label>
            <input type="radio" name="deliver" checked={mode === 'export'} onChange={() => setMode('export')} /> Export a signed bundle (air-gapped)
          </label>
        </fieldset>
      </section>
      {mode === 'push' ? <ConsolePanel profileId={view.profile.id} consoleUrl={view.profile.console.url} /> : <BundlePanel profileId={view.profile.id} show="export" />}
      {/* Deployed: prove the sign-in, waiting out DeepSource's restart. */}
      {mode === 'push' && deployed ? <SignInPanel profileId={view.profile.id} autoWaitSeconds={AFTER_DEPLOY_WAIT_SECONDS} /> : null}
    </div>
  );
}

/** The setup wizard: Installation → Register in Azure → Review and save → Deliver (push or bundle). */
export function WizardPanel() {
  const step = useWizardStore((s) => s.step);
  const profileId = useWizardStore((s) => s.profileId);
  const view = useProfilesStore((s) => s.profiles.find((p) => p.profile.id === profileId));
  const bodies: Record<Step, React.ReactNode> = {
    installation: <InstallationStep />,
    register: <RegisterStep />,
    review: <ReviewStep view={view} />,
    deliver: <DeliverStep view={view} />,
  };
  return (
    <section aria-labelledby="wizard-title" data-testid="wizard">
      <h2 id="wizard-title" className="visually-hidden">
        Set up
      </h2>
      <Stepper />
      {bodies[step]}
    </section>
  );
}

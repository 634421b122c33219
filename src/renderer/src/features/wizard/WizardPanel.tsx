import { useEffect, useState } from 'react';
import type { ProfileView } from '../../../../shared/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { BundlePanel } from '../bundle/BundlePanel';
import { ConsolePanel } from '../console/ConsolePanel';
import { NewProfileForm } from '../profiles/NewProfileForm';
import { SecretBadge } from '../profiles/SecretBadge';
import { useProfilesStore } from '../profiles/store';
import { Checklist, Checks, RegistrationPanel } from '../registration/RegistrationPanel';
import { useRegistrationStore } from '../registration/store';
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

function InstallationStep() {
  const { profiles, status, load } = useProfilesStore();
  const begin = useWizardStore((s) => s.begin);
  const deliverExisting = useWizardStore((s) => s.deliverExisting);

  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

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
      {/* A profile just created goes straight on to its registration. */}
      <NewProfileForm onCreated={(view) => void begin(view)} />
    </div>
  );
}

function RegisterStep() {
  const state = useRegistrationStore((s) => s.state);
  const go = useWizardStore((s) => s.go);
  const switchToEntra = useWizardStore((s) => s.switchToEntra);
  const switchError = useWizardStore((s) => s.saveError);
  // All values found and checked: nothing left to do in Azure, so move on to the review.
  useEffect(() => {
    if (state?.complete && !state.ended) go('review');
  }, [state?.complete, state?.ended, go]);
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

function DeliverStep({ view }: { view: ProfileView | undefined }) {
  const [mode, setMode] = useState<'push' | 'export'>(view?.profile.console.url ? 'push' : 'export');
  if (!view) return null;
  return (
    <div className="step-body">
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

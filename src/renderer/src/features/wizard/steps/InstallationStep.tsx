import { useEffect } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import { StepHeading } from '../../../components/StepHeading';
import { NewProfileForm } from '../../profiles/NewProfileForm';
import { useProfilesStore } from '../../profiles/store';
import { useWizardStore } from '../store';
import { ConnectStep } from './ConnectStep';

function hasClientSecret(view: ProfileView): boolean {
  return view.secrets.some((s) => s.kind === 'client-secret' && s.present);
}

/** Which installation: continue one, or describe a new one (the console is checked next when a password is given). */
export function InstallationStep() {
  const { profiles, status, load } = useProfilesStore();
  const begin = useWizardStore((s) => s.begin);
  const start = useWizardStore((s) => s.start);
  const connecting = useWizardStore((s) => s.connecting);
  const deliverExisting = useWizardStore((s) => s.deliverExisting);

  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

  if (connecting) return <ConnectStep view={connecting} />;
  return (
    <div className="step-body">
      <StepHeading id="installation-title">Which DeepSource installation?</StepHeading>
      {profiles.length > 0 ? (
        <section className="card" aria-labelledby="existing-title">
          <h3 id="existing-title">Continue an installation</h3>
          <ul className="choice-list">
            {profiles.map((view) => (
              <li key={view.profile.id}>
                <span>
                  <strong>{view.profile.label}</strong> <span className="muted">{view.profile.hostname}</span>
                </span>
                <span className="actions">
                  <button type="button" className="secondary" onClick={() => void begin(view)} aria-label={`Register in Azure: ${view.profile.label}`}>
                    Register in Azure
                  </button>
                  {hasClientSecret(view) ? (
                    <button type="button" className="secondary" onClick={() => deliverExisting(view.profile.id)} aria-label={`Deliver saved values: ${view.profile.label}`}>
                      Deliver saved values
                    </button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* A new installation goes on to its console check (if a password was given), then to its registration. */}
      <NewProfileForm askConsolePassword onCreated={(view, consolePassword) => void start(view, consolePassword)} />
    </div>
  );
}

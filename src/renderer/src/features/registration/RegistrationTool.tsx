import { useState } from 'react';
import { InstallationPicker } from '../../components/InstallationPicker';
import { RegistrationPanel } from './RegistrationPanel';
import { useRegistrationStore } from './store';

/**
 * Tools: a registration on its own for a chosen installation (diagnosis: what the Azure pages show and whether the
 * values pass the checks). Set up saves what it reads; Tools only reads and checks.
 */
export function RegistrationTool() {
  const state = useRegistrationStore((s) => s.state);
  const start = useRegistrationStore((s) => s.start);
  const switchProvider = useRegistrationStore((s) => s.switchProvider);
  const busy = useRegistrationStore((s) => s.busy);
  const clear = useRegistrationStore((s) => s.clear);
  const [chosen, setChosen] = useState('');
  const heading = (
    <h2 id="registration-title" className="step-heading">
      Register an app in Azure
    </h2>
  );
  if (state) {
    const profileId = state.profileId;
    // The values read stay on screen after the browser closes, until the admin starts afresh.
    return (
      <>
        <RegistrationPanel heading={heading} onUseSuccessor={(successor) => void switchProvider(profileId, successor)} onReopen={() => void start(profileId)} />
        {state.ended ? (
          <div className="actions">
            <button type="button" className="secondary" onClick={clear}>
              Start another registration
            </button>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="registration-title">
      {heading}
      <p className="hint">Opens Azure for the installation chosen here: its kind of app, host name and callback are filled in and checked. Set up saves the values; here they are only read and checked.</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen) void start(chosen);
        }}
        noValidate
      >
        <InstallationPicker value={chosen} onChange={setChosen} />
        <div className="actions">
          <button type="submit" disabled={busy || chosen === ''}>
            Open Azure
          </button>
        </div>
      </form>
    </section>
  );
}

import { useCallback, useEffect } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import type { GraphRunState } from '../../../../../shared/entra-graph';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StepHeading } from '../../../components/StepHeading';
import { GraphRegistration } from '../../entra-graph/GraphRegistration';
import { RegistrationPanel } from '../../registration/RegistrationPanel';
import { useRegistrationStore } from '../../registration/store';
import { useWizardStore } from '../store';
import { useProvider } from '../../providers/store';

/**
 * Azure: for Entra, "Create the app in Azure" through Microsoft Graph (the portal one click away); for a legacy app,
 * the built-in browser. Every value found and checked goes to the keychain at once.
 */
export function RegisterStep({ view }: { view: ProfileView | undefined }) {
  const state = useRegistrationStore((s) => s.state);
  const switchToSuccessor = useWizardStore((s) => s.switchToSuccessor);
  const switchError = useWizardStore((s) => s.saveError);
  const saveChecked = useWizardStore((s) => s.saveChecked);
  const mode = useWizardStore((s) => s.mode);
  const route = useWizardStore((s) => s.route);
  const begin = useWizardStore((s) => s.begin);
  const beginRotation = useWizardStore((s) => s.beginRotation);
  const choosePortal = useWizardStore((s) => s.choosePortal);
  const chooseGraph = useWizardStore((s) => s.chooseGraph);
  const graphDone = useWizardStore((s) => s.graphDone);
  const provider = useProvider(view?.profile.provider);
  const onDone = useCallback((run: GraphRunState) => void graphDone(run), [graphDone]);
  useEffect(() => {
    if (state?.complete && !state.ended) void saveChecked();
  }, [state?.complete, state?.ended, saveChecked]);
  const heading = <StepHeading id="registration-title">{mode === 'rotate' ? 'Make a new client secret in Azure' : 'Register the app in Azure'}</StepHeading>;
  if (route === 'graph' && view) {
    return (
      <div className="step-body">
        <GraphRegistration view={view} purpose={mode} heading={heading} onPortal={() => void choosePortal()} onDone={onDone} />
        {switchError ? <ErrorNotice error={switchError} /> : null}
      </div>
    );
  }
  return (
    <div className="step-body">
      <RegistrationPanel
        heading={heading}
        onUseSuccessor={(successor) => void switchToSuccessor(successor)}
        {...(view ? { onReopen: () => void (mode === 'rotate' ? beginRotation(view) : begin(view)) } : {})}
      />
      {provider?.graph ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void chooseGraph()}>
            Create the app through Microsoft Graph instead
          </button>
        </div>
      ) : null}
      {switchError ? <ErrorNotice error={switchError} /> : null}
    </div>
  );
}

import { useEffect } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StepHeading } from '../../../components/StepHeading';
import { RegistrationPanel } from '../../registration/RegistrationPanel';
import { useRegistrationStore } from '../../registration/store';
import { useWizardStore } from '../store';

/** Azure, in the built-in browser; every value found and checked goes to the keychain at once. */
export function RegisterStep({ view }: { view: ProfileView | undefined }) {
  const state = useRegistrationStore((s) => s.state);
  const switchToSuccessor = useWizardStore((s) => s.switchToSuccessor);
  const switchError = useWizardStore((s) => s.saveError);
  const saveChecked = useWizardStore((s) => s.saveChecked);
  const mode = useWizardStore((s) => s.mode);
  const begin = useWizardStore((s) => s.begin);
  const beginRotation = useWizardStore((s) => s.beginRotation);
  useEffect(() => {
    if (state?.complete && !state.ended) void saveChecked();
  }, [state?.complete, state?.ended, saveChecked]);
  return (
    <div className="step-body">
      <RegistrationPanel
        heading={<StepHeading id="registration-title">{mode === 'rotate' ? 'Make a new client secret in Azure' : 'Register the app in Azure'}</StepHeading>}
        onUseSuccessor={(successor) => void switchToSuccessor(successor)}
        {...(view ? { onReopen: () => void (mode === 'rotate' ? beginRotation(view) : begin(view)) } : {})}
      />
      {switchError ? <ErrorNotice error={switchError} /> : null}
    </div>
  );
}

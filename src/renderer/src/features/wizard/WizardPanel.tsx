import { useProfilesStore } from '../profiles/store';
import { DeliverStep } from './steps/DeliverStep';
import { InstallationStep } from './steps/InstallationStep';
import { RegisterStep } from './steps/RegisterStep';
import { ReviewStep } from './steps/ReviewStep';
import { Stepper } from './Stepper';
import { useWizardStore, type Step } from './store';

/** The setup wizard: Installation → Register in Azure → Review and save → Deliver (push or bundle) → done. */
export function WizardPanel() {
  const step = useWizardStore((s) => s.step);
  const profileId = useWizardStore((s) => s.profileId);
  const view = useProfilesStore((s) => s.profiles.find((p) => p.profile.id === profileId));
  // The installation as last saved into: if it is removed meanwhile, the review can create it again.
  const subject = useWizardStore((s) => s.subject);
  const bodies: Record<Step, React.ReactNode> = {
    installation: <InstallationStep />,
    register: <RegisterStep view={view} />,
    review: <ReviewStep view={view} lost={subject ?? undefined} />,
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

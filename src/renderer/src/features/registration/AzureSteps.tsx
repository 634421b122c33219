import type { GuideStep } from '../../../../shared/providers';
import type { RegistrationState } from '../../../../shared/registration';
import { guideStep, useProvider } from '../providers/store';

/** Is this step done, as far as the flow can see? */
function isDone(step: GuideStep, state: RegistrationState): boolean {
  if (step.done === 'signed-in') return state.signedIn;
  if (step.done === 'prefilled') return state.prefill !== null;
  return step.done.values.every((key) => state.fields.find((field) => field.key === key)?.status === 'found');
}

/**
 * What the admin does in Azure, step by step (the provider's own steps), each ticked off once the flow sees it done:
 * signed in (a provider page loaded after a sign-in page), the form filled in, the step's values read. A step is
 * done once a later one is (Azure may skip a sign-in the admin already did). The first step not done is current.
 */
export function AzureSteps({ state, callbackUrl, organization }: { state: RegistrationState; callbackUrl?: string | undefined; organization?: string | undefined }) {
  const descriptor = useProvider(state.provider);
  const steps = descriptor ? (state.purpose === 'rotate' ? descriptor.guide.rotate : descriptor.guide.register) : [];
  const own = steps.map((step) => isDone(step, state));
  const done = own.map((_, index) => own.slice(index).some(Boolean));
  const current = done.indexOf(false);
  return (
    <div className="guide">
      <h3>Do this in Azure</h3>
      <ol className="azure-steps" data-testid="azure-steps">
        {steps.map((step, index) => (
          <li key={step.text} className={done[index] ? 'azure-step-done' : undefined} aria-current={index === current ? 'step' : undefined}>
            <span className="azure-step-mark" aria-hidden="true">
              {done[index] ? '✓' : index + 1}
            </span>
            <span>
              {done[index] ? <span className="visually-hidden">Done: </span> : null}
              {guideStep(step.text, { organization, callbackUrl })}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

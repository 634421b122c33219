import { STEP_LABEL, steps, useWizardStore } from './store';

/** Where the admin is in the setup: done steps ticked, the current one marked for screen readers. */
export function Stepper() {
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

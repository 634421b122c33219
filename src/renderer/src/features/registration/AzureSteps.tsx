import type { AppPage, GuideStep } from '../../../../shared/providers';
import type { RegistrationState } from '../../../../shared/registration';
import { guideStep, useProvider } from '../providers/store';
import { useRegistrationStore } from './store';
import { ACCOUNT_TYPE_WORDS } from './wording';

/** Is this step done, as far as the flow can see? */
function isDone(step: GuideStep, state: RegistrationState): boolean {
  if (step.done === 'signed-in') return state.signedIn;
  if (step.done === 'prefilled') return state.prefill !== null;
  if ('checks' in step.done) return step.done.checks.every((id) => state.checks.some((check) => check.id === id && check.ok && !check.pending));
  return step.done.values.every((key) => state.fields.find((field) => field.key === key)?.status === 'found');
}


const PAGE_NAMES: Readonly<Record<AppPage, string>> = { overview: 'Overview', authentication: 'Authentication', apiPermissions: 'API permissions', credentials: 'Certificates & secrets' };

/**
 * What the admin does in Azure, step by step (the provider's own steps), each ticked off once the flow sees it done:
 * signed in (a provider page loaded after a sign-in page), the form filled in, the step's values read, or what was
 * read back from the app's pages checked. A step is done once a later one is (Azure may skip a sign-in the admin
 * already did), except one that waits for a read-back check. The first step not done is current; a step that happens
 * on one of the app's pages opens it in the built-in browser once the app is known.
 */
export function AzureSteps({ state, callbackUrl, organization }: { state: RegistrationState; callbackUrl?: string | undefined; organization?: string | undefined }) {
  const descriptor = useProvider(state.provider);
  const openPage = useRegistrationStore((s) => s.openPage);
  const busy = useRegistrationStore((s) => s.busy);
  const steps = descriptor ? (state.purpose === 'rotate' ? descriptor.guide.rotate : descriptor.guide.register) : [];
  const own = steps.map((step) => isDone(step, state));
  const waitsForCheck = (step: GuideStep) => typeof step.done === 'object' && 'checks' in step.done;
  const done = own.map((mine, index) => mine || (!waitsForCheck(steps[index]!) && own.slice(index + 1).some(Boolean)));
  const current = done.indexOf(false);
  const appKnown = state.fields.some((field) => field.key === 'appId' && field.status === 'found');
  const accountType = state.audience ? ACCOUNT_TYPE_WORDS[state.audience.value] : undefined;
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
              {guideStep(step.text, { organization, callbackUrl, accountType })}
              {step.link && appKnown && !done[index] && !state.ended ? (
                <>
                  {' '}
                  <button type="button" className="link" onClick={() => void openPage(step.link!)} disabled={busy}>
                    Open {PAGE_NAMES[step.link]}
                  </button>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
      {state.audience && state.purpose === 'new' ? (
        <p className="muted" data-testid="account-type-why">
          {state.audience.why}
        </p>
      ) : null}
    </div>
  );
}

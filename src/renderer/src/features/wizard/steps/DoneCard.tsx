import type { ProfileView } from '../../../../../shared/profile';
import { SignInPanel } from '../../signin/SignInPanel';
import { AFTER_DEPLOY_WAIT_SECONDS, useSignInStore } from '../../signin/store';
import { useWizardStore } from '../store';
import { RetireOldSecret } from '../../entra-graph/SecretProofCheck';

/** The end of the wizard: deployed, the sign-in proven (or what to fix), and the way to the next installation. */
export function DoneCard({ view }: { view: ProfileView }) {
  const reset = useWizardStore((s) => s.reset);
  const rotatedThroughGraph = useWizardStore((s) => s.savedGraph?.purpose === 'rotate' && s.savedGraph.profileId === view.profile.id);
  const signIn = useSignInStore((s) => s.byProfile[view.profile.id]);
  const verdict = signIn?.status === 'finished' ? signIn.run.verdict : signIn?.status === 'failed' ? 'unreachable' : null;
  const heading =
    verdict === 'passed'
      ? 'DeepSource now signs in with Azure DevOps'
      : verdict === 'mismatch'
        ? 'Deployed, but DeepSource’s sign-in does not match yet'
        : verdict === null
          ? 'Deployed: checking that DeepSource signs in with the new app…'
          : 'Deployed. The sign-in could not be checked yet';
  return (
    <section className={verdict === 'passed' ? 'card done done-ok' : 'card done'} aria-labelledby="done-title" data-testid="done">
      <h2 id="done-title" tabIndex={-1} className="step-heading">
        {verdict === 'passed' ? <span aria-hidden="true">✓ </span> : null}
        {heading}
      </h2>
      <p className="muted">
        {view.profile.label} ({view.profile.hostname}) has its Azure DevOps values deployed.
      </p>
      {rotatedThroughGraph && view.profile.azure.retiringSecretKeyId ? <RetireOldSecret profileId={view.profile.id} /> : null}
      <SignInPanel profileId={view.profile.id} autoWaitSeconds={AFTER_DEPLOY_WAIT_SECONDS} />
      <div className="actions">
        <button type="button" className={verdict === 'passed' ? undefined : 'secondary'} onClick={reset}>
          Set up another installation
        </button>
      </div>
    </section>
  );
}

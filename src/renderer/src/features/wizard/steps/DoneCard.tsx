import type { ExportResult } from '../../../../../shared/bundle';
import type { ProfileView } from '../../../../../shared/profile';
import { installationName } from '../../../components/installation-name';
import { exportSummary, HostCommands } from '../../bundle/BundlePanel';
import { ConsolePanel } from '../../console/ConsolePanel';
import { SignInPanel } from '../../signin/SignInPanel';
import { AFTER_DEPLOY_WAIT_SECONDS, useSignInStore } from '../../signin/store';
import { useWizardStore } from '../store';
import { doneHeading } from '../done-heading';
import { ProofLevel, proofOutcomes } from './ProofLevel';
import { RetireOldSecret } from '../../entra-graph/SecretProofCheck';

/**
 * How this delivery ended: deployed by a push, saved in the console without a deploy ("Save only"), nothing to change
 * (the console already holds the values), or a bundle written for the console host.
 */
export type Ending = { kind: 'deployed' } | { kind: 'saved'; version: number | undefined } | { kind: 'unchanged' } | { kind: 'exported'; result: ExportResult };

/** What was done, in one sentence (the push's details one click away). */
function WhatWasDone({ view, ending }: { view: ProfileView; ending: Ending }) {
  const name = installationName(view.profile);
  if (ending.kind === 'exported') {
    return (
      <p className="muted" data-testid="export-result">
        {exportSummary(ending.result, name)}
      </p>
    );
  }
  const sentence =
    ending.kind === 'deployed'
      ? `${name} has its Azure DevOps values deployed.`
      : ending.kind === 'saved'
        ? `${name}: the values are saved in the admin console${ending.version !== undefined ? ` as version ${ending.version}` : ''}, not deployed yet.`
        : `${name}: nothing to change, the admin console already holds these values.`;
  return (
    <>
      <p className="muted">{sentence}</p>
      <details>
        <summary>What was pushed to the admin console</summary>
        <ConsolePanel profile={view.profile} />
      </details>
    </>
  );
}

/**
 * The end of the wizard, for every path: what was done, the level of proof reached (each level only once its check
 * ran), then only what comes next. After a deploy the sign-in check starts by itself (waiting while DeepSource
 * restarts); after a bundle or a save without deploy it waits for the admin to apply or deploy it.
 */
export function DoneCard({ view, ending }: { view: ProfileView; ending: Ending }) {
  const reset = useWizardStore((s) => s.reset);
  const saved = useWizardStore((s) => s.saved ?? s.savedGraph);
  const secretProof = useWizardStore((s) => s.secretProof ?? s.savedGraph?.proof ?? null);
  const rotatedThroughGraph = useWizardStore((s) => s.savedGraph?.purpose === 'rotate' && s.savedGraph.profileId === view.profile.id);
  const redirect = useSignInStore((s) => s.byProfile[view.profile.id]);
  const roundTrip = useSignInStore((s) => s.trips[view.profile.id]);
  const outcomes = proofOutcomes({ saved, secretProof, redirect, roundTrip });
  const redirectState = redirect?.status === 'failed' || (redirect?.status === 'finished' && (redirect.run.verdict === 'unreachable' || redirect.run.verdict === 'tls')) ? 'unreachable' : redirect?.status === 'finished' ? null : 'running';
  const heading = doneHeading(ending.kind, outcomes, redirectState);
  return (
    <section className={heading.proven ? 'card done done-ok' : 'card done'} aria-labelledby="done-title" data-testid="done">
      <h2 id="done-title" tabIndex={-1} className="step-heading">
        {heading.proven ? <span aria-hidden="true">✓ </span> : null}
        {heading.text}
      </h2>
      <WhatWasDone view={view} ending={ending} />
      <ProofLevel outcomes={outcomes} />
      <div className="next-steps">
        {ending.kind === 'exported' ? <HostCommands instructions={ending.result.instructions} fileName={ending.result.fileName} /> : null}
        {ending.kind === 'exported' ? <h3>Check sign-in after you applied it</h3> : null}
        {ending.kind === 'saved' ? <h3>Deploy {ending.version !== undefined ? `version ${ending.version}` : 'the new version'} in the admin console, then check sign-in</h3> : null}
        {ending.kind === 'deployed' && rotatedThroughGraph && view.profile.azure.retiringSecretKeyId ? <RetireOldSecret profileId={view.profile.id} /> : null}
        <SignInPanel
          profileId={view.profile.id}
          {...(ending.kind === 'deployed' ? { autoWaitSeconds: AFTER_DEPLOY_WAIT_SECONDS } : ending.kind === 'unchanged' ? {} : { checkWaitSeconds: AFTER_DEPLOY_WAIT_SECONDS })}
        />
        <div className="actions">
          <button type="button" className={heading.proven ? undefined : 'secondary'} onClick={reset}>
            Set up another installation
          </button>
        </div>
      </div>
    </section>
  );
}

import type { SecretProof } from '../../../../../shared/entra-graph';
import { proofReached, type ProofOutcome } from '../../../../../shared/proof';
import type { SignInView } from '../../signin/store';

/** What each check found, as far as it ran for this installation in this wizard. */
export interface ProofEvidence {
  /** The values' checks, when they were read and saved here (off Azure's pages or back from Microsoft Graph). */
  saved: { checks: readonly { ok: boolean }[] } | null;
  /** The saved secret's proof at Entra's token endpoint (Entra only; a legacy secret cannot be proven). */
  secretProof: SecretProof | null;
  /** The redirect check (where DeepSource sends users). */
  redirect: SignInView | undefined;
  /** The sign-in round trip. */
  roundTrip: SignInView | undefined;
}

/**
 * The outcome of each proof check that ran: a delivery of values saved earlier shows no "Values checked"; a proof
 * still waiting for Entra, a check that could not reach DeepSource, or one that was stopped proves nothing either way.
 */
export function proofOutcomes(evidence: ProofEvidence): ProofOutcome[] {
  const outcomes: ProofOutcome[] = [];
  const { saved, secretProof, redirect, roundTrip } = evidence;
  if (saved && saved.checks.length > 0) outcomes.push({ level: 'values-checked', passed: saved.checks.every((check) => check.ok) });
  if (secretProof?.status === 'proven' || secretProof?.status === 'failed') outcomes.push({ level: 'secret-proven', passed: secretProof.status === 'proven' });
  const verdict = (view: SignInView | undefined) => (view?.status === 'finished' ? view.run.verdict : null);
  const redirected = verdict(redirect);
  if (redirected === 'passed' || redirected === 'mismatch') outcomes.push({ level: 'redirect-checked', passed: redirected === 'passed' });
  const signedIn = verdict(roundTrip);
  if (signedIn === 'passed' || signedIn === 'mismatch') outcomes.push({ level: 'signin-completed', passed: signedIn === 'passed' });
  return outcomes;
}

/** The level of proof reached, then each level whose check ran, with what it showed. */
export function ProofLevel({ outcomes }: { outcomes: readonly ProofOutcome[] }) {
  const { ran, reached } = proofReached(outcomes);
  if (ran.length === 0) return null;
  return (
    <div className="proof" data-testid="proof">
      <p className="proof-reached">
        Level of proof: <strong data-testid="proof-reached">{reached ? reached.title : 'none yet'}</strong>
      </p>
      <ul className="proof-levels" aria-label="Proof checks that ran">
        {ran.map((level) => (
          <li key={level.id} data-testid={`proof-${level.id}`}>
            <span className={level.outcome === 'passed' ? 'status-ok' : 'status-bad'} aria-hidden="true">
              {level.outcome === 'passed' ? '✓ ' : '✗ '}
            </span>
            <strong>{level.title}</strong>
            <span className="visually-hidden">{level.outcome === 'passed' ? ': passed' : ': failed'}</span>
            <span className="proof-detail"> — {level.outcome === 'passed' ? level.passed : level.failed}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { proofReached, type ProofOutcome } from '../../../../../shared/proof';
import type { SignInView } from '../../signin/store';

/**
 * The outcome of each proof check that ran for this installation in this wizard: the values' checks when they were
 * read and saved here, off Azure's pages or back from Microsoft Graph (a delivery of values saved earlier shows none),
 * and the sign-in check once it compared what DeepSource sends (a check that could not reach DeepSource, or was
 * stopped, proves nothing either way).
 */
export function proofOutcomes(saved: { checks: readonly { ok: boolean }[] } | null, signIn: SignInView | undefined): ProofOutcome[] {
  const outcomes: ProofOutcome[] = [];
  if (saved && saved.checks.length > 0) outcomes.push({ level: 'values-checked', passed: saved.checks.every((check) => check.ok) });
  const verdict = signIn?.status === 'finished' ? signIn.run.verdict : null;
  if (verdict === 'passed' || verdict === 'mismatch') outcomes.push({ level: 'redirect-checked', passed: verdict === 'passed' });
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

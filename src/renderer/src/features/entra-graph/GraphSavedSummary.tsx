import type { GraphRunState } from '../../../../shared/entra-graph';
import type { ProfileView } from '../../../../shared/profile';
import { savedWhere } from '../wizard/saved-where';
import { GraphValues } from './GraphValues';

/** At delivery: what the Graph route made and stored, one line, the values, checks and proof one click away. */
export function GraphSavedSummary({ view, run }: { view: ProfileView; run: GraphRunState }) {
  if (!run.result) return null;
  const passed = run.checks.filter((check) => check.ok).length;
  const rotated = run.purpose === 'rotate';
  return (
    <section className="card summary" aria-labelledby="saved-title">
      <h3 id="saved-title">
        <span aria-hidden="true">✓ </span>
        {rotated ? `New client secret saved for ${view.profile.label}` : `Saved for ${view.profile.label}`}
      </h3>
      <p className="muted" data-testid="saved-where">
        {rotated
          ? 'Made through Microsoft Graph on the same app; the old secret is removed from Azure once this one is deployed. '
          : `${run.result.reused ? 'A new client secret of' : 'Created through Microsoft Graph:'} “${run.result.displayName}”. `}
        {savedWhere(view, rotated)} {passed} check{passed === 1 ? '' : 's'} passed{run.proof?.status === 'proven' ? '; the secret is proven.' : '.'}
      </p>
      <details>
        <summary>Values, checks and proof</summary>
        <GraphValues result={run.result} checks={run.checks} proof={run.proof} />
      </details>
    </section>
  );
}

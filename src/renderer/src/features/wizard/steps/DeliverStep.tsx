import { useState } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import { StepHeading } from '../../../components/StepHeading';
import { BundlePanel } from '../../bundle/BundlePanel';
import { ConsolePanel } from '../../console/ConsolePanel';
import { useConsoleStore, type ConsoleState } from '../../console/store';
import { useWizardStore } from '../store';
import { DoneCard, type Ending } from './DoneCard';
import { GraphSavedSummary } from '../../entra-graph/GraphSavedSummary';
import { SavedSummary } from './SavedSummary';

/** How a push ended, if it did: deployed, saved without a deploy, or nothing to change. A failure is no ending. */
function pushEnding(state: ConsoleState): Ending | null {
  if (state.status === 'plan') return state.plan.changes === 0 ? { kind: 'unchanged' } : null;
  if (state.status !== 'report') return null;
  const { report } = state;
  if (report.outcome === 'nothing-to-do') return { kind: 'unchanged' };
  if (report.outcome !== 'done') return null;
  return report.deploy.status === 'deployed' ? { kind: 'deployed' } : { kind: 'saved', version: report.savedSequence };
}

/**
 * Deliver: push to the admin console (the diff, then one click) or export a signed bundle. Either path ends on the
 * done card, and from then on the step shows only that ending (the choice of path is gone).
 */
export function DeliverStep({ view }: { view: ProfileView | undefined }) {
  const [mode, setMode] = useState<'push' | 'export'>(view?.profile.console.url || view?.profile.console.access ? 'push' : 'export');
  const saved = useWizardStore((s) => s.saved);
  const exported = useWizardStore((s) => s.exported);
  const setExported = useWizardStore((s) => s.setExported);
  const consoleState = useConsoleStore((s) => s.state);
  const consoleProfileId = useConsoleStore((s) => s.form.profileId);
  const savedGraph = useWizardStore((s) => s.savedGraph);
  if (!view) return null;
  const pushed = consoleProfileId === view.profile.id ? pushEnding(consoleState) : null;
  const ending: Ending | null = pushed ?? (exported ? { kind: 'exported', result: exported } : null);
  return (
    <div className="step-body">
      <StepHeading id="deliver-title">Deliver to DeepSource: {view.profile.label}</StepHeading>
      {saved ? <SavedSummary view={view} saved={saved} /> : savedGraph ? <GraphSavedSummary view={view} run={savedGraph} /> : null}
      {ending ? (
        <DoneCard view={view} ending={ending} />
      ) : (
        <>
          <fieldset className="segmented">
            <legend>How does this computer reach the admin console?</legend>
            <label>
              <input type="radio" name="deliver" checked={mode === 'push'} onChange={() => setMode('push')} /> Push over the network
            </label>
            <label>
              <input type="radio" name="deliver" checked={mode === 'export'} onChange={() => setMode('export')} /> Export a signed bundle (air-gapped)
            </label>
          </fieldset>
          {mode === 'push' ? (
            <ConsolePanel profile={view.profile} />
          ) : (
            <BundlePanel profileId={view.profile.id} show="export" onExported={setExported} />
          )}
        </>
      )}
    </div>
  );
}

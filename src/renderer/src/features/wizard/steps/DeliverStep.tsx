import { useState } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import { StepHeading } from '../../../components/StepHeading';
import { BundlePanel } from '../../bundle/BundlePanel';
import { ConsolePanel } from '../../console/ConsolePanel';
import { useConsoleStore } from '../../console/store';
import { useWizardStore } from '../store';
import { DoneCard } from './DoneCard';
import { GraphSavedSummary } from '../../entra-graph/GraphSavedSummary';
import { SavedSummary } from './SavedSummary';

/** Deliver: push to the admin console (the diff, then one click) or export a signed bundle; ends on the result. */
export function DeliverStep({ view }: { view: ProfileView | undefined }) {
  const [mode, setMode] = useState<'push' | 'export'>(view?.profile.console.url ? 'push' : 'export');
  const saved = useWizardStore((s) => s.saved);
  const savedGraph = useWizardStore((s) => s.savedGraph);
  const deployed = useConsoleStore((s) => s.form.profileId === view?.profile.id && s.state.status === 'report' && s.state.report.deploy.status === 'deployed');
  if (!view) return null;
  return (
    <div className="step-body">
      <StepHeading id="deliver-title">Deliver to DeepSource: {view.profile.label}</StepHeading>
      {saved ? <SavedSummary view={view} saved={saved} /> : savedGraph ? <GraphSavedSummary view={view} run={savedGraph} /> : null}
      {deployed ? <DoneCard view={view} /> : null}
      {
        <fieldset className="segmented">
          <legend>How does this computer reach the admin console?</legend>
          <label>
            <input type="radio" name="deliver" checked={mode === 'push'} onChange={() => setMode('push')} /> Push over the network
          </label>
          <label>
            <input type="radio" name="deliver" checked={mode === 'export'} onChange={() => setMode('export')} /> Export a signed bundle (air-gapped)
          </label>
        </fieldset>
      }
      {deployed && mode === 'push' ? (
        <details>
          <summary>What was pushed to the admin console</summary>
          <ConsolePanel profileId={view.profile.id} consoleUrl={view.profile.console.url} />
        </details>
      ) : mode === 'push' ? (
        <ConsolePanel profileId={view.profile.id} consoleUrl={view.profile.console.url} />
      ) : (
        <BundlePanel profileId={view.profile.id} show="export" />
      )}
    </div>
  );
}

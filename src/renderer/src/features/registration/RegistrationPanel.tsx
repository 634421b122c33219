import { useEffect, type ReactNode } from 'react';
import type { ProviderId } from '../../../../shared/providers';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useProfilesStore } from '../profiles/store';
import { useProviders } from '../providers/store';
import { AzureSteps } from './AzureSteps';
import { BrowserArea, BrowserStatus } from './BrowserArea';
import { useRegistrationStore } from './store';
import { PickValues, ValueChecks, ValueList } from './ValueList';
import { completeSentence } from './wording';
import { Prefill } from './Prefill';
import { ReadBackFacts } from './ReadBackFacts';

/** What "complete" stands for, saying which values were read and which were made from them. */
/**
 * While Azure is open the window is Azure's: the page marks it (`azure-open` on the root element) and the app's own
 * header folds into one line, so the pane takes the window's main area.
 */
function useAzureOpen(open: boolean): void {
  useEffect(() => {
    if (!open) return;
    const root = document.documentElement;
    root.classList.add('azure-open');
    return () => root.classList.remove('azure-open');
  }, [open]);
}

/**
 * The registration in Azure for one installation. While its browser is open: a compact side panel (what to do, each
 * step ticked off as it is seen done, the values as they are read, Pick, Close) beside the built-in browser, which
 * takes the rest of the window. Once closed, the values stay as a card. The wizard and Tools start the flow; its
 * installation and purpose come with its state. `lead` is the section's own first action, above the steps.
 */
export function RegistrationPanel({ heading, lead, onUseSuccessor, onReopen }: {
  heading: ReactNode;
  lead?: ReactNode;
  /** Start again with the successor of the provider whose register page refused new apps (offered when it has one). */
  onUseSuccessor?: (successor: ProviderId) => void;
  onReopen?: () => void;
}) {
  const state = useRegistrationStore((s) => s.state);
  const profiles = useProfilesStore((s) => s.profiles);
  const installation = state ? profiles.find((view) => view.profile.id === state.profileId) : undefined;
  const providers = useProviders();
  const successorId = providers?.find((p) => p.id === state?.provider)?.successor;
  const successor = providers?.find((p) => p.id === successorId);
  const error = useRegistrationStore((s) => s.error);
  const end = useRegistrationStore((s) => s.end);
  const busy = useRegistrationStore((s) => s.busy);
  const open = state !== null && !state.ended;
  useAzureOpen(open);
  return (
    <section className={open ? 'azure-pane' : 'card registration'} aria-labelledby="registration-title" data-testid="registration">
      <div className={open ? 'azure-side' : undefined}>
        {heading}
        {lead}
        {state ? (
          <>
            <p className="muted">{state.providerTitle}</p>
            {open ? <BrowserStatus state={state} /> : null}
            {state.refusal ? (
              <div className="notice notice-error" role="alert" data-testid="refusal">
                <p className="notice-message">{state.refusal.message}</p>
                {state.refusal.pageText ? <p className="notice-remedy">The page says: “{state.refusal.pageText}”</p> : null}
                {onUseSuccessor && successor ? (
                  <button type="button" onClick={() => onUseSuccessor(successor.id)}>
                    Use {successor.name} instead
                  </button>
                ) : null}
              </div>
            ) : (
              <AzureSteps state={state} callbackUrl={installation?.callbackUrl} organization={installation?.profile.organization} />
            )}
            {state.notice ? (
              <div className="notice notice-warn" role="status" data-testid="notice">
                {state.notice}
              </div>
            ) : null}
            <Prefill state={state} />
            {state.ended ? <BrowserArea state={state} onReopen={onReopen} /> : null}
            <ValueList state={state} />
            <ReadBackFacts state={state} />
            <ValueChecks state={state} />
            {state.complete ? (
              <p className="verdict verdict-ok" data-testid="complete">
                ✓ {completeSentence(state)}
              </p>
            ) : null}
            {open ? (
              <>
                <PickValues state={state} />
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => void end()} disabled={busy}>
                    Close browser
                  </button>
                </div>
                <p className="muted">Values are read straight from the page; nothing is submitted for you and nothing goes through the clipboard.</p>
              </>
            ) : null}
          </>
        ) : (
          <p className="muted">Opening Azure…</p>
        )}
        {error ? <ErrorNotice error={error} /> : null}
      </div>
      {open ? <BrowserArea state={state} onReopen={onReopen} /> : null}
    </section>
  );
}

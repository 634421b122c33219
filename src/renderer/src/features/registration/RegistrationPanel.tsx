import type { ReactNode } from 'react';
import type { ProviderId } from '../../../../shared/providers';
import type { RegistrationState } from '../../../../shared/registration';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useViewBounds } from '../../components/useViewBounds';
import { useProfilesStore } from '../profiles/store';
import { useProviders } from '../providers/store';
import { AzureGuide } from './AzureGuide';
import { useRegistrationStore } from './store';
import { PickValues, ValueChecks, ValueList } from './ValueList';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the page';
  }
}

function AddressBar({ state }: { state: RegistrationState }) {
  const navigate = useRegistrationStore((s) => s.navigate);
  return (
    <div className="address-bar">
      <button type="button" className="icon" onClick={() => void navigate('back')} disabled={!state.canGoBack || state.ended} aria-label="Back">
        ←
      </button>
      <button type="button" className="icon" onClick={() => void navigate('reload')} disabled={state.ended} aria-label="Reload">
        ⟳
      </button>
      <span className={state.secure ? 'lock lock-on' : 'lock lock-off'} data-testid="lock" title={state.secure ? 'Secure connection (https)' : 'Not secure'}>
        <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
          <rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" />
          <path d={state.secure ? 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6' : 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0'} fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        <span className="visually-hidden">{state.secure ? 'Secure connection' : 'Not secure'}</span>
      </span>
      <span className="address" data-testid="current-url" title={state.url}>
        {state.url}
      </span>
      <span className={state.trusted ? 'badge badge-ok' : 'badge'} data-testid="trust">
        {state.trusted ? 'Azure page: values are read here' : 'Sign-in page: nothing is read here'}
      </span>
    </div>
  );
}

/** Where the built-in browser is, and what it is doing when it shows nothing useful. */
function BrowserArea({ state, onReopen }: { state: RegistrationState; onReopen?: (() => void) | undefined }) {
  const viewRef = useViewBounds(state.ended ? undefined : state.flowId, (flowId, bounds) => api.registrationSetBounds({ flowId, ...bounds }));
  if (state.ended) {
    return (
      <div className="browser-closed" data-testid="browser-closed">
        <p>The built-in browser is closed and its session cleared.</p>
        {onReopen ? (
          <button type="button" className="secondary" onClick={onReopen}>
            Reopen Azure
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="browser">
      <AddressBar state={state} />
      <p className="browser-status" role="status" aria-live="polite">
        {state.loading ? `Loading ${hostOf(state.url)}…` : state.trusted ? 'Watching the page for the values.' : 'Sign in; the values are read once Azure shows its own page.'}
      </p>
      {state.blocked ? (
        <div className="notice notice-error" role="alert" data-testid="blocked">
          <p className="notice-message">The browser did not open {state.blocked.url}</p>
          <p className="notice-remedy">{state.blocked.reason}</p>
        </div>
      ) : null}
      {/* The WebContentsView is laid over this box by the main process; the box itself shows while it loads. */}
      <div className="browser-view" ref={viewRef} data-testid="browser-view" role="region" aria-label="Azure (built-in browser)">
        <p className="browser-placeholder">{state.loading ? 'Loading…' : ''}</p>
      </div>
    </div>
  );
}

function Prefill({ state }: { state: RegistrationState }) {
  if (!state.prefill) return null;
  const missing = [...state.prefill.missingFields.map((l) => `field “${l}”`), ...state.prefill.missingScopes.map((l) => `scope “${l}”`)];
  return (
    <div className="prefill" data-testid="prefill">
      {missing.length > 0 ? (
        <div className="notice notice-warn" role="status">
          Not found on the page, fill in by hand: {missing.join(', ')}.
        </div>
      ) : null}
      <details>
        <summary>
          Filled in for you: {state.prefill.filled.length} fields, {state.prefill.ticked.length} boxes ticked
        </summary>
        <ul>
          {state.prefill.filled.map((f) => (
            <li key={f.label}>
              {f.label}: <code>{f.value}</code>
            </li>
          ))}
          {state.prefill.ticked.map((label) => (
            <li key={label}>☑ {label}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/**
 * The registration in Azure for one installation: what to do there, the built-in browser, and the values as they
 * are read. The wizard and Tools start the flow; its installation and purpose come with its state.
 */
export function RegistrationPanel({ heading, onUseSuccessor, onReopen }: {
  heading: ReactNode;
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
  return (
    <section className="card registration" aria-labelledby="registration-title">
      {heading}
      {state ? (
        <>
          <p className="muted">{state.providerTitle}</p>
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
            <AzureGuide provider={state.provider} callbackUrl={installation?.callbackUrl} organization={installation?.profile.organization} rotate={state.purpose === 'rotate'} />
          )}
          {state.notice ? (
            <div className="notice notice-warn" role="status" data-testid="notice">
              {state.notice}
            </div>
          ) : null}
          <Prefill state={state} />
          <BrowserArea state={state} onReopen={onReopen} />
          <ValueList state={state} />
          <ValueChecks state={state} />
          {state.complete ? (
            <p className="verdict verdict-ok" data-testid="complete">
              ✓ All values found and checked.
            </p>
          ) : null}
          {!state.ended ? (
            <>
              <PickValues state={state} />
              <div className="actions">
                <button type="button" className="secondary" onClick={() => void end()} disabled={busy}>
                  Close browser
                </button>
              </div>
            </>
          ) : null}
        </>
      ) : (
        <p className="muted">Opening Azure…</p>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

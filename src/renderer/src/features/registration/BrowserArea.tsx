import { useEffect } from 'react';
import type { RegistrationState } from '../../../../shared/registration';
import { api } from '../../api';
import { useViewBounds } from '../../components/useViewBounds';
import { useRegistrationStore } from './store';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the page';
  }
}

/**
 * F6 in the window moves the keyboard into the Azure page, and F6 there brings it back (the main process listens
 * there): both the app's controls and Azure's page stay reachable without a mouse.
 */
function useF6IntoPage(open: boolean, focusPage: () => Promise<void>): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F6' || event.ctrlKey || event.altKey || event.metaKey) return;
      event.preventDefault();
      void focusPage();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, focusPage]);
}

function AddressBar({ state }: { state: RegistrationState }) {
  const navigate = useRegistrationStore((s) => s.navigate);
  const focusPage = useRegistrationStore((s) => s.focusPage);
  useF6IntoPage(!state.ended, focusPage);
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
      <button type="button" className="secondary key-hint" onClick={() => void focusPage()} disabled={state.ended} title="F6 moves the keyboard into the page; F6 there brings it back here">
        Into the page (F6)
      </button>
    </div>
  );
}

/** What the built-in browser is doing, in a few words (a live region: read out as it changes). */
export function BrowserStatus({ state }: { state: RegistrationState }) {
  return (
    <p className="browser-status" role="status" aria-live="polite">
      {state.loading ? `Loading ${hostOf(state.url)}…` : state.trusted ? 'Watching the page for the values.' : 'Sign in; the values are read once Azure shows its own page.'}
    </p>
  );
}

/** Where the built-in browser is, and what it is doing when it shows nothing useful. */
export function BrowserArea({ state, onReopen }: { state: RegistrationState; onReopen?: (() => void) | undefined }) {
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

import type { SignInState } from '../../../../shared/signin';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useViewBounds } from '../../components/useViewBounds';
import { CertificateDecision, WhatWasSent } from './RedirectCheck';
import { useSignInStore } from './store';

/** How the round trip ended, in the admin's words: signed in, or who refused and why. */
function Outcome({ run }: { run: SignInState }) {
  const trip = run.roundTrip;
  if (run.verdict === 'passed' && trip?.answer) {
    return (
      <p className="verdict verdict-ok" data-testid="roundtrip-verdict">
        ✓ Signed in: Azure sent a code back to DeepSource’s callback and DeepSource showed a signed-in page{trip.answer.title ? ` (“${trip.answer.title}”)` : ''}. The code was not kept.
      </p>
    );
  }
  if (run.verdict === 'mismatch' && trip?.azure) {
    return (
      <div className="notice notice-error" role="alert" data-testid="roundtrip-verdict">
        <p className="notice-message">
          {trip.azure.where === 'page' ? 'Azure refused the sign-in on its own page' : 'Azure sent a refusal back to DeepSource'}
          {trip.azure.code !== null && !trip.azure.message.includes(`AADSTS${trip.azure.code}`) ? ` (AADSTS${trip.azure.code})` : ''}: {trip.azure.message}
        </p>
        <p className="notice-remedy">{trip.azure.remedy}</p>
        <p className="muted" data-testid="roundtrip-azure-said">
          Azure said: “{trip.azure.shown}”
        </p>
      </div>
    );
  }
  if (run.verdict === 'mismatch' && run.error) {
    return (
      <div className="notice notice-error" role="alert" data-testid="roundtrip-verdict">
        <p className="notice-message">DeepSource did not sign the user in. {run.error.message}</p>
        <p className="notice-remedy">{run.error.remedy}</p>
      </div>
    );
  }
  if (run.phase === 'stopped') return <p className="muted" data-testid="roundtrip-verdict">The sign-in was stopped before it came back to DeepSource.</p>;
  return null;
}

/**
 * The sign-in round trip, on request: DeepSource's login in a built-in browser with a session of its own, through
 * Azure (the admin signs in there) and back to DeepSource's callback, then DeepSource's answer. Only a signed-in page
 * passes. Nothing Azure sends back is kept, and the browser's session is thrown away when it ends.
 */
export function RoundTrip({ profileId }: { profileId: string }) {
  const view = useSignInStore((s) => s.trips[profileId]);
  const start = useSignInStore((s) => s.start);
  const stop = useSignInStore((s) => s.stop);
  const running = view?.status === 'running' ? view.run : undefined;
  const finished = view?.status === 'finished' ? view.run : undefined;
  const browserRef = useViewBounds(running?.runId, (runId, bounds) => api.signinSetBounds({ runId, ...bounds }));
  const begin = (trustFingerprint?: string) => void start(profileId, { mode: 'round-trip', ...(trustFingerprint ? { trustFingerprint } : {}) });
  return (
    <div className="signin-part" data-testid="round-trip">
      <h4>Sign in to DeepSource</h4>
      <p className="muted">Goes on through Azure: you sign in there with an account of your organization, Azure sends you back to DeepSource, and DeepSource answers. Nothing Azure sends back is kept; the browser’s session is thrown away afterwards.</p>
      {running ? (
        <p role="status" aria-live="polite" data-testid="roundtrip-status">
          {running.status}
        </p>
      ) : null}
      {running ? <div className="browser-view browser-view-signin" ref={browserRef} data-testid="roundtrip-browser" aria-label="Signing in to DeepSource through Azure (built-in browser)" role="img" /> : null}
      {finished ? <Outcome run={finished} /> : null}
      {finished ? <WhatWasSent run={finished} /> : null}
      {finished?.certificate ? <CertificateDecision run={finished} retry={(fingerprint) => begin(fingerprint)} /> : finished?.error && !finished.roundTrip?.azure && finished.verdict !== 'mismatch' ? <ErrorNotice error={finished.error} /> : null}
      {view?.status === 'failed' ? <ErrorNotice error={view.error} /> : null}
      <div className="actions">
        {running ? (
          <button type="button" className="secondary" onClick={() => void stop(profileId, 'round-trip')}>
            Stop signing in
          </button>
        ) : (
          <button type="button" className={finished?.verdict === 'passed' ? 'secondary' : undefined} disabled={view?.status === 'starting'} onClick={() => begin()}>
            {finished ? 'Sign in again' : 'Sign in to DeepSource now'}
          </button>
        )}
      </div>
    </div>
  );
}

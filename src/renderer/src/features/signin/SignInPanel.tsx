import { useEffect, useState } from 'react';
import type { SignInCheck, SignInState } from '../../../../shared/signin';
import { api } from '../../api';
import { CheckList, type ShownCheck } from '../../components/CheckList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useViewBounds } from '../../components/useViewBounds';
import { useProfilesStore } from '../profiles/store';
import { useSignInStore } from './store';

function Verdict({ run }: { run: SignInState }) {
  if (run.verdict === 'passed') return <p className="verdict verdict-ok" data-testid="signin-verdict">✓ Sign-in checked: DeepSource sends users to Azure with this installation’s App ID and callback.</p>;
  if (run.verdict === 'mismatch') return <p className="verdict verdict-failed" data-testid="signin-verdict">DeepSource sends users to Azure with other values, so sign-in would fail.</p>;
  if (run.phase === 'stopped') return <p className="muted" data-testid="signin-verdict">The check was stopped before DeepSource sent users to Azure.</p>;
  return <p className="verdict verdict-failed" data-testid="signin-verdict">The check could not reach the point where DeepSource sends users to Azure.</p>;
}

function CallbackFix({ profileId, check }: { profileId: string; check: SignInCheck }) {
  const update = useProfilesStore((s) => s.update);
  const [done, setDone] = useState(false);
  if (!check.action) return null;
  const withSlash = check.action === 'use-callback-with-slash';
  if (done) return <p className="muted">This installation now uses the callback {withSlash ? 'with' : 'without'} the trailing slash; do the Azure step above, then check again.</p>;
  return (
    <button type="button" className="secondary" onClick={() => void update(profileId, { callbackTrailingSlash: withSlash }).then(() => setDone(true))}>
      Switch this installation to the callback {withSlash ? 'with' : 'without'} the slash
    </button>
  );
}

/**
 * The sign-in proof for one installation: DeepSource's own login followed, in a built-in browser, to the point where
 * it sends users to Azure (never further), and what it sends compared with the installation. `autoWaitSeconds`
 * starts it at once (after a deploy) and keeps trying while DeepSource restarts; `checkWaitSeconds` does the same
 * for a check the admin starts (after applying a bundle on the host).
 */
export function SignInPanel({ profileId, autoWaitSeconds, checkWaitSeconds }: { profileId: string; autoWaitSeconds?: number; checkWaitSeconds?: number }) {
  const view = useSignInStore((s) => s.byProfile[profileId]);
  const start = useSignInStore((s) => s.start);
  const stop = useSignInStore((s) => s.stop);
  const running = view?.status === 'running' ? view.run : undefined;
  const browserRef = useViewBounds(running?.runId, (runId, bounds) => api.signinSetBounds({ runId, ...bounds }));

  useEffect(() => {
    if (autoWaitSeconds !== undefined && (view === undefined || view.status === 'idle')) void start(profileId, { waitSeconds: autoWaitSeconds });
  }, [autoWaitSeconds, profileId, start, view]);

  const run = view?.status === 'running' || view?.status === 'finished' ? view.run : undefined;
  return (
    <section className="card" aria-labelledby={`signin-title-${profileId}`} data-testid="signin-panel">
      <h3 id={`signin-title-${profileId}`}>Sign-in check</h3>
      <p className="muted">Follows DeepSource’s own login to where it sends users to Azure, stops there without signing in, and compares what it sends with this installation.</p>
      {run && view?.status === 'running' ? (
        <p role="status" aria-live="polite" data-testid="signin-status">
          {run.status}
          {running && run.waitSeconds > 0 ? <span className="muted"> · attempt {run.attempts}, {Math.round(run.elapsedSeconds)} s of up to {run.waitSeconds} s</span> : null}
        </p>
      ) : null}
      {running ? <div className="browser-view browser-view-small" ref={browserRef} data-testid="signin-browser" aria-label="DeepSource’s login page (built-in browser)" role="img" /> : null}
      {view?.status === 'finished' ? <Verdict run={view.run} /> : null}
      {run && run.checks.length > 0 && view?.status === 'finished' ? (
        <CheckList checks={run.checks} label="Sign-in checks" action={(check: ShownCheck) => <CallbackFix profileId={profileId} check={check as SignInCheck} />} />
      ) : null}
      {run?.observed && view?.status === 'finished' ? (
        <details>
          <summary>What DeepSource sent</summary>
          <dl className="facts">
            <dt>Authorize URL</dt>
            <dd className="mono">{run.observed.authorizeUrl}</dd>
            <dt>client_id</dt>
            <dd className="mono">{run.observed.clientId ?? '(none)'}</dd>
            <dt>redirect_uri</dt>
            <dd className="mono">{run.observed.redirectUri ?? '(none)'}</dd>
            <dt>Authority</dt>
            <dd className="mono">{`${run.observed.authorityHost}${run.observed.tenant ? `/${run.observed.tenant}` : ''}`}</dd>
          </dl>
        </details>
      ) : null}
      {view?.status === 'finished' && view.run.certificate ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-message">{view.run.status}</p>
          <p className="notice-remedy">Compare the fingerprint with the certificate DeepSource serves (on the DeepSource host: the TLS secret of its ingress). Trust it only if they match.</p>
          <p className="mono" data-testid="signin-fingerprint">{view.run.certificate.fingerprint}</p>
          <button type="button" className="secondary" onClick={() => void start(profileId, { trustFingerprint: view.run.certificate!.fingerprint })}>
            Trust this certificate and check again
          </button>
        </div>
      ) : view?.status === 'finished' && view.run.error ? (
        <ErrorNotice error={view.run.error} />
      ) : null}
      {view?.status === 'failed' ? <ErrorNotice error={view.error} /> : null}
      <div className="actions">
        {running ? (
          <button type="button" className="secondary" onClick={() => void stop(profileId)}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            className={view?.status === 'finished' ? 'secondary' : undefined}
            disabled={view?.status === 'starting'}
            onClick={() => void start(profileId, checkWaitSeconds !== undefined ? { waitSeconds: checkWaitSeconds } : {})}
          >
            {view?.status === 'finished' ? 'Check again' : 'Check sign-in'}
          </button>
        )}
      </div>
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { SignInCheck, SignInState } from '../../../../shared/signin';
import { api } from '../../api';
import { CheckList, type ShownCheck } from '../../components/CheckList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useViewBounds } from '../../components/useViewBounds';
import { useProfilesStore } from '../profiles/store';
import { useSignInStore } from './store';

function Verdict({ run }: { run: SignInState }) {
  if (run.verdict === 'passed')
    return (
      <p className="verdict verdict-ok" data-testid="signin-verdict">
        ✓ Redirect checked: DeepSource sends users to Azure with this installation’s App ID and callback. Azure’s page was not loaded, so nobody signed in.
      </p>
    );
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

/** What DeepSource sent Azure, as read off the address it sent the browser to. */
export function WhatWasSent({ run }: { run: SignInState }) {
  if (!run.observed) return null;
  return (
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
  );
}

/** A certificate the check was not told to trust: its fingerprint, to compare, and the way to trust it for the check. */
export function CertificateDecision({ run, retry }: { run: SignInState; retry: (fingerprint: string) => void }) {
  if (!run.certificate) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message">{run.status}</p>
      <p className="notice-remedy">Compare the fingerprint with the certificate DeepSource serves (on the DeepSource host: the TLS secret of its ingress). Trust it only if they match.</p>
      <p className="mono" data-testid="signin-fingerprint">{run.certificate.fingerprint}</p>
      <button type="button" className="secondary" onClick={() => retry(run.certificate!.fingerprint)}>
        Trust this certificate and check again
      </button>
    </div>
  );
}

/**
 * The redirect check: DeepSource's own login followed, in a built-in browser, to the point where it sends users to
 * Azure (never further), and what it sends compared with the installation. `autoWaitSeconds` starts it at once (after
 * a deploy) and keeps trying while DeepSource restarts; `checkWaitSeconds` does the same for a check the admin starts.
 */
export function RedirectCheck({ profileId, autoWaitSeconds, checkWaitSeconds }: { profileId: string; autoWaitSeconds?: number | undefined; checkWaitSeconds?: number | undefined }) {
  const view = useSignInStore((s) => s.byProfile[profileId]);
  const start = useSignInStore((s) => s.start);
  const stop = useSignInStore((s) => s.stop);
  const running = view?.status === 'running' ? view.run : undefined;
  const browserRef = useViewBounds(running?.runId, (runId, bounds) => api.signinSetBounds({ runId, ...bounds }));

  useEffect(() => {
    if (autoWaitSeconds !== undefined && (view === undefined || view.status === 'idle')) void start(profileId, { waitSeconds: autoWaitSeconds });
  }, [autoWaitSeconds, profileId, start, view]);

  const run = view?.status === 'running' || view?.status === 'finished' ? view.run : undefined;
  const finished = view?.status === 'finished' ? view.run : undefined;
  return (
    <div className="signin-part" data-testid="redirect-check">
      <h4>Where DeepSource sends users</h4>
      <p className="muted">Follows DeepSource’s own login to where it sends users to Azure, stops there without signing in, and compares what it sends with this installation.</p>
      {run && running ? (
        <p role="status" aria-live="polite" data-testid="signin-status">
          {run.status}
          {run.waitSeconds > 0 ? <span className="muted"> · attempt {run.attempts}, {Math.round(run.elapsedSeconds)} s of up to {run.waitSeconds} s</span> : null}
        </p>
      ) : null}
      {running ? <div className="browser-view browser-view-small" ref={browserRef} data-testid="signin-browser" aria-label="DeepSource’s login page (built-in browser)" role="img" /> : null}
      {finished ? <Verdict run={finished} /> : null}
      {finished && finished.checks.length > 0 ? <CheckList checks={finished.checks} label="Sign-in checks" action={(check: ShownCheck) => <CallbackFix profileId={profileId} check={check as SignInCheck} />} /> : null}
      {finished ? <WhatWasSent run={finished} /> : null}
      {finished?.certificate ? (
        <CertificateDecision run={finished} retry={(fingerprint) => void start(profileId, { trustFingerprint: fingerprint })} />
      ) : finished?.error ? (
        <ErrorNotice error={finished.error} />
      ) : null}
      {view?.status === 'failed' ? <ErrorNotice error={view.error} /> : null}
      <div className="actions">
        {running ? (
          <button type="button" className="secondary" onClick={() => void stop(profileId)}>
            Stop
          </button>
        ) : (
          <button type="button" className={finished ? 'secondary' : undefined} disabled={view?.status === 'starting'} onClick={() => void start(profileId, checkWaitSeconds !== undefined ? { waitSeconds: checkWaitSeconds } : {})}>
            {finished ? 'Check the redirect again' : 'Check the redirect'}
          </button>
        )}
      </div>
    </div>
  );
}

import { RedirectCheck } from './RedirectCheck';
import { RoundTrip } from './RoundTrip';

/**
 * DeepSource's sign-in for one installation, checked two ways: where DeepSource sends users (the redirect check: no
 * sign-in, nothing sent to Azure), and a sign-in through Azure and back, on request. `autoWaitSeconds` starts the
 * redirect check at once (after a deploy); `checkWaitSeconds` waits as long when the admin starts it.
 */
export function SignInPanel({ profileId, autoWaitSeconds, checkWaitSeconds }: { profileId: string; autoWaitSeconds?: number; checkWaitSeconds?: number }) {
  return (
    <section className="card" aria-labelledby={`signin-title-${profileId}`} data-testid="signin-panel">
      <h3 id={`signin-title-${profileId}`}>DeepSource’s sign-in</h3>
      <RedirectCheck profileId={profileId} autoWaitSeconds={autoWaitSeconds} checkWaitSeconds={checkWaitSeconds} />
      <RoundTrip profileId={profileId} />
    </section>
  );
}

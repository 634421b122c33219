import { useEffect, useState } from 'react';
import type { AppErrorShape } from '../../../../shared/errors';
import type { SignInProbe } from '../../../../shared/signin';
import { api } from '../../api';
import { toShownError } from '../../errors';
import { probeSentence } from '../registration/wording';

/**
 * Before the Azure work: a look at where this installation's DeepSource sends users (at most 10 seconds, in the
 * background). Creating the app waits for it and uses what it decided; where it cannot look, the app is multitenant.
 */
export function ProbeOutcome({ profileId }: { profileId: string }) {
  const [probe, setProbe] = useState<SignInProbe | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // One look per installation: the card is keyed by the installation, so a new one starts from nothing.
  useEffect(() => {
    let live = true;
    api.signinProbe({ profileId }).then(
      (answer) => live && setProbe(answer),
      (caught: unknown) => live && setError(toShownError(caught)),
    );
    return () => {
      live = false;
    };
  }, [profileId]);
  return (
    <div className="probe" data-testid="probe-outcome">
      <h4>Where DeepSource sends users</h4>
      {probe ? (
        <p className={probe.looked ? 'verdict' : 'muted'}>{probeSentence(probe)}</p>
      ) : error ? (
        <p className="muted">DeepSource’s login could not be looked at ({error.message}): the app will be registered for accounts in any organizational directory (multitenant), which works with a tenant ID, /organizations and /common alike.</p>
      ) : (
        <p className="muted" role="status">
          Looking at DeepSource’s login (at most 10 seconds; nothing is sent to Azure)…
        </p>
      )}
    </div>
  );
}

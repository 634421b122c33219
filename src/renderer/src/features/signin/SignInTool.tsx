import { useEffect, useState } from 'react';
import type { ProfileView } from '../../../../shared/profile';
import { InstallationPicker } from '../../components/InstallationPicker';
import { useProfilesStore } from '../profiles/store';
import { SignInPanel } from './SignInPanel';

const hasAppId = (view: ProfileView): boolean => Boolean(view.profile.azure.appId);

/** Tools: the sign-in check for any installation that has an App ID. */
export function SignInTool() {
  // Select the list itself (a stable reference) and test it here: a selector that builds a new array each time loops.
  const all = useProfilesStore((s) => s.profiles);
  const status = useProfilesStore((s) => s.status);
  const load = useProfilesStore((s) => s.load);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);
  const withAppId = all.filter(hasAppId);
  const profileId = withAppId.some((view) => view.profile.id === chosen) ? chosen : (withAppId[0]?.profile.id ?? '');
  return (
    <section className="card" aria-labelledby="signin-tool-title">
      <h2 id="signin-tool-title">Check sign-in</h2>
      {withAppId.length === 0 ? (
        <p className="muted">No installation has an App ID yet: register one in Azure first (Set up).</p>
      ) : (
        <>
          <InstallationPicker value={profileId} onChange={setChosen} filter={hasAppId} />
          <SignInPanel key={profileId} profileId={profileId} />
        </>
      )}
    </section>
  );
}

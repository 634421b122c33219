import { useEffect, useState } from 'react';
import { useProfilesStore } from '../profiles/store';
import { SignInPanel } from './SignInPanel';

/** Tools: the sign-in check for any installation that has an App ID. */
export function SignInTool() {
  // Select the list itself (a stable reference) and filter here: a selector that builds a new array each time loops.
  const all = useProfilesStore((s) => s.profiles);
  const profiles = all.filter((view) => view.profile.azure.appId);
  const status = useProfilesStore((s) => s.status);
  const load = useProfilesStore((s) => s.load);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);
  const profileId = chosen || profiles[0]?.profile.id || '';
  return (
    <section className="card" aria-labelledby="signin-tool-title">
      <h2 id="signin-tool-title">Check sign-in</h2>
      {profiles.length === 0 ? (
        <p className="muted">No installation has an App ID yet: register one in Azure first (Set up).</p>
      ) : (
        <>
          <label className="field">
            Installation
            <select value={profileId} onChange={(event) => setChosen(event.target.value)}>
              {profiles.map((view) => (
                <option key={view.profile.id} value={view.profile.id}>
                  {view.profile.label} ({view.profile.hostname})
                </option>
              ))}
            </select>
          </label>
          <SignInPanel key={profileId} profileId={profileId} />
        </>
      )}
    </section>
  );
}

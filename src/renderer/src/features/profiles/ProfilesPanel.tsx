import { useEffect, useState } from 'react';
import type { ProfileView } from '../../../../shared/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useNavStore } from '../nav/store';
import { useProvider } from '../providers/store';
import { useWizardStore } from '../wizard/store';
import { EditProfileForm } from './EditProfileForm';
import { NewProfileForm } from './NewProfileForm';
import { SignInPanel } from '../signin/SignInPanel';
import { createSignInStore, SignInScope } from '../signin/store';
import { SecretBadge } from './SecretBadge';
import { SecretProofCheck } from '../entra-graph/SecretProofCheck';
import { useProfilesStore } from './store';

function ProfileCard({ view }: { view: ProfileView }) {
  const remove = useProfilesStore((s) => s.remove);
  const generate = useProfilesStore((s) => s.generateWebhookSecret);
  const busy = useProfilesStore((s) => s.busy === view.profile.id);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [checking, setChecking] = useState(false);
  const [proving, setProving] = useState(false);
  const { profile } = view;
  const beginRotation = useWizardStore((s) => s.beginRotation);
  const goTo = useNavStore((s) => s.go);
  const rotate = async () => {
    goTo('setup');
    await beginRotation(view);
  };
  const titleId = `profile-${profile.id}-title`;
  const provider = useProvider(profile.provider);

  return (
    <li className="card profile" aria-labelledby={titleId}>
      <div className="profile-head">
        <h3 id={titleId}>{profile.label}</h3>
        <span className="pill">{provider?.pillTitle ?? profile.provider}</span>
      </div>
      <dl className="facts">
        <dt>Host</dt>
        <dd>{profile.hostname}</dd>
        <dt>Callback</dt>
        <dd>
          <code>{view.callbackUrl}</code>
        </dd>
        <dt>App ID</dt>
        <dd>{profile.azure.appId ?? 'not read from Azure yet'}</dd>
      </dl>
      {view.keychainProblem ? (
        <ErrorNotice error={view.keychainProblem} />
      ) : (
        <ul className="secrets" aria-label="Secrets">
          {view.secrets.map((status) => (
            <SecretBadge key={status.kind} status={status} />
          ))}
        </ul>
      )}
      {editing ? <EditProfileForm view={view} onDone={() => setEditing(false)} /> : null}
      {checking ? <SignInPanel profileId={profile.id} /> : null}
      {proving ? <SecretProofCheck profileId={profile.id} /> : null}
      <div className="actions">
        {editing ? null : (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Edit…
          </button>
        )}
        {profile.azure.appId ? (
          <button type="button" className="secondary" onClick={() => void rotate()}>
            Rotate client secret
          </button>
        ) : null}
        {provider?.graph && profile.azure.appId && !proving && view.secrets.some((s) => s.kind === 'client-secret' && s.present) ? (
          <button type="button" className="secondary" onClick={() => setProving(true)}>
            Prove client secret
          </button>
        ) : null}
        {profile.azure.appId && !checking ? (
          <button type="button" className="secondary" onClick={() => setChecking(true)}>
            Check sign-in…
          </button>
        ) : null}
        <button type="button" className="secondary" disabled={busy} onClick={() => void generate(profile.id)}>
          {view.secrets.some((s) => s.kind === 'webhook-secret' && s.present) ? 'New webhook secret' : 'Generate webhook secret'}
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove(profile.id)}>
              Delete {profile.label} and its secrets
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </div>
    </li>
  );
}

// Installations keeps its own sign-in checks, apart from the wizard's and Tools'.
const installationsSignIn = createSignInStore();

export function ProfilesPanel() {
  const { status, profiles, problems, error, load } = useProfilesStore();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <SignInScope.Provider value={installationsSignIn}>
      <section aria-labelledby="profiles-title" className="profiles">
        <h2 id="profiles-title">Installations</h2>
        {error ? <ErrorNotice error={error} /> : null}
        {problems.map((problem) => (
          <div key={problem.path} className="notice notice-warn" role="status">
            <p className="notice-message">
              An installation’s file could not be used ({problem.reason}). It was kept as <code>{problem.keptAs}</code>.
            </p>
          </div>
        ))}
        {status !== 'ready' ? <p aria-live="polite">Loading installations…</p> : null}
        {status === 'ready' && profiles.length === 0 ? <p className="empty">No installations yet. Create the first one below.</p> : null}
        <ul className="profile-list">
          {profiles.map((view) => (
            <ProfileCard key={view.profile.id} view={view} />
          ))}
        </ul>
        <NewProfileForm />
      </section>
    </SignInScope.Provider>
  );
}

import { useEffect } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAboutStore } from '../about/store';
import { useProfilesStore } from '../profiles/store';

/** Where things live and what the app trusts: read here, changed per installation. */
export function SettingsPanel() {
  const about = useAboutStore((s) => s.state);
  const { profiles, status, load } = useProfilesStore();

  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <div className="card">
        <h3>Storage</h3>
        {about.status === 'ready' ? (
          <dl className="facts">
            <dt>Data folder</dt>
            <dd>
              <code data-testid="app-data-dir">{about.info.dataDir}</code>
            </dd>
            <dt>Keychain service</dt>
            <dd>
              <code>{about.info.keychainService}</code>
            </dd>
          </dl>
        ) : null}
        {about.status === 'failed' ? <ErrorNotice error={about.error} /> : null}
        <p className="field-help">Profiles are plain JSON files in the data folder. Secrets are only in the OS keychain, under the service above.</p>
      </div>
      <div className="card">
        <h3>Network</h3>
        <p>
          The admin console is reached through the system proxy settings and trust store. A console with a self-signed certificate is trusted
          only after you confirm its SHA-256 fingerprint; it is then pinned, and a changed certificate is refused. An installation can name a CA
          file instead. The app contacts no other host than Azure (in the built-in browser) and the consoles you configure: no telemetry, no
          update checks.
        </p>
      </div>
      <div className="card">
        <h3>Trusted consoles</h3>
        {profiles.length === 0 ? (
          <p className="empty">No installations yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Installation</th>
                <th scope="col">Console</th>
                <th scope="col">Pinned certificate (SHA-256)</th>
                <th scope="col">CA file</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map(({ profile }) => (
                <tr key={profile.id}>
                  <td>{profile.label}</td>
                  <td>{profile.console.url ?? '—'}</td>
                  <td>
                    <code>{profile.console.pinnedFingerprint ?? '—'}</code>
                  </td>
                  <td>{profile.console.caFile ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

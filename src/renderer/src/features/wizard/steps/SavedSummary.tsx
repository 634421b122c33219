import { useState } from 'react';
import type { AppErrorShape } from '../../../../../shared/errors';
import type { ProfileView } from '../../../../../shared/profile';
import type { RegistrationState } from '../../../../../shared/registration';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { toShownError } from '../../../errors';
import { useProfilesStore } from '../../profiles/store';
import { useProvider } from '../../providers/store';
import { ValueChecks, ValueList } from '../../registration/ValueList';
import { savedWhere } from '../saved-where';
import { useWizardStore } from '../store';
import { SecretProofCheck } from '../../entra-graph/SecretProofCheck';

/**
 * What was saved, where: the secrets in the OS keychain, the App ID (and tenant ID) in the installation's profile. A
 * webhook secret is called new only when it was made by this save. The values and checks are one click away.
 */
export function SavedSummary({ view, saved }: { view: ProfileView; saved: RegistrationState }) {
  const mode = useWizardStore((s) => s.mode);
  const setSecretProof = useWizardStore((s) => s.setSecretProof);
  const provider = useProvider(view.profile.provider);
  const update = useProfilesStore((s) => s.update);
  const [expires, setExpires] = useState(view.profile.azure.clientSecretExpiresOn ?? '');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const unchangedExpiry = expires === (view.profile.azure.clientSecretExpiresOn ?? '');
  const passed = saved.checks.filter((check) => check.ok).length;
  const expiryRead = saved.readBack?.secretExpiresOn;
  const saveExpiry = async () => {
    try {
      await update(view.profile.id, { secretExpires: expires });
      setError(null);
    } catch (caught) {
      setError(toShownError(caught));
    }
  };
  return (
    <section className="card summary" aria-labelledby="saved-title">
      <h3 id="saved-title">
        <span aria-hidden="true">✓ </span>
        {mode === 'rotate' ? `New client secret saved for ${view.profile.label}` : `Saved for ${view.profile.label}`}
      </h3>
      <p className="muted" data-testid="saved-where">
        {savedWhere(view, mode === 'rotate')} {passed} check{passed === 1 ? '' : 's'} passed.
        {expiryRead ? ` The secret expires on ${expiryRead} (read from its row in the Client secrets list).` : ''}
      </p>
      <details>
        <summary>Values and checks</summary>
        <p className="muted">
          Checked against <code>{view.callbackUrl}</code>; secrets are shown masked.
        </p>
        <ValueList state={saved} />
        <ValueChecks state={saved} />
      </details>
      {provider?.graph ? <SecretProofCheck profileId={view.profile.id} onProof={setSecretProof} /> : null}
      {provider?.asksSecretExpiry && !expiryRead ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void saveExpiry();
          }}
        >
          <div className="field">
            <label htmlFor="secret-expires">Client secret expires on (optional, for the expiry warning)</label>
            <input id="secret-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </div>
          <button type="submit" className="secondary" disabled={!expires || unchangedExpiry}>
            Save date
          </button>
        </form>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

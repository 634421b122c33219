import { useState } from 'react';
import type { ProfileView } from '../../../../../shared/profile';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StepHeading } from '../../../components/StepHeading';
import { useProvider } from '../../providers/store';
import { useRegistrationStore } from '../../registration/store';
import { ValueChecks, ValueList } from '../../registration/ValueList';
import { useWizardStore } from '../store';

/**
 * Shown when the automatic save did not go through: the values stay held by the flow, and the button is the fix
 * that works (save again once the keychain is back; create the installation again if it was removed meanwhile).
 */
export function ReviewStep({ view, lost }: { view: ProfileView | undefined; lost: ProfileView | undefined }) {
  const state = useRegistrationStore((s) => s.state);
  const { save, saving, saveError, go, mode, recreateAndSave } = useWizardStore();
  const [expires, setExpires] = useState('');
  const shown = view ?? lost;
  const provider = useProvider(shown?.profile.provider);
  if (!state || !shown) return null;
  const gone = saveError?.code === 'NOT_FOUND' && lost !== undefined;
  return (
    <section className="card step-body" aria-labelledby="review-title">
      <StepHeading id="review-title">{mode === 'rotate' ? `Save the new client secret for ${shown.profile.label}` : `Save the values for ${shown.profile.label}`}</StepHeading>
      {gone ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-message">{shown.profile.label} was removed while Azure was open, so the values could not be saved to it.</p>
          <p className="notice-remedy">The values read from Azure are still held here. Create the installation again with the same details and save them into it.</p>
        </div>
      ) : saveError ? (
        <ErrorNotice error={saveError} />
      ) : null}
      <p className="muted">
        Read from the Azure page and checked against <code>{shown.callbackUrl}</code>. Secrets are shown masked; they go only to the OS keychain.
      </p>
      <ValueList state={state} />
      <ValueChecks state={state} />
      {provider?.asksSecretExpiry ? (
        <div className="field">
          <label htmlFor="secret-expires">Client secret expires on (optional, as chosen in the portal)</label>
          <input id="secret-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
      ) : null}
      <div className="actions">
        {gone ? (
          <button type="button" onClick={() => void recreateAndSave(lost)} disabled={saving}>
            {saving ? 'Saving…' : `Create ${shown.profile.label} again and save`}
          </button>
        ) : (
          <button type="button" onClick={() => void save(expires || undefined)} disabled={saving || !state.complete}>
            {saving ? 'Saving…' : 'Save to keychain'}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => go('register')} disabled={saving || state.ended}>
          Back to Azure
        </button>
      </div>
    </section>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { callbackUrlFor, hostnameSchema, providerIds, type ProviderId } from '../../../../shared/profile';
import { useProfilesStore } from './store';

const PROVIDER_LABEL: Record<ProviderId, string> = {
  entra: 'Microsoft Entra ID (new installations)',
  'ado-oauth': 'Azure DevOps OAuth app (registered before April 2025)',
};

/** Installation details; the callback URL that Azure will be given is shown as it is typed. */
export function NewProfileForm({ onCreated }: { onCreated?: (id: string) => void }) {
  const create = useProfilesStore((s) => s.create);
  const busy = useProfilesStore((s) => s.busy === 'new');
  const [label, setLabel] = useState('');
  const [hostname, setHostname] = useState('');
  const [organization, setOrganization] = useState('');
  const [provider, setProvider] = useState<ProviderId>('entra');
  const [touched, setTouched] = useState(false);
  const ids = useId();

  const host = hostnameSchema.safeParse(hostname);
  const hostError = hostname && !host.success ? (host.error.issues[0]?.message ?? 'not a host name') : null;
  const callback = host.success ? callbackUrlFor({ hostname: host.data, callbackTrailingSlash: false }) : null;
  const complete = label.trim() !== '' && organization.trim() !== '' && host.success;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!complete) return;
    const view = await create({ label, hostname, organization, provider });
    if (view) {
      setLabel('');
      setHostname('');
      setOrganization('');
      setTouched(false);
      onCreated?.(view.profile.id);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} noValidate>
      <h2 id={`${ids}-title`}>New installation</h2>
      <label htmlFor={`${ids}-label`}>Installation name</label>
      <input id={`${ids}-label`} value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Production" autoComplete="off" required />
      <label htmlFor={`${ids}-host`}>DeepSource host name</label>
      <input
        id={`${ids}-host`}
        value={hostname}
        onChange={(e) => setHostname(e.target.value)}
        placeholder="deepsource.example.com"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={hostError ? true : undefined}
        aria-describedby={`${ids}-host-help`}
        required
      />
      <p id={`${ids}-host-help`} className={hostError ? 'field-error' : 'field-help'}>
        {hostError ?? (callback ? <>Callback URL for Azure: <code>{callback}</code></> : 'Without https:// or a path.')}
      </p>
      <label htmlFor={`${ids}-org`}>Organization</label>
      <input id={`${ids}-org`} value={organization} onChange={(e) => setOrganization(e.target.value)} placeholder="Stark International" autoComplete="off" required />
      <fieldset>
        <legend>Azure registration</legend>
        {providerIds.map((id) => (
          <label key={id} className="radio">
            <input type="radio" name={`${ids}-provider`} value={id} checked={provider === id} onChange={() => setProvider(id)} />
            {PROVIDER_LABEL[id]}
          </label>
        ))}
      </fieldset>
      {touched && !complete ? <p className="field-error" role="alert">Fill in the name, a valid host name and the organization.</p> : null}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create profile'}
      </button>
    </form>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { callbackUrlFor, consoleUrlSchema, hostnameSchema, providerIds, type ProfileView, type ProviderId } from '../../../../shared/profile';
import { useProfilesStore } from './store';

const PROVIDER_LABEL: Record<ProviderId, string> = {
  entra: 'Microsoft Entra ID (new installations)',
  'ado-oauth': 'Azure DevOps OAuth app (registered before April 2025)',
};

/**
 * Installation details; the callback URL that Azure will be given is shown as it is typed. With
 * `askConsolePassword` (the wizard), a console password can be given to check the console right away; it is handed
 * to `onCreated` once and never kept here.
 */
export function NewProfileForm({ onCreated, askConsolePassword = false }: { onCreated?: (view: ProfileView, consolePassword?: string) => void; askConsolePassword?: boolean }) {
  const create = useProfilesStore((s) => s.create);
  const busy = useProfilesStore((s) => s.busy === 'new');
  const [label, setLabel] = useState('');
  const [hostname, setHostname] = useState('');
  const [organization, setOrganization] = useState('');
  const [consoleUrl, setConsoleUrl] = useState('');
  const [consolePassword, setConsolePassword] = useState('');
  const [provider, setProvider] = useState<ProviderId>('entra');
  const [touched, setTouched] = useState(false);
  const ids = useId();

  const host = hostnameSchema.safeParse(hostname);
  const hostError = hostname && !host.success ? (host.error.issues[0]?.message ?? 'not a host name') : null;
  const callback = host.success ? callbackUrlFor({ hostname: host.data, callbackTrailingSlash: false }) : null;
  const consoleCheck = consoleUrlSchema.safeParse(consoleUrl);
  const consoleError = consoleUrl && !consoleCheck.success ? (consoleCheck.error.issues[0]?.message ?? 'not a console address') : null;
  const complete = organization.trim() !== '' && host.success && !consoleError;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!complete) return;
    // The name defaults to the host name: one field less for the common single-installation case.
    const view = await create({
      label: label.trim() || hostname.trim(),
      hostname,
      organization,
      provider,
      ...(consoleUrl.trim() ? { consoleUrl: consoleUrl.trim() } : {}),
    });
    if (view) {
      setLabel('');
      setHostname('');
      setOrganization('');
      setConsoleUrl('');
      const password = consolePassword;
      setConsolePassword('');
      setTouched(false);
      onCreated?.(view, consoleUrl.trim() && password ? password : undefined);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} noValidate>
      <h2 id={`${ids}-title`}>New installation</h2>
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
      <label htmlFor={`${ids}-label`}>Installation name (optional)</label>
      <input id={`${ids}-label`} value={label} onChange={(e) => setLabel(e.target.value)} placeholder="the host name" autoComplete="off" />
      <label htmlFor={`${ids}-console`}>Admin console address (optional)</label>
      <input
        id={`${ids}-console`}
        value={consoleUrl}
        onChange={(e) => setConsoleUrl(e.target.value)}
        placeholder="https://console.example.com:8800"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={consoleError ? true : undefined}
        aria-describedby={`${ids}-console-help`}
      />
      <p id={`${ids}-console-help`} className={consoleError ? 'field-error' : 'field-help'}>
        {consoleError ?? 'Needed only to push the settings; leave empty to export a bundle instead.'}
      </p>
      {askConsolePassword && consoleUrl.trim() && !consoleError ? (
        <>
          <label htmlFor={`${ids}-console-password`}>Admin console password (optional)</label>
          <input
            id={`${ids}-console-password`}
            type="password"
            value={consolePassword}
            onChange={(e) => setConsolePassword(e.target.value)}
            autoComplete="off"
            aria-describedby={`${ids}-console-password-help`}
          />
          <p id={`${ids}-console-password-help`} className="field-help">
            Checks the console now (password, certificate, fields), before any work in Azure. Used to log in once; not stored.
          </p>
        </>
      ) : null}
      <fieldset>
        <legend>Azure registration</legend>
        {providerIds.map((id) => (
          <label key={id} className="radio">
            <input type="radio" name={`${ids}-provider`} value={id} checked={provider === id} onChange={() => setProvider(id)} />
            {PROVIDER_LABEL[id]}
          </label>
        ))}
      </fieldset>
      {touched && !complete ? <p className="field-error" role="alert">Fill in a valid host name and the organization.</p> : null}
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create profile'}
      </button>
    </form>
  );
}

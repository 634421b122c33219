import { useId, useState, type FormEvent } from 'react';
import type { AppErrorShape } from '../../../../shared/errors';
import { callbackUrlFor, consoleUrlSchema, hostnameSchema, type ProfilePatch, type ProfileView } from '../../../../shared/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { MappingForm } from '../bundle/MappingForm';
import { toShownError } from '../../errors';
import { cleanHostname } from './host-input';
import { useProfilesStore } from './store';

/** Changes an installation's settings; secrets are not edited here (they come from Azure or `ads-setup secret set`). */
export function EditProfileForm({ view, onDone }: { view: ProfileView; onDone: () => void }) {
  const { profile } = view;
  const update = useProfilesStore((s) => s.update);
  const upsert = useProfilesStore((s) => s.upsert);
  const ids = useId();
  const [label, setLabel] = useState(profile.label);
  const [hostname, setHostname] = useState(profile.hostname);
  const [organization, setOrganization] = useState(profile.organization);
  const [consoleUrl, setConsoleUrl] = useState(profile.console.url ?? '');
  const [trailingSlash, setTrailingSlash] = useState(profile.callbackTrailingSlash);
  const [expires, setExpires] = useState(profile.azure.clientSecretExpiresOn ?? '');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  // DeepSource's own host name, as the console's config gave it at the last session: one field less to type.
  const offered = profile.console.deepsourceHost;

  // A pasted address (https://host/login) is cleaned to its host name, as in the new-installation form.
  const host = hostnameSchema.safeParse(cleanHostname(hostname));
  const consoleCheck = consoleUrl ? consoleUrlSchema.safeParse(consoleUrl) : null;
  const invalid = !host.success || (consoleCheck !== null && !consoleCheck.success) || label.trim() === '' || organization.trim() === '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (invalid) return;
    if (!host.success) return;
    const patch: ProfilePatch = { label, hostname: host.data, organization, callbackTrailingSlash: trailingSlash };
    if (consoleUrl.trim()) patch.consoleUrl = consoleUrl.trim();
    if (expires) patch.secretExpires = expires;
    setBusy(true);
    try {
      await update(profile.id, patch);
      onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
    <form className="form edit-form" onSubmit={(e) => void submit(e)} aria-label={`Edit ${profile.label}`} noValidate>
      <label htmlFor={`${ids}-label`}>Installation name</label>
      <input id={`${ids}-label`} value={label} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
      <label htmlFor={`${ids}-host`}>DeepSource host name</label>
      <input id={`${ids}-host`} value={hostname} onChange={(e) => setHostname(e.target.value)} onBlur={() => setHostname(cleanHostname(hostname))} autoComplete="off" spellCheck={false} aria-invalid={host.success ? undefined : true} />
      <p className={host.success ? 'field-help' : 'field-error'}>
        {host.success ? <>Callback URL: <code>{callbackUrlFor({ hostname: host.data, callbackTrailingSlash: trailingSlash })}</code></> : (host.error.issues[0]?.message ?? 'not a host name')}
      </p>
      {offered && offered !== (host.success ? host.data : hostname) ? (
        <p className="field-help" data-testid="host-offer">
          The admin console’s configuration serves DeepSource at <code>{offered}</code>.{' '}
          <button type="button" className="link" onClick={() => setHostname(offered)}>
            Use {offered}
          </button>
        </p>
      ) : null}
      <label className="radio">
        <input type="checkbox" checked={trailingSlash} onChange={(e) => setTrailingSlash(e.target.checked)} /> Callback URL ends with a slash (must match the app in Azure exactly)
      </label>
      <label htmlFor={`${ids}-org`}>Organization</label>
      <input id={`${ids}-org`} value={organization} onChange={(e) => setOrganization(e.target.value)} autoComplete="off" />
      <label htmlFor={`${ids}-console`}>Admin console address</label>
      <input id={`${ids}-console`} value={consoleUrl} onChange={(e) => setConsoleUrl(e.target.value)} placeholder="https://console.example.com:8800" autoComplete="off" spellCheck={false} />
      {consoleCheck && !consoleCheck.success ? <p className="field-error">{consoleCheck.error.issues[0]?.message}</p> : null}
      {profile.console.establishedAt ? <p className="field-help">This console is trusted; moving the installation to another one is confirmed in a system dialog.</p> : null}
      <label htmlFor={`${ids}-expires`}>Client secret expires on</label>
      <input id={`${ids}-expires`} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      {error ? <ErrorNotice error={error} /> : null}
      <div className="actions">
        <button type="submit" disabled={busy || invalid}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
    <MappingForm view={view} onSaved={upsert} />
    </>
  );
}

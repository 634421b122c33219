import { useId, useRef, useState, type FormEvent } from 'react';
import { callbackUrlFor, consoleUrlSchema, hostnameSchema, type ProfileView, type ProviderId } from '../../../../shared/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { useProviders } from '../providers/store';
import { cleanHostname } from './host-input';
import { useProfilesStore } from './store';

const HOST_PROBLEM = 'Enter the host name DeepSource is served on, such as deepsource.example.com.';
const CONSOLE_PROBLEM = 'Enter the admin console’s address, such as https://console.example.com:8800 (plain http only for localhost).';

/**
 * A new installation; the callback URL that Azure will be given is shown as the host is typed. A pasted URL is
 * cleaned into a host name; each field is checked when it is left and says what is wrong right under it. With
 * `askConsolePassword` (the wizard) a console password can be given to check the console at once; it goes to
 * `onCreated` once and is never kept here.
 */
export function NewProfileForm({ onCreated, askConsolePassword = false }: { onCreated?: (view: ProfileView, consolePassword?: string) => void; askConsolePassword?: boolean }) {
  const create = useProfilesStore((s) => s.create);
  const busy = useProfilesStore((s) => s.busy === 'new');
  const createError = useProfilesStore((s) => s.error);
  const [tried, setTried] = useState(false);
  const [label, setLabel] = useState('');
  const [hostname, setHostname] = useState('');
  const [organization, setOrganization] = useState('');
  const [consoleUrl, setConsoleUrl] = useState('');
  const [consolePassword, setConsolePassword] = useState('');
  const providers = useProviders();
  const [chosen, setProvider] = useState<ProviderId | null>(null);
  // Preselected: the first provider offered to new installations.
  const provider = chosen ?? (providers?.find((p) => p.choice.newInstallations) ?? providers?.[0])?.id;
  const [left, setLeft] = useState<Record<string, boolean>>({});
  const hostRef = useRef<HTMLInputElement>(null);
  const orgRef = useRef<HTMLInputElement>(null);
  const consoleRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  const host = hostnameSchema.safeParse(cleanHostname(hostname));
  const consoleCheck = consoleUrlSchema.safeParse(consoleUrl.trim());
  const errors = {
    host: !host.success ? HOST_PROBLEM : null,
    org: organization.trim() === '' ? 'Enter the organization’s name (it names the app in Azure).' : null,
    console: consoleUrl.trim() && !consoleCheck.success ? CONSOLE_PROBLEM : null,
  };
  const shown = (field: keyof typeof errors) => (left[field] ? errors[field] : null);
  const callback = host.success ? callbackUrlFor({ hostname: host.data, callbackTrailingSlash: false }) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setLeft({ host: true, org: true, console: true });
    const firstBad = errors.host ? hostRef : errors.org ? orgRef : errors.console ? consoleRef : null;
    if (firstBad) return firstBad.current?.focus();
    if (provider === undefined) return;
    setTried(true);
    // The name defaults to the host name: one field less for the common single-installation case.
    const view = await create({
      label: label.trim() || cleanHostname(hostname),
      hostname: cleanHostname(hostname),
      organization,
      provider,
      ...(consoleUrl.trim() ? { consoleUrl: consoleUrl.trim() } : {}),
    });
    if (view) {
      const password = consolePassword;
      setLabel('');
      setHostname('');
      setOrganization('');
      setConsoleUrl('');
      setConsolePassword('');
      setLeft({});
      setTried(false);
      onCreated?.(view, consoleUrl.trim() && password ? password : undefined);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} noValidate>
      <h2 id={`${ids}-title`}>New installation</h2>
      <TextField
        label="DeepSource host name"
        inputRef={hostRef}
        value={hostname}
        onChange={setHostname}
        onBlur={() => {
          setHostname(cleanHostname(hostname));
          setLeft({ ...left, host: true });
        }}
        placeholder="deepsource.example.com"
        autoComplete="off"
        spellCheck={false}
        required
        error={shown('host')}
        help={callback ? <>Callback URL for Azure: <code>{callback}</code></> : 'Without https:// or a path; a pasted address is cleaned.'}
      />
      <TextField label="Organization" inputRef={orgRef} value={organization} onChange={setOrganization} onBlur={() => setLeft({ ...left, org: true })} placeholder="Stark International" autoComplete="off" required error={shown('org')} />
      <TextField label="Installation name (optional)" value={label} onChange={setLabel} placeholder="the host name" autoComplete="off" />
      <TextField
        label="Admin console address (optional)"
        inputRef={consoleRef}
        value={consoleUrl}
        onChange={setConsoleUrl}
        onBlur={() => setLeft({ ...left, console: true })}
        placeholder="https://console.example.com:8800"
        autoComplete="off"
        spellCheck={false}
        error={shown('console')}
        help="Needed only to push the values; leave it empty to export a bundle instead."
      />
      {askConsolePassword && consoleUrl.trim() && !errors.console ? (
        <TextField
          label="Admin console password (optional)"
          type="password"
          value={consolePassword}
          onChange={setConsolePassword}
          autoComplete="off"
          help="Checks the console now (password, certificate, fields), before any work in Azure. Used to log in once; not stored."
        />
      ) : null}
      <fieldset>
        <legend>Azure registration</legend>
        {(providers ?? []).map(({ id, choice }) => (
          <label key={id} className="radio">
            <input type="radio" name={`${ids}-provider`} value={id} checked={provider === id} onChange={() => setProvider(id)} />
            {choice.label}
          </label>
        ))}
      </fieldset>
      {tried && createError && !busy ? <ErrorNotice error={createError} /> : null}
      <div className="actions">
        <button type="submit" disabled={busy || provider === undefined}>
          {busy ? 'Creating…' : 'Create installation'}
        </button>
      </div>
    </form>
  );
}

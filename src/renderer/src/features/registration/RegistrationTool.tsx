import { useState, type FormEvent } from 'react';
import { callbackUrlFor, hostnameSchema } from '../../../../shared/profile';
import type { ProviderId } from '../../../../shared/registration';
import { TextField } from '../../components/TextField';
import { cleanHostname } from '../profiles/host-input';
import { RegistrationPanel } from './RegistrationPanel';
import { useRegistrationStore } from './store';

/** Tools: a registration on its own (diagnosis, or an app for an installation made elsewhere). */
export function RegistrationTool() {
  const state = useRegistrationStore((s) => s.state);
  const start = useRegistrationStore((s) => s.start);
  const busy = useRegistrationStore((s) => s.busy);
  const input = useRegistrationStore((s) => s.input);
  const clear = useRegistrationStore((s) => s.clear);
  const [provider, setProvider] = useState<ProviderId>('entra');
  const [hostname, setHostname] = useState('');
  const [org, setOrg] = useState('');
  const [trailingSlash, setTrailingSlash] = useState(false);
  const [hostError, setHostError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const host = hostnameSchema.safeParse(cleanHostname(hostname));
    if (!host.success) return setHostError('Enter the host name DeepSource is served on, e.g. deepsource.example.com.');
    void start({ provider, hostname: host.data, org: org.trim(), trailingSlash });
  };
  const heading = (
    <h2 id="registration-title" className="step-heading">
      Register an app in Azure
    </h2>
  );
  if (state) {
    // The values read stay on screen after the browser closes, until the admin starts afresh.
    const again = input ? (chosen: ProviderId) => void start({ provider: chosen, ...input }) : undefined;
    return (
      <>
        <RegistrationPanel
          heading={heading}
          {...(input ? { organization: input.org, callbackUrl: callbackUrlFor({ hostname: input.hostname, callbackTrailingSlash: input.trailingSlash }) } : {})}
          {...(again ? { onUseEntra: () => again('entra'), onReopen: () => again(state.provider) } : {})}
        />
        {state.ended ? (
          <div className="actions">
            <button type="button" className="secondary" onClick={clear}>
              Start another registration
            </button>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="registration-title">
      {heading}
      <form className="form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Kind of app</legend>
          <label className="radio">
            <input type="radio" name="tool-provider" checked={provider === 'entra'} onChange={() => setProvider('entra')} /> Microsoft Entra ID
          </label>
          <label className="radio">
            <input type="radio" name="tool-provider" checked={provider === 'ado-oauth'} onChange={() => setProvider('ado-oauth')} /> Azure DevOps OAuth (registered before April 2025)
          </label>
        </fieldset>
        <TextField
          label="DeepSource host name"
          value={hostname}
          onChange={(value) => {
            setHostname(value);
            setHostError(null);
          }}
          onBlur={() => setHostname(cleanHostname(hostname))}
          error={hostError}
          placeholder="deepsource.example.com"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField label="Organization" value={org} onChange={setOrg} placeholder="Contoso" autoComplete="off" required />
        <label className="check">
          <input type="checkbox" checked={trailingSlash} onChange={(e) => setTrailingSlash(e.target.checked)} /> The callback URL ends with a slash
        </label>
        <div className="actions">
          <button type="submit" disabled={busy || org.trim() === ''}>
            Open Azure
          </button>
        </div>
      </form>
    </section>
  );
}

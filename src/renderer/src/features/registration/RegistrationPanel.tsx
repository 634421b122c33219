import { useState, type FormEvent } from 'react';
import type { ProviderId, RegistrationState } from '../../../../shared/registration';
import { api } from '../../api';
import { CheckList } from '../../components/CheckList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useViewBounds } from '../../components/useViewBounds';
import { useRegistrationStore } from './store';

type PickableField = 'appId' | 'tenantId' | 'clientSecret' | 'authorizeUrl';
const PICKABLE = new Set<string>(['appId', 'tenantId', 'clientSecret', 'authorizeUrl']);

function StartForm({ initial }: { initial?: { hostname: string; org: string } }) {
  const start = useRegistrationStore((s) => s.start);
  const busy = useRegistrationStore((s) => s.busy);
  const [provider, setProvider] = useState<ProviderId>('ado-oauth');
  const [hostname, setHostname] = useState(initial?.hostname ?? '');
  const [org, setOrg] = useState(initial?.org ?? '');
  const [trailingSlash, setTrailingSlash] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start({ provider, hostname: hostname.trim(), org: org.trim(), trailingSlash });
  };
  return (
    <form className="registration-start" onSubmit={submit}>
      <fieldset>
        <legend>Register the OAuth app with</legend>
        <label>
          <input type="radio" name="provider" checked={provider === 'ado-oauth'} onChange={() => setProvider('ado-oauth')} /> Azure DevOps OAuth (legacy)
        </label>
        <label>
          <input type="radio" name="provider" checked={provider === 'entra'} onChange={() => setProvider('entra')} /> Microsoft Entra ID
        </label>
      </fieldset>
      <label className="field">
        DeepSource host name
        <input value={hostname} onChange={(e) => setHostname(e.target.value)} placeholder="deepsource.example.com" required />
      </label>
      <label className="field">
        Organization name
        <input value={org} onChange={(e) => setOrg(e.target.value)} placeholder="Contoso" required />
      </label>
      <label className="check">
        <input type="checkbox" checked={trailingSlash} onChange={(e) => setTrailingSlash(e.target.checked)} /> Callback URL ends with a slash
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Open registration page
        </button>
      </div>
    </form>
  );
}

function AddressBar({ state }: { state: RegistrationState }) {
  const navigate = useRegistrationStore((s) => s.navigate);
  return (
    <div className="address-bar">
      <button type="button" onClick={() => void navigate('back')} disabled={!state.canGoBack || state.ended} aria-label="Back">
        ←
      </button>
      <button type="button" onClick={() => void navigate('reload')} disabled={state.ended} aria-label="Reload">
        ⟳
      </button>
      <span className={state.secure ? 'lock lock-on' : 'lock lock-off'} data-testid="lock" title={state.secure ? 'Secure connection (https)' : 'Not secure'}>
        <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" focusable="false">
          <rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" />
          <path d={state.secure ? 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6' : 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0'} fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>{' '}
        {state.secure ? 'https' : 'not secure'}
      </span>
      <span className="address" data-testid="current-url" title={state.url}>
        {state.url}
      </span>
      <span className={state.trusted ? 'badge badge-ok' : 'badge'} data-testid="trust">
        {state.trusted ? 'Azure page: values are read here' : 'Sign-in or other page: nothing is read here'}
      </span>
      {state.loading ? <span className="muted">Loading…</span> : null}
    </div>
  );
}

export function Checklist({ state }: { state: RegistrationState }) {
  const pick = useRegistrationStore((s) => s.pick);
  const cancelPick = useRegistrationStore((s) => s.cancelPick);
  return (
    <table className="checklist" aria-label="Values">
      <tbody>
        {state.fields.map((field) => (
          <tr key={field.key} data-testid={`field-${field.key}`}>
            <th scope="row">{field.title}</th>
            <td className={`status status-${field.status}`}>{field.status === 'found' ? `✓ found${field.source === 'pick' ? ' (picked)' : ''}` : field.status === 'rejected' ? '✗ refused' : '… missing'}</td>
            <td className="value" data-testid={`value-${field.key}`}>
              {field.masked ? `${field.masked.masked} (${field.masked.length} characters)` : (field.value ?? field.reason ?? '')}
            </td>
            <td>
              {PICKABLE.has(field.key) && !field.title.includes('(built)') && !state.ended ? (
                state.picking === field.key ? (
                  <button type="button" onClick={() => void cancelPick()}>
                    Cancel pick
                  </button>
                ) : (
                  <button type="button" onClick={() => void pick(field.key as PickableField)} disabled={state.picking !== null} aria-label={`Pick ${field.title}`}>
                    Pick
                  </button>
                )
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Checks({ state }: { state: RegistrationState }) {
  return <CheckList checks={state.checks} label="Checks" />;
}

/** Standalone (with its own start form) or embedded in the wizard, which starts the flow from the chosen profile. */
export function RegistrationPanel({ embedded = false, onUseEntra }: { embedded?: boolean; onUseEntra?: () => void } = {}) {
  const state = useRegistrationStore((s) => s.state);
  const error = useRegistrationStore((s) => s.error);
  const busy = useRegistrationStore((s) => s.busy);
  const extract = useRegistrationStore((s) => s.extract);
  const end = useRegistrationStore((s) => s.end);
  const start = useRegistrationStore((s) => s.start);
  const lastInput = useRegistrationStore((s) => s.input);
  const viewRef = useViewBounds(state?.ended === false ? state.flowId : undefined, (flowId, bounds) => api.registrationSetBounds({ flowId, ...bounds }));

  const active = state !== null && !state.ended;
  return (
    <section className="card registration" aria-labelledby="registration-title">
      <h2 id="registration-title">Register the app in Azure</h2>
      {!active ? (
        embedded ? null : <StartForm key={state?.flowId ?? 'new'} {...(lastInput ? { initial: lastInput } : {})} />
      ) : (
        <>
          <p className="muted">
            {state.providerTitle}. Sign in below; the form is filled for you, and the values are read straight from the page. Nothing is submitted for you and nothing goes through the clipboard.
          </p>
          <AddressBar state={state} />
          {state.blocked ? (
            <div className="notice notice-error" role="alert" data-testid="blocked">
              <p className="notice-message">Blocked: {state.blocked.url}</p>
              <p className="notice-remedy">{state.blocked.reason}</p>
            </div>
          ) : null}
          {state.notice ? (
            <div className="notice notice-warn" role="status" data-testid="notice">
              {state.notice}
            </div>
          ) : null}
          {state.refusal ? (
            <div className="notice notice-error" role="alert" data-testid="refusal">
              <p className="notice-message">{state.refusal.message}</p>
              {state.refusal.pageText ? <p className="notice-remedy">The page says: “{state.refusal.pageText}”</p> : null}
              <button
                type="button"
                onClick={() => {
                  if (onUseEntra) onUseEntra();
                  else if (lastInput) void start({ ...lastInput, provider: 'entra' });
                }}
              >
                Use Microsoft Entra ID instead
              </button>
            </div>
          ) : null}
          <div className="browser-view" ref={viewRef} data-testid="browser-view" aria-label="Built-in browser" />
          {state.prefill ? (
            <div className="prefill" data-testid="prefill">
              <h3>Filled in for you (check, then press the page’s own create button)</h3>
              <ul>
                {state.prefill.filled.map((f) => (
                  <li key={f.label}>
                    {f.label}: <code>{f.value}</code>
                  </li>
                ))}
                {state.prefill.ticked.map((label) => (
                  <li key={label}>☑ {label}</li>
                ))}
                {state.prefill.missingFields.map((label) => (
                  <li key={label} className="check-failed">
                    Not found on the page: {label}
                  </li>
                ))}
                {state.prefill.missingScopes.map((label) => (
                  <li key={label} className="check-failed">
                    Scope not found: {label}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {state.picking ? <p className="notice" data-testid="picking">Click the value in the page (Esc cancels).</p> : null}
          <Checklist state={state} />
          <Checks state={state} />
          <div className="actions">
            <button type="button" onClick={() => void extract()} disabled={busy}>
              Read values again
            </button>
            <button type="button" className="secondary" onClick={() => void end()} disabled={busy}>
              Close browser
            </button>
            {state.complete ? <strong data-testid="complete">All values found and checked.</strong> : null}
          </div>
        </>
      )}
      {state?.ended && !embedded ? (
        <>
          <p className="muted">The built-in browser is closed and its session cleared.</p>
          <Checklist state={state} />
          <Checks state={state} />
        </>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

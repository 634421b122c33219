import { useState } from 'react';
import type { PlanDecision } from '../../../../shared/console';
import { CONSOLE_FIELD_TITLES, type ConsoleFieldRole } from '../../../../shared/profile';
import { Fingerprint, KOTS_CERTIFICATE_COMMAND } from '../../components/Fingerprint';
import { useConsoleStore } from './store';

/** A changed certificate: its own red warning, both fingerprints; only the main process's dialog can accept it. */
function ChangedCertificate({ result }: { result: Extract<PlanDecision, { status: 'needs-trust' }> }) {
  const trust = useConsoleStore((s) => s.trust);
  const distrust = useConsoleStore((s) => s.distrust);
  return (
    <div className="notice notice-error" role="alert" data-testid="certificate-changed">
      <h3>The console’s certificate changed</h3>
      <p>Someone may be intercepting the connection to {result.console}. Nothing was sent.</p>
      <dl className="facts" aria-label="Certificates">
        <dt>Trusted until now</dt>
        <dd>
          <code className="fingerprint" data-testid="console-pinned-fingerprint">
            {result.pinnedFingerprint ?? 'unknown'}
          </code>
        </dd>
        <dt>Presented now</dt>
        <dd>
          <code className="fingerprint" data-testid="console-fingerprint">
            {result.fingerprint ?? 'unknown'}
          </code>
        </dd>
      </dl>
      <p>Go on only if you renewed the console’s certificate yourself and the new fingerprint matches the one the console host shows.</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={distrust}>
          Don’t trust
        </button>
        {result.fingerprint ? (
          <button type="button" className="secondary" onClick={() => void trust(result.fingerprint as string)}>
            Review the new certificate…
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** First contact with a console whose certificate this computer does not trust: compare, then decide. */
function FirstContact({ result }: { result: Extract<PlanDecision, { status: 'needs-trust' }> }) {
  const trust = useConsoleStore((s) => s.trust);
  const distrust = useConsoleStore((s) => s.distrust);
  return (
    <div className="decision" role="group" aria-labelledby="trust-title" data-testid="certificate-first-contact">
      <h3 id="trust-title">Do you trust this admin console?</h3>
      <p>
        This computer connects to {result.console} for the first time. Its certificate is not from an authority this computer trusts, which is usual for a
        console installed with its own certificate. Compare its fingerprint with the one on the console host:
      </p>
      {result.fingerprint ? <Fingerprint value={result.fingerprint} testId="console-fingerprint" hostCommand={KOTS_CERTIFICATE_COMMAND} /> : null}
      <div className="actions">
        {result.fingerprint ? (
          <button type="button" onClick={() => void trust(result.fingerprint as string)}>
            Trust and continue
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={distrust}>
          Don’t trust
        </button>
      </div>
    </div>
  );
}

function roleTitle(role: ConsoleFieldRole): string {
  return CONSOLE_FIELD_TITLES[role].replace(' (checkbox)', ' (on or off)');
}

/** Which console item holds each field, where the titles did not say it unambiguously. */
function Mapping({ result }: { result: Extract<PlanDecision, { status: 'needs-mapping' }> }) {
  const map = useConsoleStore((s) => s.map);
  const [choices, setChoices] = useState<Partial<Record<ConsoleFieldRole, string>>>({});
  const [plainAccepted, setPlainAccepted] = useState<string[]>([]);
  const roles = [...result.missing, ...result.ambiguous, ...result.plainSecret];
  const chosenFor = (role: ConsoleFieldRole) => choices[role] ?? (result.plainSecret.includes(role) ? result.found[role] : undefined) ?? '';
  const typeOf = (role: ConsoleFieldRole, name: string) => (result.candidates[role] ?? []).find((c) => c.name === name)?.type;
  const incomplete = roles.some((role) => {
    const chosen = chosenFor(role);
    return !chosen || (result.plainSecret.includes(role) && typeOf(role, chosen) !== 'password' && !plainAccepted.includes(chosen));
  });
  return (
    <form
      className="decision"
      onSubmit={(event) => {
        event.preventDefault();
        void map(choices, plainAccepted);
      }}
    >
      <h3>Which console field is which?</h3>
      <p>These fields could not be matched by their titles. Choose each one once; the choice is remembered.</p>
      {roles.map((role) => {
        const chosen = chosenFor(role);
        const chosenType = typeOf(role, chosen);
        const id = `map-${role}`;
        return (
          <div key={role} className="field">
            <label htmlFor={id}>{roleTitle(role)}</label>
            <select id={id} value={chosen} onChange={(event) => setChoices({ ...choices, [role]: event.target.value })}>
              <option value="">Choose…</option>
              {(result.candidates[role] ?? []).map((candidate) => (
                <option key={candidate.name} value={candidate.name}>
                  {candidate.title || candidate.name} ({candidate.group}, {candidate.type || 'text'})
                </option>
              ))}
            </select>
            {chosen && chosenType !== undefined && chosenType !== 'password' && (role === 'clientSecret' || role === 'webhookSecret') ? (
              <label className="check">
                <input type="checkbox" checked={plainAccepted.includes(chosen)} onChange={(event) => setPlainAccepted(event.target.checked ? [...plainAccepted, chosen] : plainAccepted.filter((n) => n !== chosen))} />
                Store this secret in a plain {chosenType || 'text'} field anyway (the console keeps it unencrypted)
              </label>
            ) : null}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit" disabled={incomplete}>
          Use these fields
        </button>
      </div>
    </form>
  );
}

/** What the admin must decide before the console can be used: trust its certificate, pick the app, map fields. */
export function ConsoleDecision({ result }: { result: PlanDecision }) {
  const chooseApp = useConsoleStore((s) => s.chooseApp);
  if (result.status === 'needs-trust') return result.reason === 'changed' ? <ChangedCertificate result={result} /> : <FirstContact result={result} />;
  if (result.status === 'needs-app') {
    return (
      <div className="decision" role="group" aria-labelledby="app-title">
        <h3 id="app-title">Which app is DeepSource?</h3>
        <p>The console at {result.console} runs several apps.</p>
        <div className="actions">
          {result.apps.map((app) => (
            <button key={app.slug} type="button" className="secondary" onClick={() => void chooseApp(app.slug)}>
              {app.name}
            </button>
          ))}
        </div>
      </div>
    );
  }
  return <Mapping result={result} />;
}

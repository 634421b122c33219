import { useState, type FormEvent } from 'react';
import type { ApplyInstructions } from '../../../../shared/bundle';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useBundleStore } from './store';

function HostCommands({ instructions }: { instructions: ApplyInstructions }) {
  return (
    <div className="host-commands">
      <h3>On the console host</h3>
      <p className="hint">
        Pin the signing public key at /etc/ads-setup/signing.pub (or .pem) and the host&apos;s age key at /etc/ads-setup/host.agekey
        beforehand; then run, in the folder holding the bundle:
      </p>
      <ol aria-label="Host commands">
        {instructions.steps.map((step) => (
          <li key={step.id}>
            <p>{step.title}</p>
            <pre>
              <code data-testid={`host-step-${step.id}`}>{step.command}</code>
            </pre>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function BundlePanel() {
  const { key, exported, verified, loadKey, exportBundle, verifyBundle } = useBundleStore();
  const [profileId, setProfileId] = useState('');
  const [recipient, setRecipient] = useState('');
  const [days, setDays] = useState(7);
  const [publicKey, setPublicKey] = useState('');

  const onExport = (event: FormEvent) => {
    event.preventDefault();
    void exportBundle({ profileId: profileId.trim(), recipient: recipient.trim(), expiresInDays: days });
  };
  const onVerify = (event: FormEvent) => {
    event.preventDefault();
    void verifyBundle({ publicKey });
  };

  return (
    <section className="card" aria-labelledby="bundle-title">
      <h2 id="bundle-title">Signed config bundle</h2>
      <p className="hint">For an admin console this machine cannot reach: carry a signed bundle to the console host and apply it there.</p>

      <h3>Signing key</h3>
      <button type="button" onClick={() => void loadKey()} disabled={key.status === 'busy'}>
        Show signing key
      </button>
      {key.status === 'done' && key.value === null ? <p>No signing key yet: it is created on the first export.</p> : null}
      {key.status === 'done' && key.value ? (
        <>
          <dl className="facts" aria-label="Signing key">
            <dt>Key id</dt>
            <dd data-testid="signing-key-id">{key.value.keyId}</dd>
            <dt>Fingerprint</dt>
            <dd data-testid="signing-key-fingerprint">{key.value.fingerprint}</dd>
          </dl>
          <pre>
            <code data-testid="signing-key-minisign">{key.value.minisign}</code>
          </pre>
        </>
      ) : null}
      {key.status === 'failed' ? <ErrorNotice error={key.error} /> : null}

      <h3>Export</h3>
      <form onSubmit={onExport} className="stacked-form">
        <label>
          Profile id
          <input value={profileId} onChange={(e) => setProfileId(e.target.value)} required />
        </label>
        <label>
          Console host&apos;s age recipient
          <input value={recipient} onChange={(e) => setRecipient(e.target.value)} placeholder="age1…" required spellCheck={false} />
        </label>
        <label>
          Valid for (days)
          <input type="number" min={1} max={90} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
        <button type="submit" disabled={exported.status === 'busy'}>
          Export bundle…
        </button>
      </form>
      {exported.status === 'failed' ? <ErrorNotice error={exported.error} /> : null}
      {exported.status === 'done' ? (
        <div role="status">
          <p data-testid="export-result">
            Saved {exported.value.fileName} ({exported.value.size} bytes), bundle {exported.value.meta.bundleId}, expires {exported.value.meta.expiresAt}.
          </p>
          <HostCommands instructions={exported.value.instructions} />
        </div>
      ) : null}

      <h3>Verify</h3>
      <form onSubmit={onVerify} className="stacked-form">
        <label>
          Pinned public key (minisign .pub or PEM)
          <textarea value={publicKey} onChange={(e) => setPublicKey(e.target.value)} rows={3} required spellCheck={false} />
        </label>
        <button type="submit" disabled={verified.status === 'busy'}>
          Verify a bundle…
        </button>
      </form>
      {verified.status === 'failed' ? <ErrorNotice error={verified.error} /> : null}
      {verified.status === 'done' ? (
        <div role="status" data-testid="verify-result">
          {verified.value.report.valid ? (
            <p>
              Valid: {verified.value.path} was signed by the pinned key and nothing changed; expires {verified.value.report.meta?.expiresAt}.
            </p>
          ) : (
            <div className="notice notice-error">
              <p className="notice-message">Invalid: {verified.value.report.reason}</p>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}

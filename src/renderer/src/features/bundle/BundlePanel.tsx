import { useState, type FormEvent } from 'react';
import type { ApplyInstructions } from '../../../../shared/bundle';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useBundleStore } from './store';

function HostCommands({ instructions, fileName }: { instructions: ApplyInstructions; fileName: string }) {
  return (
    <div className="host-commands">
      <h3>On the console host</h3>
      <p className="hint">
        Pin the signing public key at /etc/ads-setup/signing.pub (or .pem) and the host&apos;s age key at /etc/ads-setup/host.agekey
        beforehand. Then save this script as apply.sh next to the bundle and run <code>sudo bash apply.sh &lt; {fileName}</code>: it checks
        the bundle with stock tools, refuses an older one, applies it in one step and removes the decrypted secrets on every exit.
      </p>
      <ol aria-label="Host script steps" className="muted">
        {instructions.steps.map((step) => (
          <li key={step.id}>{step.title}</li>
        ))}
      </ol>
      <pre>
        <code data-testid="host-script">{instructions.script}</code>
      </pre>
    </div>
  );
}

/**
 * Export (for a profile: fixed when the wizard gives it, typed otherwise) and verify. `show` picks the part a screen
 * needs: the wizard's Deliver step exports, the Verify screen verifies.
 */
export function BundlePanel({ profileId: fixedProfileId, show = 'all' }: { profileId?: string; show?: 'export' | 'verify' | 'all' } = {}) {
  const { key, exported, verified, loadKey, exportBundle, verifyBundle } = useBundleStore();
  const [typedProfileId, setProfileId] = useState('');
  const profileId = fixedProfileId ?? typedProfileId;
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
      <h2 id="bundle-title">{show === 'verify' ? 'Verify a signed config bundle' : 'Signed config bundle'}</h2>
      <p className="hint">
        {show === 'verify'
          ? 'Check a bundle against the signing public key you pinned: signature, every file, format version and expiry.'
          : 'For an admin console this machine cannot reach: carry a signed bundle to the console host and apply it there.'}
      </p>
      {show !== 'verify' ? (
        <>
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
        {fixedProfileId === undefined ? (
          <label>
            Profile id
            <input value={typedProfileId} onChange={(e) => setProfileId(e.target.value)} required />
          </label>
        ) : null}
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
          <HostCommands instructions={exported.value.instructions} fileName={exported.value.fileName} />
        </div>
      ) : null}

        </>
      ) : null}
      {show !== 'export' ? (
        <>
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
        </>
      ) : null}
    </section>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { ageRecipientSchema, type ApplyInstructions, type BundleTarget } from '../../../../shared/bundle';
import { consoleFieldRoles } from '../../../../shared/profile';
import { printable } from '../../../../shared/printable';
import { shellQuote } from '../../../../shared/shell-quote';
import { ErrorNotice } from '../../components/ErrorNotice';
import { InstallationPicker } from '../../components/InstallationPicker';
import { TextField } from '../../components/TextField';
import { useProfilesStore } from '../profiles/store';
import { MappingForm } from './MappingForm';
import { useBundleStore } from './store';

function HostCommands({ instructions, fileName }: { instructions: ApplyInstructions; fileName: string }) {
  const { savedScript, saveHostScript } = useBundleStore();
  return (
    <div className="host-commands">
      <h3>On the console host</h3>
      <p className="hint">
        Pin the signing public key at /etc/ads-setup/signing.pub (or .pem) and the host&apos;s age key at /etc/ads-setup/host.agekey
        beforehand. Save the host script (it is signed with the same key), carry it with the bundle, and run there:
        <code> minisign -Vm apply.sh -p /etc/ads-setup/signing.pub</code> then <code>sudo bash apply.sh &lt; {shellQuote(fileName)}</code>. It checks the
        bundle and that every item exists in the app, refuses an older bundle, applies it in one step and removes the decrypted secrets on
        every exit.
      </p>
      <button type="button" onClick={() => void saveHostScript()} disabled={savedScript.status === 'busy'}>
        Save host script…
      </button>
      {savedScript.status === 'done' ? (
        <p role="status" data-testid="host-script-saved">
          Saved {savedScript.value.path} and its signature {savedScript.value.signaturePath}.
        </p>
      ) : null}
      {savedScript.status === 'failed' ? <ErrorNotice error={savedScript.error} /> : null}
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

/** The console mapping for the profile being exported: shown when it is incomplete, or when the admin asks. */
function ProfileMapping({ profileId, needed }: { profileId: string; needed: boolean }) {
  const { profiles, status, load, upsert } = useProfilesStore();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);
  const view = profiles.find((p) => p.profile.id === profileId);
  if (!view) return null;
  const incomplete = consoleFieldRoles.some((role) => !view.profile.consoleItems[role]) || !view.profile.console.appSlug;
  if (!incomplete && !needed && !open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Console item names…
      </button>
    );
  }
  return <MappingForm key={view.profile.id} view={view} onSaved={upsert} />;
}

/**
 * Export (for a profile: fixed when the wizard gives it, typed otherwise) and verify. `show` picks the part a screen
 * needs: the wizard's Deliver step exports, the Verify screen verifies.
 */
export function BundlePanel({ profileId: fixedProfileId, show = 'all' }: { profileId?: string; show?: 'export' | 'verify' | 'all' } = {}) {
  const { key, exported, verified, loadKey, exportBundle, verifyBundle } = useBundleStore();
  const [pickedProfileId, setProfileId] = useState('');
  const profileId = fixedProfileId ?? pickedProfileId;
  const [recipient, setRecipient] = useState('');
  const [recipientLeft, setRecipientLeft] = useState(false);
  const recipientError = ageRecipientSchema.safeParse(recipient).success
    ? null
    : 'Paste the console host’s age public key: “age1” and 58 more letters and digits, as `age-keygen -y host.agekey` prints it on the host.';
  const [days, setDays] = useState(7);
  const [deploy, setDeploy] = useState(false);
  const [target, setTarget] = useState<BundleTarget>('kots');
  const [publicKey, setPublicKey] = useState('');

  const onExport = (event: FormEvent) => {
    event.preventDefault();
    setRecipientLeft(true);
    if (recipientError) return;
    void exportBundle({ profileId: profileId.trim(), recipient: recipient.trim(), expiresInDays: days, deploy, target });
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
        {fixedProfileId === undefined ? <InstallationPicker value={pickedProfileId} onChange={setProfileId} /> : null}
        <TextField
          label="Console host’s age public key"
          value={recipient}
          onChange={setRecipient}
          onBlur={() => setRecipientLeft(true)}
          placeholder="age1…"
          spellCheck={false}
          autoComplete="off"
          error={recipientLeft && recipient.trim() !== '' ? recipientError : recipientLeft && recipient.trim() === '' ? 'Paste the console host’s age public key (age1…).' : null}
          help="The bundle’s secrets are encrypted to it, so only that host can read them."
        />
        <label>
          Valid for (days)
          <input type="number" min={1} max={90} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
        <label>
          Applied on the host with
          <select value={target} onChange={(e) => setTarget(e.target.value as BundleTarget)}>
            <option value="kots">the KOTS admin console (kubectl kots set config)</option>
            <option value="embedded-cluster-v3">Embedded Cluster v3 (the installer’s upgrade command)</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={deploy} onChange={(e) => setDeploy(e.target.checked)} /> Deploy the new version on the host
        </label>
        <button type="submit" disabled={exported.status === 'busy'}>
          Export bundle…
        </button>
      </form>
      {exported.status === 'failed' ? <ErrorNotice error={exported.error} /> : null}
      {profileId.trim() ? <ProfileMapping profileId={profileId.trim()} needed={exported.status === 'failed' && exported.error.code === 'NEEDS_MAPPING'} /> : null}
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
              <p className="notice-message">Invalid: {printable(verified.value.report.reason ?? 'it does not verify')}</p>
            </div>
          )}
        </div>
      ) : null}
        </>
      ) : null}
    </section>
  );
}

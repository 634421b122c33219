import { useId, useState, type FormEvent } from 'react';
import type { MappingProposal } from '../../../../shared/bundle';
import type { AppErrorShape } from '../../../../shared/errors';
import { CONSOLE_FIELD_TITLES, consoleFieldRoles, type ConsoleFieldRole, type ProfileView } from '../../../../shared/profile';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { toShownError } from '../../errors';

type Mapping = Partial<Record<ConsoleFieldRole, string>>;

/**
 * The console's item names for a bundle, without reaching the console: run the discovery script on the console
 * host, paste what it printed, check the match by title, save. Or type the names. Saved in the profile.
 */
export function MappingForm({ view, onSaved }: { view: ProfileView; onSaved?: (view: ProfileView) => void }) {
  const ids = useId();
  const { profile } = view;
  const [mapping, setMapping] = useState<Mapping>(profile.consoleItems);
  const [appSlug, setAppSlug] = useState(profile.console.appSlug ?? '');
  const [script, setScript] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');
  const [proposal, setProposal] = useState<MappingProposal | null>(null);
  const [plainAccepted, setPlainAccepted] = useState<string[]>(profile.plainSecretItems ?? []);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [saved, setSaved] = useState(false);

  async function attempt(run: () => Promise<void>) {
    setError(null);
    setSaved(false);
    try {
      await run();
    } catch (caught) {
      setError(toShownError(caught));
    }
  }

  const showScript = () => attempt(async () => setScript((await api.bundleDiscoveryScript({ profileId: profile.id })).script));
  const match = () =>
    attempt(async () => {
      const found = await api.bundleReadDiscovery({ text: pasted, ...(plainAccepted.length > 0 ? { allowPlainSecretItems: plainAccepted } : {}) });
      setProposal(found);
      setMapping({ ...mapping, ...Object.fromEntries(Object.entries(found.matched).map(([role, m]) => [role, m.name])) });
      if (found.appSlug) setAppSlug(found.appSlug);
    });
  const save = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      const fromFile = proposal !== null && consoleFieldRoles.every((role) => proposal.matched[role]?.name === mapping[role]);
      const next = await api.profileSetMapping({
        profileId: profile.id,
        mapping: Object.fromEntries(consoleFieldRoles.map((role) => [role, (mapping[role] ?? '').trim()])) as Record<ConsoleFieldRole, string>,
        ...(appSlug.trim() ? { appSlug: appSlug.trim() } : {}),
        source: fromFile ? 'discovery' : 'manual',
        ...(plainAccepted.length > 0 ? { allowPlainSecretItems: plainAccepted } : {}),
      });
      setSaved(true);
      onSaved?.(next);
    });
  };
  const plainRoles = new Set(proposal?.plainSecret ?? []);

  return (
    <form className="stacked-form mapping-form" onSubmit={save} aria-label="Console item names" noValidate>
      <h3>Console item names</h3>
      <p className="hint">
        A bundle names the console&apos;s own items for the six Azure DevOps Services fields. For a console this machine cannot reach, run the
        discovery script on the console host (<code>sh discover.sh &gt; ads-console-items.txt</code>; it prints names and titles, no value),
        paste what it printed, and check the match by title before saving.
      </p>
      <button type="button" className="secondary" onClick={() => void showScript()}>
        Show discovery script
      </button>
      {script ? (
        <pre>
          <code data-testid="discovery-script">{script}</code>
        </pre>
      ) : null}
      <label htmlFor={`${ids}-pasted`}>What the discovery script printed</label>
      <textarea id={`${ids}-pasted`} rows={4} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
      <button type="button" className="secondary" disabled={pasted.trim() === ''} onClick={() => void match()}>
        Match by title
      </button>
      {proposal ? (
        <p role="status" data-testid="mapping-proposal">
          {proposal.complete
            ? `${proposal.itemCount} items read; every field matched by its documented title. Check the names below, then save.`
            : `${proposal.itemCount} items read; choose the fields marked below yourself.`}
        </p>
      ) : null}
      <label htmlFor={`${ids}-app`}>Application in the console (its short name, as in the console’s address)</label>
      <input id={`${ids}-app`} value={appSlug} onChange={(e) => setAppSlug(e.target.value)} placeholder="deepsource" spellCheck={false} autoComplete="off" />
      {consoleFieldRoles.map((role) => {
        const matched = proposal?.matched[role];
        const note = proposal?.missing.includes(role) ? 'no item with this title' : proposal?.ambiguous.includes(role) ? 'several items match' : matched ? `${matched.by === 'title' ? 'matched by title' : 'chosen'}: "${matched.title}" (${matched.type || 'text'})` : '';
        const name = mapping[role] ?? '';
        return (
          <div key={role}>
            <label htmlFor={`${ids}-${role}`}>{CONSOLE_FIELD_TITLES[role]}</label>
            <input id={`${ids}-${role}`} value={name} onChange={(e) => setMapping({ ...mapping, [role]: e.target.value })} spellCheck={false} autoComplete="off" list={`${ids}-${role}-candidates`} />
            <datalist id={`${ids}-${role}-candidates`}>
              {(proposal?.candidates[role] ?? []).map((c) => (
                <option key={c.name} value={c.name}>
                  {c.title} ({c.type || 'text'})
                </option>
              ))}
            </datalist>
            {note ? <p className="field-help">{note}</p> : null}
            {plainRoles.has(role) && name ? (
              <label className="check">
                <input type="checkbox" checked={plainAccepted.includes(name)} onChange={(e) => setPlainAccepted(e.target.checked ? [...plainAccepted, name] : plainAccepted.filter((n) => n !== name))} />
                Store this secret in the plain item anyway (the console keeps it unencrypted)
              </label>
            ) : null}
          </div>
        );
      })}
      <button type="submit" disabled={consoleFieldRoles.some((role) => !(mapping[role] ?? '').trim())}>
        Save console items
      </button>
      {saved ? (
        <p role="status" data-testid="mapping-saved">
          Saved in the installation.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

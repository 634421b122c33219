import { useEffect, useId } from 'react';
import type { ProfileView } from '../../../shared/profile';
import { useProfilesStore } from '../features/profiles/store';
import { installationName } from './installation-name';

/** Chooses an installation by name (never a typed id); `filter` narrows the list (e.g. those with an App ID). */
export function InstallationPicker({ value, onChange, filter, label = 'Installation' }: { value: string; onChange: (id: string) => void; filter?: (view: ProfileView) => boolean; label?: string }) {
  const all = useProfilesStore((s) => s.profiles);
  const status = useProfilesStore((s) => s.status);
  const load = useProfilesStore((s) => s.load);
  const id = useId();
  useEffect(() => {
    if (status === 'idle') void load();
  }, [status, load]);
  const views = filter ? all.filter(filter) : all;
  useEffect(() => {
    if (!value && views[0]) onChange(views[0].profile.id);
  }, [value, views, onChange]);
  if (views.length === 0) return <p className="muted">No installation yet: create one under Set up.</p>;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {views.map((view) => (
          <option key={view.profile.id} value={view.profile.id}>
            {installationName(view.profile)}
          </option>
        ))}
      </select>
    </div>
  );
}

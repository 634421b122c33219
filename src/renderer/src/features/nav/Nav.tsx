import { useNavStore, VIEW_LABEL, views } from './store';

/** The app's sections; the current one is marked for screen readers with aria-current. */
export function Nav() {
  const view = useNavStore((s) => s.view);
  const go = useNavStore((s) => s.go);
  return (
    <nav className="nav" aria-label="Sections">
      {views.map((id) => (
        <button key={id} type="button" className="nav-item" aria-current={view === id ? 'page' : undefined} onClick={() => go(id)}>
          {VIEW_LABEL[id]}
        </button>
      ))}
    </nav>
  );
}

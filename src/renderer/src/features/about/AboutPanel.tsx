import { ErrorNotice } from '../../components/ErrorNotice';
import { useAboutStore } from './store';

export function AboutPanel() {
  const state = useAboutStore((store) => store.state);

  return (
    <section className="card" aria-labelledby="about-title">
      <h2 id="about-title">About this app</h2>
      {state.status === 'ready' ? (
        <dl className="facts" aria-label="App info">
          <dt>Version</dt>
          <dd data-testid="app-version">{state.info.version}</dd>
          <dt>Platform</dt>
          <dd data-testid="app-platform">
            {state.info.platform} ({state.info.arch})
          </dd>
          <dt>Runtime</dt>
          <dd>
            Node {state.info.runtime.node}
            {state.info.runtime.electron ? ` · Electron ${state.info.runtime.electron}` : ''}
          </dd>
        </dl>
      ) : null}
      {state.status === 'failed' ? <ErrorNotice error={state.error} /> : null}
    </section>
  );
}

import { useEffect } from 'react';
import { AboutPanel } from './features/about/AboutPanel';
import { useAboutStore } from './features/about/store';
import { BundlePanel } from './features/bundle/BundlePanel';
import { Nav } from './features/nav/Nav';
import { useNavStore } from './features/nav/store';
import { ProfilesPanel } from './features/profiles/ProfilesPanel';
import { SettingsPanel } from './features/settings/SettingsPanel';
import { ToolsPanel } from './features/tools/ToolsPanel';
import { WizardPanel } from './features/wizard/WizardPanel';

function DemoBanner() {
  const state = useAboutStore((s) => s.state);
  if (state.status !== 'ready' || !state.info.demo) return null;
  // In the page's flow (not sticky), so it never covers the field that has the focus.
  return (
    <div className="demo-banner" role="status">
      <strong>DEMO</strong> — local replicas of Azure and the admin console
      {/* While Azure is open the banner folds to its first words (styles.css: .azure-open). */}
      <span className="demo-banner-more">
        ; nothing here touches a real installation, and everything is deleted when the app closes.
        {state.info.demoPassword ? (
          <>
            {' '}
            Demo console password: <code data-testid="demo-password">{state.info.demoPassword}</code>
          </>
        ) : null}
        {state.info.demoEnvironment ? (
          <>
            {' '}
            and authstring: <code data-testid="demo-authstring">{state.info.demoEnvironment.consoleAuthstring}</code>. Demo Microsoft sign-in:{' '}
            <code data-testid="demo-entra-account">{state.info.demoEnvironment.entra.account}</code>, password{' '}
            <code data-testid="demo-entra-password">{state.info.demoEnvironment.entra.password}</code> (your browser warns about the demo’s own certificate for
            127.0.0.1: SHA-256 <code>{state.info.demoEnvironment.entra.fingerprint.slice(0, 23)}…</code>).
          </>
        ) : null}
      </span>
    </div>
  );
}

export function App() {
  const view = useNavStore((s) => s.view);
  const loadAbout = useAboutStore((s) => s.load);

  useEffect(() => {
    void loadAbout();
  }, [loadAbout]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <DemoBanner />
      <header className="app-header">
        <h1>ADS Setup Assistant</h1>
        <p className="subtitle">Connect DeepSource Enterprise to Azure DevOps without copying a credential by hand.</p>
        <Nav />
      </header>
      <main id="main" tabIndex={-1}>
        {view === 'setup' ? <WizardPanel /> : null}
        {view === 'installations' ? <ProfilesPanel /> : null}
        {view === 'verify' ? <BundlePanel show="verify" /> : null}
        {view === 'tools' ? <ToolsPanel /> : null}
        {view === 'settings' ? (
          <>
            <SettingsPanel />
            <AboutPanel />
          </>
        ) : null}
      </main>
    </div>
  );
}

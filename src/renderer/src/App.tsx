import { AboutPanel } from './features/about/AboutPanel';
import { ProfilesPanel } from './features/profiles/ProfilesPanel';
import { BundlePanel } from './features/bundle/BundlePanel';
import { RegistrationPanel } from './features/registration/RegistrationPanel';
import { ConsolePanel } from './features/console/ConsolePanel';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>ADS Setup Assistant</h1>
        <p className="subtitle">Connect DeepSource Enterprise to Azure DevOps without copying a credential by hand.</p>
      </header>
      <main>
        <ProfilesPanel />
        <AboutPanel />
        <BundlePanel />
        <RegistrationPanel />
        <ConsolePanel />
      </main>
    </div>
  );
}

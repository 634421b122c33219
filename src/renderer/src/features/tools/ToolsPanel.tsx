import { BundlePanel } from '../bundle/BundlePanel';
import { ConsolePanel } from '../console/ConsolePanel';
import { ConsoleScope, createConsoleStore } from '../console/store';
import { RegistrationTool } from '../registration/RegistrationTool';
import { createRegistrationStore, RegistrationScope } from '../registration/store';
import { SignInTool } from '../signin/SignInTool';

// Tools has its own registration and console state: it never shows the wizard's flow or push, and the wizard
// never shows what was tried here.
const toolsRegistration = createRegistrationStore();
const toolsConsole = createConsoleStore();

/** Each step on its own, for diagnosis or an unusual setup. */
export function ToolsPanel() {
  return (
    <RegistrationScope.Provider value={toolsRegistration}>
      <ConsoleScope.Provider value={toolsConsole}>
        <h2 className="section-title">Tools</h2>
        <p className="hint">Each step on its own, for diagnosis or an unusual setup. Set up runs them in order for one installation.</p>
        <RegistrationTool />
        <ConsolePanel />
        <BundlePanel />
        <SignInTool />
      </ConsoleScope.Provider>
    </RegistrationScope.Provider>
  );
}

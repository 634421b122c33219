import { BundlePanel } from '../bundle/BundlePanel';
import { ConsolePanel } from '../console/ConsolePanel';
import { ConsoleScope, createConsoleStore } from '../console/store';
import { RegistrationTool } from '../registration/RegistrationTool';
import { createRegistrationStore, RegistrationScope } from '../registration/store';
import { createSignInStore, SignInScope } from '../signin/store';
import { SignInTool } from '../signin/SignInTool';

// Tools has its own registration, console and sign-in state: it never shows the wizard's flow, push or check, and
// the wizard never shows what was tried here.
const toolsRegistration = createRegistrationStore();
const toolsConsole = createConsoleStore();
const toolsSignIn = createSignInStore();

/** Each step on its own, for diagnosis or an unusual setup. While Azure is open here, it has the section to itself. */
export function ToolsPanel() {
  const azureOpen = toolsRegistration((s) => s.state !== null && !s.state.ended);
  return (
    <RegistrationScope.Provider value={toolsRegistration}>
      <ConsoleScope.Provider value={toolsConsole}>
        <h2 className={azureOpen ? 'visually-hidden' : 'section-title'}>Tools</h2>
        {azureOpen ? null : <p className="hint">Each step on its own, for diagnosis or an unusual setup. Set up runs them in order for one installation.</p>}
        <RegistrationTool />
        {azureOpen ? null : (
          <>
            <ConsolePanel />
            <BundlePanel />
            <SignInScope.Provider value={toolsSignIn}>
              <SignInTool />
            </SignInScope.Provider>
          </>
        )}
      </ConsoleScope.Provider>
    </RegistrationScope.Provider>
  );
}

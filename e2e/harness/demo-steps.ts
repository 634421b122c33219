import { expect, type Page } from '@playwright/test';
import { signInAtEntra } from '../../test/entra/double';

/**
 * The demo wizard as the admin walks it, written once for both app hosts: the Electron stand-in (e2e/shell/) and the
 * real Electron binary (e2e/electron.spec.ts). `page` is the app window; `azure()` is the built-in browser's page
 * once a registration is open. Nothing here reaches into the app: it clicks what the admin clicks and reads what the
 * admin reads.
 */
export interface DemoHost {
  page: Page;
  azure: () => Promise<Page>;
  screenshot?: (name: string) => Promise<void>;
  /** The admin's own browser: the next tab shell.openExternal opened (absent where the OS browser cannot be driven). */
  systemBrowser?: () => Promise<Page>;
  /** Runs `start` (which opens the sign-in round trip) and hands over the built-in browser it opened. */
  roundTripView?: (start: () => Promise<void>) => Promise<Page>;
}

/** Who signs in at Azure in the round trip, and whether Microsoft's consent page is expected (Entra), or Azure DevOps'. */
export type AzureSignIn = { kind: 'entra'; account: string; password: string; consent: boolean; declineFirst?: boolean } | { kind: 'ado' };

export const DEMO_ADO = 'Demo — Azure DevOps OAuth';
export const DEMO_ENTRA = 'Demo — Microsoft Entra ID';

async function shot(host: DemoHost, name: string): Promise<void> {
  await host.screenshot?.(name);
}

export async function expectDemoBanner(page: Page): Promise<string> {
  await expect(page.getByRole('status').filter({ hasText: 'DEMO' })).toContainText('local replicas of Azure and the admin console');
  return (await page.getByTestId('demo-password').textContent()) ?? '';
}

async function openRegistration(host: DemoHost, label: string): Promise<Page> {
  const row = host.page.getByRole('listitem').filter({ hasText: label });
  await row.getByRole('button', { name: 'Register in Azure' }).click();
  return host.azure();
}

/** How the admin reaches the console in the Deliver step: a route's title ("Through kubectl") and its fields by label. */
export interface ConsoleWayIn {
  route?: string;
  fields: Record<string, string>;
}

/** Deliver → the admin console panel: the route and its fields, then "Show changes"; the panel is returned. */
export async function showChanges(host: DemoHost, way: ConsoleWayIn) {
  const panel = host.page.getByRole('region', { name: 'Admin console' });
  if (way.route) await panel.getByRole('radio', { name: way.route }).check();
  for (const [label, value] of Object.entries(way.fields)) await panel.getByLabel(label, { exact: true }).fill(value);
  await panel.getByRole('button', { name: 'Show changes' }).click();
  return panel;
}

/** The values were saved in the keychain after Azure: the wizard is at Deliver. */
export async function expectSaved(host: DemoHost, label: string, name: string): Promise<void> {
  await expect(host.page.getByRole('heading', { name: `Saved for ${label}` })).toBeVisible({ timeout: 30_000 });
  await shot(host, `${name}-saved`);
}

async function pushToConsole(host: DemoHost, label: string, password: string, name: string, signIn?: AzureSignIn): Promise<void> {
  await expectSaved(host, label, name);
  await pushAndCheck(host, { fields: { 'Console password': password } }, name, undefined, signIn);
}

/** The demo's Entra admin, as the app's own demo banner data names them. */
async function demoEntraAdmin(page: Page): Promise<{ account: string; password: string }> {
  const info = (await page.evaluate(() => window.ads.appInfo({}))) as { ok: true; value: { demoEnvironment: { entra: { account: string; password: string } } } };
  return info.value.demoEnvironment.entra;
}

/**
 * "Sign in to DeepSource now": the built-in browser goes through Azure (the admin signs in there) and back to
 * DeepSource, which shows its signed-in page; the done card then claims the sign-in, and only then.
 */
export async function signInRoundTrip(host: DemoHost, name: string, signIn: AzureSignIn): Promise<void> {
  if (!host.roundTripView) return;
  const { page } = host;
  let button = 'Sign in to DeepSource now';
  if (signIn.kind === 'entra' && signIn.declineFirst) {
    // The admin cancels Microsoft's consent: Azure sends AADSTS65004 back to DeepSource's callback, and the window
    // explains it; the done card claims no sign-in.
    const refused = await host.roundTripView(() => page.getByRole('button', { name: button }).click());
    await signInAtEntra(refused, { account: signIn.account, password: signIn.password, consent: 'cancel' });
    await expect(page.getByTestId('roundtrip-verdict')).toContainText('Azure sent a refusal back to DeepSource: The sign-in stopped at “Permissions requested”: consent was declined (AADSTS65004).', { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Deployed, but signing in through Azure failed' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Proof checks that ran' }).getByRole('listitem').last()).toHaveText(/^✗ Sign-in completed/);
    await shot(host, `${name}-signin-refused`);
    button = 'Sign in again';
  }
  const view = await host.roundTripView(() => page.getByRole('button', { name: button }).click());
  if (signIn.kind === 'entra') await signInAtEntra(view, { account: signIn.account, password: signIn.password, ...(signIn.consent ? { consent: 'accept' as const } : {}) });
  else await view.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('roundtrip-verdict')).toHaveText(/^✓ Signed in: Azure sent a code back to DeepSource’s callback/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'DeepSource signs in with Azure DevOps' })).toBeVisible();
  await expect(page.getByTestId('proof-reached')).toHaveText('Sign-in completed');
  await shot(host, `${name}-signed-in`);
}

/**
 * Shows the changes, saves and deploys, and waits for the redirect check to pass; with `signIn` (and a host that can
 * hand over the round trip's view), then signs in through Azure and back.
 */
export async function pushAndCheck(host: DemoHost, way: ConsoleWayIn, name: string, whileDeploying?: () => Promise<void>, signIn?: AzureSignIn): Promise<void> {
  const { page } = host;
  const panel = await showChanges(host, way);
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible({ timeout: 20_000 });
  await panel.getByRole('button', { name: 'Save and deploy' }).click();
  await whileDeploying?.();
  // Deployed: the push's details fold away under the ending.
  await expect(page.getByTestId('console-outcome')).toHaveText(/^Saved as version \d+ and deployed\.$/, { timeout: 30_000 });
  await shot(host, `${name}-deployed`);
  // Deployed: the redirect check follows DeepSource's login (waiting out its restart) and compares; nobody signs in.
  await expect(page.getByTestId('signin-verdict')).toHaveText(/^✓ Redirect checked/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Deployed: DeepSource sends users to Azure with this app' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sign-in checks' }).getByRole('listitem')).toHaveCount(4);
  await shot(host, `${name}-redirect-checked`);
  if (signIn) await signInRoundTrip(host, name, signIn);
}

/** ADO: the prefilled register form, Azure's own "Create application", the values read, saved, pushed, deployed. */
export async function demoAdoToDeployed(host: DemoHost, password: string): Promise<void> {
  await registerDemoAdo(host);
  await pushToConsole(host, DEMO_ADO, password, 'demo-ado', { kind: 'ado' });
}

/** ADO up to Deliver: registered on the replica, the values read and saved. */
export async function registerDemoAdo(host: DemoHost): Promise<void> {
  const azure = await openRegistration(host, DEMO_ADO);
  await expect(host.page.getByTestId('prefill')).toContainText('Authorization callback URL: https://deepsource.demo.example/accounts/ads/login/callback/bifrost', { timeout: 20_000 });
  await expect(azure.getByLabel('Authorization callback URL')).toHaveValue('https://deepsource.demo.example/accounts/ads/login/callback/bifrost');
  await shot(host, 'demo-ado-register');
  await azure.getByRole('button', { name: 'Create application' }).click();
}

/** Entra through Microsoft Graph: Create the app in Azure, one sign-in in the system browser, then stored, checked, proven. */
export async function demoEntraGraphToDeployed(host: DemoHost, password: string, admin: { account: string; password: string }): Promise<string[]> {
  if (!host.systemBrowser) throw new Error('the Graph route needs a system browser the test can drive');
  await host.page.getByRole('listitem').filter({ hasText: DEMO_ENTRA }).getByRole('button', { name: 'Register in Azure' }).click();
  // Before the Azure work: where the demo's DeepSource sends users (it offers no Azure DevOps sign-in yet), and the
  // account type that follows.
  await expect(host.page.getByTestId('probe-outcome')).toContainText('The new app gets the account type “Accounts in any organizational directory (Multitenant)”', { timeout: 20_000 });
  await expect(host.page.getByTestId('probe-outcome')).toContainText('DeepSource’s sign-in could not be looked at (DeepSource');
  await shot(host, 'demo-graph-probe');
  await host.page.getByRole('button', { name: 'Create the app in Azure' }).click();
  const signIn = await host.systemBrowser();
  await expect(host.page.getByTestId('graph-status')).toContainText('Sign in to Microsoft Entra in your browser');
  await shot(host, 'demo-graph-signing-in');
  const actions = await signInAtEntra(signIn, { ...admin, consent: 'accept' });
  await expect(signIn.getByRole('heading', { name: 'Signed in: return to ADS Setup Assistant' })).toBeVisible();
  // The app Graph made has no tenant-wide consent: the admin's first sign-in to DeepSource asks for it.
  await pushToConsole(host, DEMO_ENTRA, password, 'demo-graph', { kind: 'entra', ...admin, consent: true, declineFirst: true });
  return actions;
}

/**
 * Entra in the portal: Use the Azure portal instead → the app list → the app → its API permissions and
 * Authentication read back (the guide opens them) → Certificates & secrets (a blade on another origin) → a new secret.
 */
export async function demoEntraToDeployed(host: DemoHost, password: string): Promise<void> {
  await registerDemoEntra(host);
  await pushToConsole(host, DEMO_ENTRA, password, 'demo-entra', { kind: 'entra', ...(await demoEntraAdmin(host.page)), consent: false });
}

/** The guide's step `index` (0-based) is ticked off. */
async function stepDone(host: DemoHost, index: number): Promise<void> {
  await expect(host.page.getByTestId('azure-steps').getByRole('listitem').nth(index)).toHaveClass(/azure-step-done/, { timeout: 20_000 });
}

/** Entra in the portal up to Deliver: the app, its settings read back, and a new secret on the replica's blades, read and saved. */
export async function registerDemoEntra(host: DemoHost): Promise<void> {
  const row = host.page.getByRole('listitem').filter({ hasText: DEMO_ENTRA });
  await row.getByRole('button', { name: 'Register in Azure' }).click();
  await host.page.getByRole('button', { name: 'Use the Azure portal instead' }).click();
  const azure = await host.azure();
  await azure.getByRole('link', { name: /DeepSource Demo Org/ }).first().click();
  await expect(host.page.getByTestId('value-appId')).toHaveText(/^[0-9a-f-]{36}$/i, { timeout: 20_000 });
  await host.page.getByRole('button', { name: 'Open API permissions' }).click();
  await stepDone(host, 2);
  await shot(host, 'demo-entra-api-permissions-read');
  await host.page.getByRole('button', { name: 'Open Authentication' }).click();
  await stepDone(host, 3);
  await shot(host, 'demo-entra-authentication-read');
  await host.page.getByRole('button', { name: 'Open Certificates & secrets' }).click();
  const blade = azure.frameLocator('#blade');
  await blade.getByRole('button', { name: '+ New client secret' }).click();
  await blade.getByRole('button', { name: 'Add', exact: true }).click();
}

/**
 * The signed bundle for an air-gapped console, from the done card of a push: "Set up another installation", then
 * the installation's saved values delivered as a bundle, saved where the native save dialog answers. The wizard
 * ends on the bundle's done card (the host commands, and the sign-in check for after it is applied).
 */
export async function demoExportBundle(host: DemoHost, recipient: string, label = DEMO_ADO): Promise<void> {
  const { page } = host;
  await page.getByRole('button', { name: 'Set up another installation' }).click();
  await page.getByRole('button', { name: `Deliver saved values: ${label}` }).click();
  await page.getByLabel('Export a signed bundle (air-gapped)').check();
  await page.getByLabel('Console host’s age public key').fill(recipient);
  await expect(page.getByLabel('Deploy the new version on the host')).toBeChecked();
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  await expect(page.getByTestId('export-result')).toContainText('Saved', { timeout: 20_000 });
  const done = page.getByTestId('done');
  await expect(done.getByRole('heading', { name: 'Bundle written: apply it on the console host' })).toBeVisible();
  await expect(done.getByTestId('host-commands')).toContainText('sudo bash apply.sh <');
  await expect(done.getByRole('heading', { name: 'Check sign-in after you applied it' })).toBeVisible();
  await expect(page.getByText('How does this computer reach the admin console?')).toHaveCount(0);
  await shot(host, 'demo-bundle-exported');
}

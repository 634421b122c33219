import { expect, test, type Page } from '@playwright/test';
import { signInAtEntra } from '../../test/entra/double';
import { AdminActions } from '../harness/admin-actions';
import { bootApp, type ShellApp } from '../harness/app-shell';
import { expectDemoBanner } from '../harness/demo-steps';

/**
 * The honest count of each path, through the app's own shell in demo mode, from a new installation with no app in
 * Azure to a deployed console (and DeepSource's sign-in checked): every click and typed field in the app (the console
 * password too) and on Microsoft's pages. Steps of Microsoft's procedure that no replica here serves are listed and
 * counted as documented (reference/azure-app-registration.md §3): the portal's own sign-in (the replicas start signed
 * in; it is the same Microsoft sign-in as the Graph route's, measured there). `npm run bench:renderer` prints the figures.
 */
test.describe.configure({ mode: 'serial' });
let app: ShellApp;

/** Microsoft's sign-in as the Graph route measures it on the double's pages (account, Next, password, Sign in, "Stay signed in?"). */
const MICROSOFT_SIGN_IN = ['type account', 'click Next', 'type password', 'click Sign in', 'click No (stay signed in?)'].map((step) => `${step} (Microsoft sign-in)`);

test.beforeEach(async () => {
  test.setTimeout(180_000);
  app = await bootApp({ args: ['--demo'] });
});
test.afterEach(async () => app?.close());

interface DemoFacts {
  password: string;
  consoleUrl: string;
  entra: { account: string; password: string };
}

async function demoFacts(page: Page): Promise<DemoFacts> {
  const password = await expectDemoBanner(page);
  const info = (await page.evaluate(() => window.ads.appInfo({}))) as { ok: true; value: { demoEnvironment: { consoleUrl: string; entra: { account: string; password: string } } } };
  return { password, consoleUrl: info.value.demoEnvironment.consoleUrl, entra: info.value.demoEnvironment.entra };
}

/** The installation step as a new admin fills it, the console checked and its certificate trusted before Azure. */
async function newInstallation(page: Page, admin: AdminActions, facts: DemoFacts, legacy = false): Promise<void> {
  const form = page.getByRole('form', { name: 'New installation' });
  await admin.type(form.getByLabel('DeepSource host name'), 'deepsource.demo.example', 'host name');
  await admin.type(form.getByLabel('Organization'), 'Demo Org', 'organization');
  await admin.type(form.getByLabel('Admin console address (optional)'), facts.consoleUrl, 'console address');
  await admin.type(form.getByLabel('Admin console password (optional)'), facts.password, 'console password');
  if (legacy) await admin.click(form.getByLabel('Azure DevOps OAuth app (registered before April 2025)'), 'Azure DevOps OAuth app');
  await admin.click(form.getByRole('button', { name: 'Create installation' }), 'Create installation');
  await admin.click(page.getByRole('region', { name: /^Admin console for / }).getByRole('button', { name: 'Trust and continue' }), 'Trust and continue');
}

/** Deliver: the masked diff is read with the session from the installation step; one click saves and deploys. */
async function deploy(page: Page, admin: AdminActions): Promise<void> {
  const panel = page.getByRole('region', { name: 'Admin console' });
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible({ timeout: 30_000 });
  await admin.click(panel.getByRole('button', { name: 'Save and deploy' }), 'Save and deploy');
  await expect(page.getByTestId('console-outcome')).toHaveText(/^Saved as version \d+ and deployed\.$/, { timeout: 30_000 });
  await expect(page.getByTestId('signin-verdict')).toHaveText(/^✓ Redirect checked/, { timeout: 60_000 });
}

test('Graph: new installation → Create the app in Azure → sign-in and consent → deployed', async () => {
  const { page } = app;
  const facts = await demoFacts(page);
  const admin = new AdminActions();
  await newInstallation(page, admin, facts);
  await admin.click(page.getByRole('button', { name: 'Create the app in Azure' }), 'Create the app in Azure');
  admin.tookInAzure(await signInAtEntra(await app.systemBrowser(), { ...facts.entra, consent: 'accept' }));
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/checks passed; the secret is proven\./)).toBeVisible();
  await deploy(page, admin);
  admin.report('Graph');
  // On the Azure side only the sign-in and the consent: the Done-when of the Graph route.
  expect(admin.azure).toEqual(['type account', 'click Next', 'type password', 'click Sign in', 'click No (stay signed in?)', 'click Accept']);
  expect(admin.azure.length).toBeLessThanOrEqual(7);
  expect(admin.documented).toEqual([]);
});

test('Entra portal: new installation → Use the Azure portal instead → New registration → a secret → deployed', async () => {
  const { page } = app;
  const facts = await demoFacts(page);
  const admin = new AdminActions();
  await newInstallation(page, admin, facts);
  await admin.click(page.getByRole('button', { name: 'Use the Azure portal instead' }), 'Use the Azure portal instead');
  const { page: azure } = await app.view();
  admin.notReplicated(MICROSOFT_SIGN_IN);
  await admin.inAzure('click + New registration', () => azure.getByRole('link', { name: '+ New registration' }).click());
  // Filled in for the admin: the name, the account type, the platform Web (the portal's drop-down) and the redirect URI.
  await expect(page.getByTestId('prefill').locator('summary')).toHaveText('Filled in for you: 2 fields, 2 choices', { timeout: 20_000 });
  await admin.inAzure('click Register', () => azure.getByRole('button', { name: 'Register' }).click());
  await expect(page.getByTestId('value-appId')).toHaveText(/^[0-9a-f-]{36}$/i, { timeout: 20_000 });
  // reference/azure-app-registration.md §3, step 4, on the app's API permissions page (the guide opens it).
  await admin.click(page.getByRole('button', { name: 'Open API permissions' }), 'Open API permissions');
  await admin.inAzure('click + Add a permission', () => azure.getByRole('button', { name: '+ Add a permission' }).click());
  await admin.inAzure('click APIs my organization uses', () => azure.getByRole('tab', { name: 'APIs my organization uses' }).click());
  await admin.inAzure('type Azure DevOps', () => azure.getByRole('searchbox', { name: 'Search APIs' }).fill('Azure DevOps'));
  await admin.inAzure('click Azure DevOps', () => azure.getByRole('button', { name: 'Azure DevOps' }).click());
  await admin.inAzure('click Delegated permissions', () => azure.getByRole('button', { name: 'Delegated permissions' }).click());
  for (const scope of ['vso.code_write', 'vso.code_status', 'vso.project']) await admin.inAzure(`tick ${scope}`, () => azure.getByRole('checkbox', { name: new RegExp(`^${scope.replace('.', '\\.')} `) }).check());
  await admin.inAzure('click Add permissions', () => azure.getByRole('button', { name: 'Add permissions' }).click());
  await admin.inAzure('click Grant admin consent', () => azure.getByRole('button', { name: /Grant admin consent for/ }).click());
  await admin.inAzure('click Yes', () => azure.getByRole('button', { name: 'Yes' }).click());
  await expect(page.getByTestId('read-back-permissions')).toContainText('vso.project (delegated, consent granted)', { timeout: 20_000 });
  await admin.click(page.getByRole('button', { name: 'Open Authentication' }), 'Open Authentication');
  // Its redirect URIs and account type are read back before the next page is opened.
  await expect(page.getByTestId('azure-steps').getByRole('listitem').nth(3)).toHaveText(/Done: Open the app’s Authentication page/, { timeout: 20_000 });
  await admin.click(page.getByRole('button', { name: 'Open Certificates & secrets' }), 'Open Certificates & secrets');
  const blade = azure.frameLocator('#blade');
  await admin.inAzure('click + New client secret', () => blade.getByRole('button', { name: '+ New client secret' }).click());
  await admin.inAzure('click Add', () => blade.getByRole('button', { name: 'Add', exact: true }).click());
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('secret-proof')).toContainText('Secret proven.', { timeout: 30_000 });
  await deploy(page, admin);
  admin.report('Entra portal');
});

test('Azure DevOps OAuth (legacy): new installation → the prefilled register form → Create application → deployed', async () => {
  const { page } = app;
  const facts = await demoFacts(page);
  const admin = new AdminActions();
  await newInstallation(page, admin, facts, true);
  const { page: azure } = await app.view();
  admin.notReplicated(MICROSOFT_SIGN_IN);
  await expect(page.getByTestId('prefill')).toContainText('Authorization callback URL', { timeout: 20_000 });
  await admin.inAzure('click Create application', () => azure.getByRole('button', { name: 'Create application' }).click());
  await expect(page.getByRole('heading', { name: /^Saved for / })).toBeVisible({ timeout: 30_000 });
  await deploy(page, admin);
  admin.report('ADO legacy');
});

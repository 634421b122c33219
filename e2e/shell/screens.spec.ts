import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { composite, pressByKeyboard, screen, typeByKeyboard, type ScreenRecord } from '../harness/a11y';
import { bootApp, repoRoot, type ShellApp } from '../harness/app-shell';
import { expectDemoBanner } from '../harness/demo-steps';
import { signInAtEntra } from '../../test/entra/double';

/**
 * Every screen of the app as a first-time admin meets it, through the app's own shell in demo mode: screenshots in
 * light, dark and at 900×600 (test-results/screenshots/screens/), axe-core on each in both themes, the focus on the
 * new step's heading after each step change, every action of the first walk reached with Tab alone, and no
 * command-line flag or developer's word (the list: "capture", "sequence", "tried once"…) anywhere on screen.
 */
test.describe.configure({ mode: 'serial' });
let app: ShellApp;
const records: ScreenRecord[] = [];

test.beforeAll(async () => {
  app = await bootApp({ args: ['--demo'], content: { width: 1280, height: 800 } });
});
test.afterAll(async () => {
  await app?.close();
  const total = records.reduce((sum, r) => sum + r.violations.length, 0);
  const line = `accessibility: ${records.length} screens, ${total} violations`;
  console.log(line);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results', 'accessibility.txt'), `${line}\n`);
});

/** Words of the code, not of the window: the window speaks of the window. */
const DEV_SPEAK = [/\bcaptur(e|es|ed|ing)\b/i, /\bsequence\b/i, /tried once/i, /not retried/i, /\brun (it |the push )?again\b/i, /deployed version \d/i, /<host>|<namespace>/i, /\bflow\b/i, /\bpayload\b/i, /\bIPC\b/];

async function look(page: Page, name: string): Promise<void> {
  const record = await screen(page, name);
  records.push(record);
  // CLI flags belong in CLI output only.
  const text = await page.locator('body').innerText();
  expect(text, `${name}: a command-line flag on screen`).not.toMatch(/(^|\s)--[a-z][a-z-]+/m);
  for (const word of DEV_SPEAK) expect(text, `${name}: developer's words on screen`).not.toMatch(word);
  // A host name said twice ("deepsource.contoso.example (deepsource.contoso.example)").
  expect(text, `${name}: a name said twice`).not.toMatch(/([\w-]+(?:\.[\w-]+)+) \(\1\)/);
  expect(record.violations.map((v) => `${v.theme}: ${v.violation.id} (${v.violation.help}) at ${v.violation.nodes.join(', ')}`), name).toEqual([]);
}

/**
 * A screen with Azure open, as the admin sees it: the window with the view's page drawn where the main process put
 * it, in light and dark, at the window's size and at 900×600. At 900×600 Azure must still take the window's main
 * area: the view ends at the bottom edge and is most of the window's width and height, with nothing to scroll.
 */
async function lookAzure(name: string, viewIndex = 1): Promise<void> {
  const { page, window: appWindow } = app;
  const { view, page: azure } = await app.view(viewIndex);
  await look(page, name);
  for (const size of [{ width: 1280, height: 800 }, { width: 900, height: 600 }]) {
    await appWindow.setContentSize(size.width, size.height);
    await expect.poll(() => view.getBounds().width, `${name}: the view follows the window at ${size.width}×${size.height}`).toBeGreaterThan(size.width * 0.6);
    const bounds = view.getBounds();
    expect(bounds.y + bounds.height, `${name}: the view reaches the window's bottom edge`).toBeGreaterThan(size.height - 24);
    expect(bounds.height, `${name}: the view is most of the window's height`).toBeGreaterThan(size.height * 0.7);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1), `${name}: nothing to scroll`).toBe(true);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await composite(page, { page: azure, bounds: view.getBounds(), visible: view.getVisible() }, `${name}-${size.width}x${size.height}-${theme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await appWindow.setContentSize(1280, 800);
}

async function expectFocusOn(page: Page, heading: RegExp, timeout = 5_000): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), { timeout }).toMatch(heading);
}

const nav = (page: Page, section: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();

test('a first-time admin walks every screen by keyboard: Set up (Entra, new installation) to the end', async () => {
  test.setTimeout(240_000);
  const { page } = app;
  const password = await expectDemoBanner(page);
  const info = (await page.evaluate(() => window.ads.appInfo({}))) as { ok: true; value: { demoEnvironment: { consoleUrl: string; entra: { account: string; password: string } } } };
  await look(page, '01-setup-installation');

  // Keyboard only in the app's own window (Azure's page is Azure's): every field and button is reached with Tab.
  // Forgiving: a pasted address becomes a host name; a field left wrong says so under it.
  const form = page.getByRole('form', { name: 'New installation' });
  const host = form.getByLabel('DeepSource host name');
  const organization = form.getByLabel('Organization');
  await typeByKeyboard(page, host, 'https://deepsource.demo.example/login');
  await typeByKeyboard(page, organization, '');
  await expect(host).toHaveValue('deepsource.demo.example');
  await page.keyboard.press('Tab');
  await expect(organization).toHaveAttribute('aria-invalid', 'true');
  await look(page, '02-setup-installation-errors');

  await typeByKeyboard(page, organization, 'Demo Org');
  await typeByKeyboard(page, form.getByLabel('Installation name (optional)'), 'Contoso (new)');
  await typeByKeyboard(page, form.getByLabel('Admin console address (optional)'), info.value.demoEnvironment.consoleUrl);
  await typeByKeyboard(page, form.getByLabel('Admin console password (optional)'), password);
  await pressByKeyboard(page, form.getByRole('button', { name: 'Create installation' }));
  await expectFocusOn(page, /^Admin console for Contoso \(new\)/);
  await expect(page.getByTestId('certificate-first-contact')).toBeVisible();
  await look(page, '03-console-first-contact');

  await pressByKeyboard(page, page.getByRole('button', { name: 'Trust and continue' }));
  await expectFocusOn(page, /^Register the app in Azure/);
  // Entra: Create the app in Azure (Microsoft Graph) first, the portal one click away.
  await expect(page.getByRole('button', { name: 'Use the Azure portal instead' })).toBeVisible();
  await look(page, '04-register-entra-graph');
  await pressByKeyboard(page, page.getByRole('button', { name: 'Create the app in Azure' }));
  // Microsoft's sign-in opens in the admin's own browser (shell.openExternal); Azure's pages are Azure's.
  const signIn = await app.systemBrowser();
  await expect(page.getByTestId('graph-status')).toHaveText('Sign in to Microsoft Entra in your browser, then come back here.');
  await look(page, '04b-register-graph-signing-in');
  await signInAtEntra(signIn, { ...info.value.demoEnvironment.entra, consent: 'accept' });
  // The demo's Entra takes a few seconds to accept a new secret, as Entra does: the proof says so while it waits.
  await expect(page.getByTestId('graph-status')).toContainText('Entra does not know the new secret yet', { timeout: 20_000 });
  await look(page, '04c-register-graph-proof-waiting');
  await expectFocusOn(page, /^Deliver to DeepSource: Contoso \(new\)/, 30_000);
  await expectFocusOn(page, /^Deliver to DeepSource: Contoso \(new\)/);
  const panel = page.getByRole('region', { name: 'Admin console' });
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByLabel('Console password')).toHaveCount(0); // connected before Azure: no password form
  await look(page, '05-deliver-plan');

  await pressByKeyboard(page, panel.getByRole('button', { name: 'Save and deploy' }));
  await expect(page.getByTestId('signin-verdict')).toHaveText(/^✓ Redirect checked/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Deployed: DeepSource sends users to Azure with this app' })).toBeVisible();
  // Three checks ran and passed: the redirect check is the level reached (nobody signed in yet); the choice of path is gone.
  await expect(page.getByTestId('proof-reached')).toHaveText('DeepSource redirect checked');
  await expect(page.getByRole('list', { name: 'Proof checks that ran' }).getByRole('listitem')).toHaveText([/^✓ Values checked/, /^✓ Secret proven/, /^✓ DeepSource redirect checked/]);
  await expect(page.getByText('How does this computer reach the admin console?')).toHaveCount(0);
  await look(page, '06-done');

  await pressByKeyboard(page, page.getByRole('button', { name: 'Set up another installation' }));
  await expectFocusOn(page, /^Which DeepSource installation\?/);
});

test('the legacy register page, delivery by bundle, and the other sections', async () => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.getByRole('button', { name: 'Register in Azure: Demo — Azure DevOps OAuth' }).click();
  await expect(page.getByTestId('prefill')).toBeVisible({ timeout: 20_000 });
  const ado = await app.view(1);
  await expect.poll(() => ado.view.getVisible()).toBe(true);
  // The form is filled in: "Check the form" (and the sign-in before it) are ticked off; "Create application" is next.
  await expect(page.locator('.azure-step-done')).toHaveCount(2);
  await expect(page.getByTestId('azure-steps').getByRole('listitem').nth(2)).toHaveAttribute('aria-current', 'step');
  await lookAzure('07-register-ado');
  await ado.page.getByRole('button', { name: 'Create application' }).click();
  await expectFocusOn(page, /^Deliver to DeepSource: Demo — Azure DevOps OAuth/);
  await page.getByLabel('Export a signed bundle (air-gapped)').check();
  const key = page.getByLabel('Console host’s age public key');
  await key.fill('age1notarecipient');
  await key.blur();
  await expect(key).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Deploy the new version on the host')).toBeChecked();
  await look(page, '08-deliver-bundle');

  // The bundle needs the console's item names: a look at the console (its plan, nothing saved) reads them.
  await page.getByLabel('Push over the network').check();
  const panel = page.getByRole('region', { name: 'Admin console' });
  await panel.getByLabel('Console password').fill(await page.getByTestId('demo-password').textContent() ?? '');
  await panel.getByRole('button', { name: 'Show changes' }).click();
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('Export a signed bundle (air-gapped)').check();
  // The export ends on the bundle's done card: what was written, the level of proof, then only what comes next.
  const work = mkdtempSync(path.join(os.tmpdir(), 'ads-screens-'));
  try {
    execFileSync('age-keygen', ['-o', path.join(work, 'host.agekey')], { stdio: 'ignore' });
    await key.fill(execFileSync('age-keygen', ['-y', path.join(work, 'host.agekey')], { encoding: 'utf8' }).trim());
    app.electron.dialog.answers.save = path.join(work, 'ads-bundle-demo.tar');
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    const done = page.getByTestId('done');
    await expect(done.getByRole('heading', { name: 'Bundle written: apply it on the console host' })).toBeVisible({ timeout: 20_000 });
    await expect(done.getByTestId('proof-reached')).toHaveText('Values checked');
    await expect(page.getByText('How does this computer reach the admin console?')).toHaveCount(0);
    await look(page, '08b-bundle-done');
    await pressByKeyboard(page, done.getByRole('button', { name: 'Set up another installation' }));
    await expectFocusOn(page, /^Which DeepSource installation\?/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  await nav(page, 'Installations');
  await look(page, '09-installations');
  await page.getByRole('listitem').filter({ hasText: 'Demo — Microsoft Entra ID' }).getByRole('button', { name: 'Edit…' }).first().click();
  await look(page, '10-installation-edit');
  await nav(page, 'Verify bundle');
  await look(page, '11-verify');
  await nav(page, 'Tools');
  // Tools has its own state: nothing of the wizard's registration, push or sign-in check shows here.
  await expect(page.getByRole('table', { name: 'Planned changes' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Azure (built-in browser)' })).toHaveCount(0);
  await expect(page.getByTestId('signin-verdict')).toHaveCount(0); // the wizard's sign-in check stays in the wizard
  await look(page, '12-tools');
  await nav(page, 'Settings');
  await look(page, '13-settings');
});

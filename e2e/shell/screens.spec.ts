import { mkdirSync, writeFileSync } from 'node:fs';
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
 * command-line flag anywhere on screen.
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

async function look(page: Page, name: string): Promise<void> {
  const record = await screen(page, name);
  records.push(record);
  // CLI flags belong in CLI output only.
  const text = await page.locator('main').innerText();
  expect(text, `${name}: a command-line flag on screen`).not.toMatch(/(^|\s)--[a-z][a-z-]+/m);
  expect(record.violations.map((v) => `${v.theme}: ${v.violation.id} (${v.violation.help}) at ${v.violation.nodes.join(', ')}`), name).toEqual([]);
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
  await expect(page.getByTestId('signin-verdict')).toHaveText(/^✓ Sign-in checked/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: /DeepSource now signs in with Azure DevOps/ })).toBeVisible();
  await look(page, '06-done');

  await pressByKeyboard(page, page.getByRole('button', { name: 'Set up another installation' }));
  await expectFocusOn(page, /^Which DeepSource installation\?/);
});

test('the legacy register page, delivery by bundle, and the other sections', async () => {
  test.setTimeout(180_000);
  const { page } = app;
  await page.getByRole('button', { name: 'Register in Azure: Demo — Azure DevOps OAuth' }).click();
  await expect(page.getByTestId('prefill')).toBeVisible({ timeout: 20_000 });
  await look(page, '07-register-ado');
  const ado = await app.view(1);
  await expect.poll(() => ado.view.getVisible()).toBe(true);
  await composite(page, { page: ado.page, bounds: ado.view.getBounds(), visible: ado.view.getVisible() }, '07-register-ado');
  await ado.page.getByRole('button', { name: 'Create application' }).click();
  await expectFocusOn(page, /^Deliver to DeepSource: Demo — Azure DevOps OAuth/);
  await page.getByLabel('Export a signed bundle (air-gapped)').check();
  const key = page.getByLabel('Console host’s age public key');
  await key.fill('age1notarecipient');
  await key.blur();
  await expect(key).toHaveAttribute('aria-invalid', 'true');
  await look(page, '08-deliver-bundle');

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

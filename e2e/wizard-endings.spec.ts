import { expect, test, type Page } from '@playwright/test';
import { startKotsDouble, type KotsDouble } from '../src/demo/kots-console/double';
import { openApp, realBackend, type HarnessBackend, type OpenedApp } from './harness/harness';

/**
 * The ways a push ends in the wizard that the other walks do not take end on the done card too, with no choice of
 * path left on it: saved without a deploy ("Save only": deploy it in the console next), and nothing to change (the
 * console already holds the values). The deployed and bundle endings are walked in wizard.spec.ts and the screens.
 */

const CONSOLE_PASSWORD = 'e2e-endings-password';

let double: KotsDouble;
let backend: HarnessBackend;
let app: OpenedApp;

test.beforeEach(async ({ page }) => {
  double = await startKotsDouble({ tls: true, password: CONSOLE_PASSWORD, deployDelayMs: 100 });
  backend = realBackend();
  await backend.vault.create({ id: 'stark', label: 'Stark', hostname: 'deepsource.stark.com', organization: 'stark', provider: 'ado-oauth', appId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', consoleUrl: double.url });
  await backend.vault.setSecret('stark', 'client-secret', `eyJ${'s'.repeat(700)}`);
  await backend.vault.generateWebhookSecret('stark');
  app = await openApp(page, backend);
});
test.afterEach(async () => {
  await app.close();
  await backend.vault.delete('stark').catch(() => undefined);
  await double.close();
});

/** Set up → the saved values of Stark → the console's plan (the password typed, the certificate trusted once). */
async function planAgain(page: Page, first: boolean) {
  await page.getByRole('button', { name: 'Deliver saved values: Stark' }).click();
  const panel = page.getByRole('region', { name: 'Admin console' });
  await panel.getByLabel('Console password').fill(CONSOLE_PASSWORD);
  await panel.getByRole('button', { name: 'Show changes' }).click();
  if (first) await panel.getByRole('button', { name: 'Trust and continue' }).click();
  return panel;
}

async function expectEnding(page: Page, heading: string | RegExp) {
  const done = page.getByTestId('done');
  await expect(done.getByRole('heading', { name: heading })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('How does this computer reach the admin console?')).toHaveCount(0);
  // Values saved in an earlier session: their checks did not run in this wizard, so no level of proof is claimed.
  await expect(done.getByTestId('proof')).toHaveCount(0);
  return done;
}

test('save only, then nothing to change: each push ends on the done card with what comes next', async ({ page }) => {
  const saved = await planAgain(page, true);
  await saved.getByRole('button', { name: 'Save only' }).click();
  const afterSave = await expectEnding(page, 'Saved in the admin console: deploy it there');
  await expect(afterSave).toContainText('Stark at deepsource.stark.com: the values are saved in the admin console as version 2, not deployed yet.');
  await expect(afterSave.getByRole('heading', { name: 'Deploy version 2 in the admin console, then check sign-in' })).toBeVisible();
  await expect(afterSave.getByRole('button', { name: 'Check the redirect' })).toBeVisible();
  expect(double.deployedSequence('deepsource')).not.toBe(2);

  // The admin deploys version 2 outside the wizard (through the app's own channel here, as the console would).
  const deployed = await page.evaluate((password) => window.ads.consoleDeploy({ profileId: 'stark', sequence: 2, access: { via: 'password', values: { password } } }), CONSOLE_PASSWORD);
  expect(deployed).toMatchObject({ ok: true, value: { deploy: { status: 'deployed' } } });
  await afterSave.getByRole('button', { name: 'Set up another installation' }).click();
  await planAgain(page, false);
  const unchanged = await expectEnding(page, 'The admin console already holds these values');
  await expect(unchanged).toContainText('Stark at deepsource.stark.com: nothing to change, the admin console already holds these values.');
  expect(double.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
});

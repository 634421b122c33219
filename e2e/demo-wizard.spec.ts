import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { startDemoEnvironment } from '../src/main/demo/demo-environment';
import { KeytarSecretStore } from '../src/main/vault/keytar-store';
import { ProfileStore } from '../src/main/vault/profile-store';
import { VaultService } from '../src/main/vault/vault';
import { chromiumArgs, chromiumPath } from './harness/chromium';
import { goTo, newStorage, openApp, realBackend, repoRoot } from './harness/harness';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';

/**
 * What `npm run demo` shows, in the harness: the demo environment (replica Azure site and KOTS double on loopback,
 * demo profiles in a throwaway vault on the real keychain) and the wizard from a demo profile to a deployed console.
 * Chromium trusts exactly the demo's Azure certificate (its public key is pinned); every other check stays on.
 */
test('demo: DEMO banner, then a demo installation goes from registration to a deployed console', async () => {
  test.setTimeout(120_000);
  const storage = newStorage();
  const demoVault = new VaultService({ profiles: new ProfileStore({ dataDir: storage.dataDir }), secrets: new KeytarSecretStore({ service: storage.keychainService }) });
  const demo = await startDemoEnvironment({ vault: demoVault });
  const spki = createHash('sha256').update(new X509Certificate(demo.azure.certificatePem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, `--ignore-certificate-errors-spki-list=${spki}`] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const view = await context.newPage();
  const backend = realBackend({
    registrationBrowser: new PlaywrightRegistrationBrowser(view),
    registrationTiming: { watchMs: 10_000, prefillMs: 3_000, extractMs: 1_000 },
    providers: demo.providers,
    storage,
    runFacts: { demo: true, ...demo.info },
  });
  const app = await openApp(page, backend);
  const shots = path.join(repoRoot, 'test-results', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const actions: string[] = [];
  try {
    await expect(page.getByRole('status').filter({ hasText: 'DEMO' })).toContainText('local replicas of Azure and the admin console');
    await expect(page.getByTestId('demo-password')).toHaveText(demo.console.password);

    const row = page.getByRole('listitem').filter({ hasText: 'Demo — Azure DevOps OAuth' });
    await page.screenshot({ path: path.join(shots, 'demo-1-installations.png'), fullPage: true });
    await row.getByRole('button', { name: 'Register in Azure' }).click();
    actions.push('click Register in Azure');
    await expect(page.getByTestId('prefill')).toContainText('Authorization callback URL: https://deepsource.demo.example/accounts/ads/login/callback/bifrost');
    await view.getByRole('button', { name: 'Create application' }).click();
    actions.push('azure: Create application');
    // Every value read and checked: saved to the keychain at once.
    await expect(page.getByRole('heading', { name: 'Saved to the OS keychain: Demo — Azure DevOps OAuth' })).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: path.join(shots, 'demo-2-saved.png'), fullPage: true });

    const panel = page.getByRole('region', { name: 'Admin console' });
    await expect(panel.getByLabel('Console address')).toHaveValue(demo.console.url);
    await panel.getByLabel('Console password').fill(demo.console.password);
    await panel.getByRole('button', { name: 'Show changes' }).click();
    actions.push('click Show changes');
    // The demo pinned its own console certificate, so the plan comes straight away.
    await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible();
    await panel.getByRole('button', { name: 'Save and deploy' }).click();
    actions.push('click Save and deploy');
    await expect(panel.getByTestId('console-outcome')).toHaveText(/^Done · version \d+ · deploy deployed$/, { timeout: 20_000 });
    await page.screenshot({ path: path.join(shots, 'demo-3-deployed.png'), fullPage: true });

    const created = demo.azure.replica.adoApps().at(-1)!;
    expect(demo.console.double.decryptedValues('deepsource')).toMatchObject({ ads_client_secret: created.clientSecret });
    expect(await page.content()).not.toContain(created.clientSecret);
    console.log(`admin actions: ${actions.length} (demo, prepared demo profile → deployed: ${actions.join('; ')})`);

    await goTo(page, 'Installations');
    await expect(page.getByRole('listitem').filter({ hasText: 'Demo — Azure DevOps OAuth' }).first()).toContainText('expires in 60 days');
  } finally {
    backend.console.close();
    await app.close();
    await browser.close();
    await demo.stop();
    for (const entry of await backend.secrets.list()) await backend.secrets.delete(entry.scope, entry.kind);
    rmSync(storage.dataDir, { recursive: true, force: true });
  }
});

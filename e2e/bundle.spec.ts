import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { bundleForE2e } from './harness/bundle';
import { goTo, openApp, realBackend, repoRoot } from './harness/harness';

test('export a bundle from the panel, save its host script as a file, then verify the bundle with the pinned key', async ({ page }) => {
  const backend = realBackend();
  const bundle = await bundleForE2e(backend);
  const app = await openApp(page, backend);
  await goTo(page, 'Tools');
  try {
    await page.getByRole('button', { name: 'Show signing key' }).click();
    await expect(page.getByText('No signing key yet: it is created on the first export.')).toBeVisible();

    const panel = page.getByRole('region', { name: 'Signed config bundle' });
    await panel.getByLabel('Installation').selectOption('prod');
    await panel.getByLabel('Console host’s age public key').fill(bundle.recipient);
    // Deploy is on by default (as for a push); this bundle only sets the config.
    await expect(panel.getByLabel('Deploy the new version on the host')).toBeChecked();
    await panel.getByLabel('Deploy the new version on the host').uncheck();
    // Cancelling the save dialog does nothing and says so.
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    await expect(page.getByRole('alert')).toContainText('No file was chosen');

    const out = path.join(bundle.dir, 'stark.tar');
    bundle.dialog.save = out;
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    await expect(page.getByTestId('export-result')).toContainText('Saved stark.tar');
    expect(existsSync(out)).toBe(true);
    // The host script is a file offered for saving, never printed in the window; the two host commands are.
    await expect(page.getByTestId('host-commands')).toContainText('minisign -Vm apply.sh -p /etc/ads-setup/signing.pub');
    await expect(page.getByTestId('host-commands')).toContainText('sudo bash apply.sh < stark.tar');
    await expect(page.getByText('--config-file values.yaml')).toHaveCount(0);
    bundle.dialog.save = path.join(bundle.dir, 'apply.sh');
    await page.getByRole('button', { name: 'Save host script…' }).click();
    await expect(page.getByTestId('host-script-saved')).toContainText('apply.sh.minisig');
    const script = readFileSync(path.join(bundle.dir, 'apply.sh'), 'utf8');
    expect(script).toContain('kubectl kots set config deepsource --config-file values.yaml --merge -n "$NAMESPACE"');
    expect(script).toContain('minisign -Vm MANIFEST -x MANIFEST.minisig -p "$HOST_DIR/signing.pub"');
    expect(script).toContain('BUNDLE_FILE=stark.tar');
    await expect(page.getByTestId('signing-key-id')).toHaveText(/^[0-9A-F]{16}$/);
    const pub = await page.getByTestId('signing-key-minisign').textContent();
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screenshots', 'bundle-export.png'), fullPage: true });

    // The key the panel shows is the one the real minisign accepts.
    writeFileSync(path.join(bundle.dir, 'k.pub'), pub ?? '');
    execFileSync('tar', ['-xf', out], { cwd: bundle.dir });
    const folder = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).split('\n')[0]!;
    expect(execFileSync('minisign', ['-Vm', 'MANIFEST', '-p', path.join(bundle.dir, 'k.pub')], { cwd: path.join(bundle.dir, folder), encoding: 'utf8' })).toContain('Trusted comment: ads-bundle v2');

    bundle.dialog.open = out;
    await page.getByLabel('Pinned public key (minisign .pub or PEM)').fill(pub ?? '');
    await page.getByRole('button', { name: 'Verify a bundle…' }).click();
    await expect(page.getByTestId('verify-result')).toContainText(`Valid: ${out} was signed by the pinned key`);

    // Another key is refused with the reason.
    execFileSync('minisign', ['-G', '-W', '-p', 'other.pub', '-s', 'other.sec'], { cwd: bundle.dir, stdio: 'ignore' });
    await page.getByLabel('Pinned public key (minisign .pub or PEM)').fill(execFileSync('cat', [path.join(bundle.dir, 'other.pub')], { encoding: 'utf8' }));
    await page.getByRole('button', { name: 'Verify a bundle…' }).click();
    await expect(page.getByTestId('verify-result')).toContainText('Invalid: The bundle was signed by another key');
  } finally {
    await app.close();
    bundle.cleanup();
  }
});

test('export refuses an unknown installation with the reason, before any dialog; a bad age key is caught in its field', async ({ page }) => {
  const backend = realBackend();
  const bundle = await bundleForE2e(backend);
  const app = await openApp(page, backend);
  await goTo(page, 'Tools');
  try {
    // The window picks installations by name, so an unknown id can only come from a caller that is not the UI.
    const answer = await page.evaluate((recipient) => window.ads.bundleExport({ profileId: 'nope', recipient }), bundle.recipient);
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const panel = page.getByRole('region', { name: 'Signed config bundle' });
    const key = panel.getByLabel('Console host’s age public key');
    await key.fill('age1-not-a-key');
    await panel.getByRole('button', { name: 'Export bundle…' }).click();
    await expect(key).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.getByText('Paste the console host’s age public key: “age1”')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(bundle.dialog.save).toBeNull();
  } finally {
    await app.close();
    bundle.cleanup();
  }
});

test('a profile that never saw a console: the discovery output is matched by title, saved, exported, and the signed host script saved', async ({ page }) => {
  const backend = realBackend();
  const bundle = await bundleForE2e(backend, { mapping: false, appSlug: false });
  const app = await openApp(page, backend);
  await goTo(page, 'Tools');
  try {
    const panel = page.getByRole('region', { name: 'Signed config bundle' });
    await panel.getByLabel('Installation').selectOption('prod');
    await panel.getByLabel('Console host’s age public key').fill(bundle.recipient);
    // A name the shell would split: the window shows it as one quoted word (issue 22).
    bundle.dialog.save = path.join(bundle.dir, "prod's bundle.tar");
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    await expect(page.getByRole('alert')).toContainText("The console's item names for");
    expect(existsSync(path.join(bundle.dir, "prod's bundle.tar"))).toBe(false);

    const form = page.getByRole('form', { name: 'Console item names' });
    await form.getByRole('button', { name: 'Show discovery script' }).click();
    await expect(form.getByTestId('discovery-script')).toContainText('kubectl kots download "$APP" -n "$NAMESPACE"');
    // What `sh discover.sh` prints on the console host (mapping.test.ts runs it for real against kubectl's layout).
    const printed = readFileSync(path.join(repoRoot, 'test', 'host', 'deepsource-items.txt'), 'utf8');
    await form.getByLabel('What the discovery script printed').fill(printed);
    await form.getByRole('button', { name: 'Match by title' }).click();
    await expect(form.getByTestId('mapping-proposal')).toContainText('every field matched by its documented title');
    await expect(form.getByLabel('Azure DevOps Services Application Client Secret')).toHaveValue('ads_client_secret');
    await expect(form.getByLabel('Application in the console (its short name, as in the console’s address)')).toHaveValue('deepsource');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screenshots', 'bundle-mapping.png'), fullPage: true });
    await form.getByRole('button', { name: 'Save console items' }).click();
    await expect(form.getByTestId('mapping-saved')).toBeVisible();
    const saved = await backend.vault.get('prod');
    expect(saved).toMatchObject({ consoleItemsSource: 'discovery', console: { appSlug: 'deepsource' }, consoleItems: { clientSecret: 'ads_client_secret', webhookSecret: 'ads_webhook_secret' } });

    await expect(page.getByLabel('Deploy the new version on the host')).toBeChecked();
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    await expect(page.getByTestId('export-result')).toContainText("Saved prod's bundle.tar");
    // A name the shell would split is one quoted word in the host command.
    await expect(page.getByTestId('host-commands')).toContainText("sudo bash apply.sh < 'prod'\\''s bundle.tar'");
    await page.locator('.host-commands').screenshot({ path: path.join(repoRoot, 'test-results', 'screenshots', 'bundle-host-commands.png') });
    bundle.dialog.save = path.join(bundle.dir, 'apply.sh');
    await page.getByRole('button', { name: 'Save host script…' }).click();
    await expect(page.getByTestId('host-script-saved')).toContainText('apply.sh.minisig');
    const script = readFileSync(path.join(bundle.dir, 'apply.sh'), 'utf8');
    expect(script).toContain('--merge --deploy -n "$NAMESPACE"');
    expect(script).toContain("BUNDLE_FILE='prod'\\''s bundle.tar'");
    const pub = path.join(bundle.dir, 'signing.pub');
    writeFileSync(pub, (await backend.table.bundleSigningKey({}, { senderId: 1 })).key!.minisign);
    expect(execFileSync('minisign', ['-Vm', 'apply.sh', '-p', pub], { cwd: bundle.dir, encoding: 'utf8' })).toContain('Trusted comment: ads-host-script v1 bundle=');
  } finally {
    await app.close();
    bundle.cleanup();
  }
});

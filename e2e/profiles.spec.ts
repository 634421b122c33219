import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { KeytarSecretStore } from '../src/main/vault/keytar-store';
import { expect, test } from './fixtures';
import { goTo, repoRoot } from './harness/harness';

const screenshots = path.join(repoRoot, 'test-results', 'screenshots');

test('create an installation, generate its webhook secret, see it only masked, delete it', async ({ page, app }) => {
  await goTo(page, 'Installations');
  const form = page.getByRole('form', { name: 'New installation' });
  mkdirSync(screenshots, { recursive: true });
  await expect(page.getByText('No installations yet.')).toBeVisible();

  // A wrong host name says so under the field once it is left; a pasted address is cleaned into a host name.
  await form.getByLabel('DeepSource host name').fill('deepsource stark!');
  await form.getByLabel('Organization').focus();
  await expect(form.getByLabel('DeepSource host name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter the host name DeepSource is served on, such as deepsource.example.com.')).toBeVisible();
  await form.getByLabel('DeepSource host name').fill('https://deepsource.stark.com/login');
  await form.getByLabel('Organization').focus();
  await expect(form.getByLabel('DeepSource host name')).toHaveValue('deepsource.stark.com');
  await expect(page.getByText('https://deepsource.stark.com/accounts/ads/login/callback/bifrost')).toBeVisible();
  await form.getByLabel('Organization').fill('Stark International');
  await form.getByLabel('Installation name (optional)').fill('Stark Production');
  await form.getByLabel('Azure DevOps OAuth app (registered before April 2025)').check();
  await page.screenshot({ path: path.join(screenshots, 'profiles-new-light.png'), fullPage: true });
  await page.getByRole('button', { name: 'Create installation' }).click();

  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Stark Production' }) });
  await expect(card.getByText('Azure DevOps OAuth')).toBeVisible();
  await expect(card.getByRole('listitem').filter({ hasText: 'Webhook secret' })).toContainText('not stored');

  await card.getByRole('button', { name: 'Generate webhook secret' }).click();
  // Exact text: "not stored" also contains "stored".
  await expect(card.getByRole('listitem').filter({ hasText: 'Webhook secret' }).locator('.secret-state')).toHaveText('stored');
  const webhook = await app.backend.vault.readSecret('stark-production', 'webhook-secret');
  await expect(card.getByLabel('masked, 64 characters')).toHaveText(`${webhook.slice(0, 4)}…${webhook.slice(-4)}`);

  // A client secret captured elsewhere (registration) shows with its 60-day expiry after a reload.
  const clientSecret = `eyJ0eXAiOiJKV1Qi${'Q'.repeat(700)}xyz9`;
  await app.backend.vault.setSecret('stark-production', 'client-secret', clientSecret);
  await page.reload();
  await goTo(page, 'Installations');
  await expect(card.getByRole('listitem').filter({ hasText: 'Client secret' })).toContainText('expires in 60 days');
  await page.screenshot({ path: path.join(screenshots, 'profiles-list-light.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(screenshots, 'profiles-list-dark.png'), fullPage: true });

  const dom = await page.content();
  expect(dom).not.toContain(webhook);
  expect(dom).not.toContain(clientSecret.slice(4, -4));

  await card.getByRole('button', { name: 'Delete…' }).click();
  await card.getByRole('button', { name: 'Delete Stark Production and its secrets' }).click();
  await expect(page.getByText('No installations yet.')).toBeVisible();
  expect(await new KeytarSecretStore({ service: app.backend.keychainService }).list()).toEqual([]);
});

test('keyboard only: the form can be filled and submitted without a mouse', async ({ page }) => {
  await goTo(page, 'Installations');
  const form = page.getByRole('form', { name: 'New installation' });
  await expect(page.getByText('No installations yet.')).toBeVisible();
  await form.getByLabel('DeepSource host name').focus();
  await page.keyboard.type('ds-staging.example.com:8443');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Example Corp');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Staging');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Staging' })).toBeVisible();
  await expect(page.getByText('https://ds-staging.example.com:8443/accounts/ads/login/callback/bifrost')).toBeVisible();
});

test('edit an installation: a pasted address is cleaned, a bad host name cannot be saved, callback and console change', async ({ page, app }) => {
  await app.backend.vault.create({ id: 'prod', label: 'Production', hostname: 'ds.example.com', organization: 'Example', provider: 'entra' });
  await goTo(page, 'Installations');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Production' }) });
  await card.getByRole('button', { name: 'Edit…' }).click();
  const form = card.getByRole('form', { name: 'Edit Production' });
  await form.getByLabel('DeepSource host name').fill('ds example!');
  await expect(form.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  // As in the new-installation form, a pasted address becomes its host name when the field is left.
  await form.getByLabel('DeepSource host name').fill('https://ds2.example.com/login');
  await form.getByLabel('Organization').focus();
  await expect(form.getByLabel('DeepSource host name')).toHaveValue('ds2.example.com');
  await form.getByLabel('Callback URL ends with a slash (must match the app in Azure exactly)').check();
  await form.getByLabel('Admin console address').fill('https://console.example.com:8800');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toHaveCount(0);
  await expect(card.getByText('https://ds2.example.com/accounts/ads/login/callback/bifrost/')).toBeVisible();
  const saved = await app.backend.vault.get('prod');
  expect(saved.hostname).toBe('ds2.example.com');
  expect(saved.callbackTrailingSlash).toBe(true);
  expect(saved.console.url).toBe('https://console.example.com:8800');
});

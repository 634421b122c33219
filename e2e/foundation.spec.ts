import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { channels } from '../src/shared/channels';
import { expect, test } from './fixtures';
import { goTo, HARNESS_SENDER_ID, packageVersion, repoRoot } from './harness/harness';

const screenshots = path.join(repoRoot, 'test-results', 'screenshots');

test('opening Settings shows what the real handler answered', async ({ page, app }) => {
  await expect(page.getByRole('heading', { name: 'ADS Setup Assistant' })).toBeVisible();
  await goTo(page, 'Settings');
  await expect(page.getByTestId('app-version')).toHaveText(packageVersion);
  await expect(page.getByTestId('app-platform')).toHaveText(`${process.platform} (${process.arch})`);
  await expect(page.getByText(`Node ${process.versions.node}`)).toBeVisible();
  await expect(page.getByTestId('app-data-dir')).toHaveText(app.backend.dataDir);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'foundation-about-light.png'), fullPage: true });
});

test('keyboard alone reaches a section and opens it', async ({ page }) => {
  const button = page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' });
  await expect(button).toBeVisible();
  let presses = 0;
  while (!(await button.evaluate((el) => el === document.activeElement)) && presses < 30) {
    await page.keyboard.press('Tab');
    presses++;
  }
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-version')).toHaveText(packageVersion);
});

test('dark theme follows the OS', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await goTo(page, 'Settings');
  await expect(page.getByTestId('app-version')).toHaveText(packageVersion);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(15, 18, 22)');
  await page.screenshot({ path: path.join(screenshots, 'foundation-about-dark.png'), fullPage: true });
});

test('the page gets named functions only: no ipcRenderer, no require, no process', async ({ page }) => {
  const surface = await page.evaluate(() => ({
    api: Object.keys(window.ads).sort(),
    frozen: Object.isFrozen(window.ads),
    hasRequire: 'require' in window,
    hasProcess: 'process' in window,
    hasIpc: 'ipcRenderer' in window,
  }));
  expect(surface).toEqual({ api: [...channels].sort(), frozen: true, hasRequire: false, hasProcess: false, hasIpc: false });
});

test('a malformed payload from the page comes back as a typed error', async ({ page }) => {
  const answers = await page.evaluate(async () => {
    const call = window.ads.appInfo as unknown as (payload: unknown) => Promise<unknown>;
    return Promise.all([call({ unexpected: true }), call('text'), call(null), call({ constructor: { prototype: { polluted: 1 } } })]);
  });
  for (const answer of answers) {
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((answer as { error: { message: string } }).error.message).toMatch(/^Malformed request on "appInfo"/);
  }
  expect(await page.evaluate(() => ({} as Record<string, unknown>)['polluted'])).toBeUndefined();
});

test('a sender that is not trusted is refused by the same dispatcher', async ({ app }) => {
  const answer = await app.dispatch(HARNESS_SENDER_ID + 1, 'appInfo', {});
  expect(answer).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
  app.trusted.delete(HARNESS_SENDER_ID);
  expect(await app.dispatch(HARNESS_SENDER_ID, 'appInfo', {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
});

test('the CSP blocks an injected inline script', async ({ page }) => {
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; directive: string }>((resolve) => {
        const w = window as unknown as { __injected?: boolean };
        document.addEventListener('securitypolicyviolation', (event) => resolve({ ran: w.__injected === true, directive: event.effectiveDirective }), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.head.append(script);
      }),
  );
  expect(outcome).toEqual({ ran: false, directive: 'script-src-elem' });
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});

test('the CSP blocks inline event handlers', async ({ page }) => {
  const clicked = await page.evaluate(() => {
    const w = window as unknown as { __clicked?: boolean };
    const div = document.createElement('div');
    div.setAttribute('onclick', 'window.__clicked = true');
    document.body.append(div);
    div.click();
    return w.__clicked === true;
  });
  expect(clicked).toBe(false);
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CancelPickAnswer, PrefillAnswer } from '../../shared/page-protocol';
import { adoRegister } from '../../../test/fixtures/registration/pages';
import { launchChromium } from './chromium/launch';
import { pageScriptCall } from './page-code';
import { adoOAuthProvider } from './providers/ado-oauth';
import { prefillRequest } from './requests';

/** The injected code itself, run for real in Chromium (the CLI's launcher): one expression, data never code. */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium(process.env);
  page = await browser.newPage();
  await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: adoRegister() }));
  await page.goto('https://aex.dev.azure.com/app/register');
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

describe('pageScriptCall', () => {
  it('is one self-contained expression (no import, no require) that runs in a page and answers', async () => {
    const code = pageScriptCall({ mode: 'cancel-pick' });
    expect(code).not.toMatch(/\bimport\s*[({'"]|\brequire\s*\(/);
    const answer = (await page.evaluate(code)) as CancelPickAnswer;
    expect(answer).toEqual({ mode: 'cancel-pick', url: 'https://aex.dev.azure.com/app/register', origin: 'https://aex.dev.azure.com', frame: 'top', cancelled: false });
    // Its one global stays inside the expression.
    expect(await page.evaluate("'__adsPage' in window")).toBe(false);
  });

  it('carries request values as JSON data, never as code: a hostile organization name is typed into the form as text', async () => {
    const hostile = '"); globalThis.__pwned = 1; ("`${globalThis.__pwned = 2}`</script><img src=x onerror="globalThis.__pwned=3">';
    const request = prefillRequest(adoOAuthProvider, { hostname: 'h.example', org: hostile, callback: 'https://h.example/cb', audience: 'AzureADMultipleOrgs' }, 5000)!;
    const code = pageScriptCall(request);
    expect(code).toContain(JSON.stringify(request));
    const answer = (await page.evaluate(code)) as PrefillAnswer;
    expect(answer.filled['Application name']).toBe(`DeepSource ${hostile}`);
    expect(await page.getByLabel('Application website').inputValue()).toBe('https://h.example');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

import { expect, test, type Page } from '@playwright/test';
import { runInTrustedPageFrames } from '../src/main/registration/chromium/frames';
import { pageScriptCall } from '../src/main/registration/page-code';
import { adoOAuthProvider } from '../src/main/registration/providers/ado-oauth';
import { extractRequest } from '../src/main/registration/requests';
import { extractAnswerSchema, type ExtractAnswer } from '../src/shared/page-protocol';
import { portalPage, type BenchValues } from '../test/fixtures/registration/big-portal-page';
import { ADO_APP } from '../test/fixtures/registration/pages';
import { serveReplicas, type Replica } from './harness/azure-replica';

/**
 * The page script reads a big page in slices (src/page/slices.ts): the page's own tasks run between them, a page
 * that changes while it is read is read again, each call answers once, and a navigation in the middle ends the call
 * cleanly. How long the slices take is the bench's business (npm run bench:extract), not a test's.
 */

const APP_VIEW = `https://app.vsaex.visualstudio.com/app/view?clientId=${ADO_APP.appId}`;
const VALUES: BenchValues = { appId: ADO_APP.appId, clientSecret: ADO_APP.clientSecret, authorizeUrl: ADO_APP.authorizeUrl, callback: ADO_APP.callback };

let replica: Replica;
test.beforeEach(async ({ page }) => {
  replica = await serveReplicas(page);
});
test.afterEach(async () => {
  await replica.close();
});

/** Runs the extract call in the page, with the page's clock around it: when it started and when it answered. */
async function timedExtract(page: Page, waitMs: number): Promise<{ answer: ExtractAnswer; start: number; end: number }> {
  const code = `(async () => { const start = performance.now(); const answer = await ${pageScriptCall(extractRequest(adoOAuthProvider, waitMs))}; return { answer, start, end: performance.now() }; })()`;
  const [outcome] = await runInTrustedPageFrames(page, code, adoOAuthProvider.trustedOrigins);
  expect(outcome?.ok, outcome?.error).toBe(true);
  const value = outcome!.value as { answer: unknown; start: number; end: number };
  return { answer: extractAnswerSchema.parse(value.answer), start: value.start, end: value.end };
}

function expectValues(answer: ExtractAnswer): void {
  expect(answer.values['appId']).toMatchObject({ value: VALUES.appId, masked: false });
  expect(answer.values['clientSecret']).toMatchObject({ value: VALUES.clientSecret, masked: false });
  expect(answer.values['authorizeUrl']).toMatchObject({ value: VALUES.authorizeUrl, source: 'href' });
}

test('a 20,000-element page is read in slices: the page’s own tasks run in between, and the values come back once', async ({ page }) => {
  replica.set([{ url: APP_VIEW, html: portalPage(20_000, VALUES) }]);
  await page.goto(APP_VIEW);
  // The page's own work: a message loop (the same kind of task the script yields with) noting when each ran.
  await page.evaluate(() => {
    const ticks: number[] = [];
    (window as unknown as { ticks: number[] }).ticks = ticks;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      ticks.push(performance.now());
      if (ticks.length < 100_000) channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
  });
  const { answer, start, end } = await timedExtract(page, 0);
  const ticks = await page.evaluate(() => (window as unknown as { ticks: number[] }).ticks);
  expectValues(answer);
  expect(ticks.filter((t) => t > start && t < end).length, 'page tasks that ran while the script read the page').toBeGreaterThan(3);
  // More than one slice: the longest is shorter than the whole read.
  expect(answer.longestTaskMs).toBeGreaterThan(0);
  expect(answer.longestTaskMs).toBeLessThan(answer.scanMs);
});

test('a page that rebuilds its rows while it is read is read again, and gives its values', async ({ page }) => {
  const html = portalPage(8_000, VALUES).replace(
    '</body>',
    // The page's framework re-renders the first cards again and again (new nodes, same content) while it lives.
    `<script>const blade = document.querySelector('.fxs-blade'); let renders = 0;
     const again = () => { const first = blade.firstElementChild; blade.replaceChild(first.cloneNode(true), first); renders++; if (renders < 400) setTimeout(again, 1); };
     setTimeout(again, 1);</script></body>`,
  );
  replica.set([{ url: APP_VIEW, html }]);
  await page.goto(APP_VIEW);
  const { answer } = await timedExtract(page, 0);
  expectValues(answer);
});

test('a navigation while the page is read ends the call with an error, not a hang or a stale answer', async ({ page }) => {
  const next = 'https://app.vsaex.visualstudio.com/app/next';
  // No secret on the page, and the call may wait for one: it is still reading (in slices, then watching the page) when
  // the navigation commits, however long the next page takes to arrive on a busy machine.
  replica.set([
    { url: APP_VIEW, html: portalPage(20_000, { ...VALUES, clientSecret: '' }) },
    { url: next, html: '<!doctype html><title>next</title><p>Another page</p>' },
  ]);
  await page.goto(APP_VIEW);
  // The page's own script navigates, as the admin's click on a link would, on a message posted once the read began.
  await page.evaluate((url) => window.addEventListener('message', (event) => event.data === 'navigate' && window.location.assign(url)), next);
  const readThenNavigate = `(() => { const reading = ${pageScriptCall(extractRequest(adoOAuthProvider, 20_000))}; window.postMessage('navigate', '*'); return reading; })()`;
  const [outcome] = await runInTrustedPageFrames(page, readThenNavigate, adoOAuthProvider.trustedOrigins);
  await page.waitForURL(next);
  // Ended by the navigation: had the wait run out instead, the call would answer (ok) without the secret.
  expect(outcome?.ok).toBe(false);
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from '@playwright/test';
import { openApp, repoRoot } from '../harness/harness';

/**
 * Measures the built renderer: the initial JS (raw and gzip) and the time to the first wizard paint. Run through
 * `npm run bench:renderer` (scripts/bench-renderer.mjs), which prints the figures against their goals.
 */
const RUNS = 7;

/** The initial JS the window loads (the module scripts index.html references), raw and gzip-compressed. */
function initialScriptSizes(): { raw: number; gzip: number; files: string[] } {
  const dir = path.join(repoRoot, 'out', 'renderer');
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+)"/g)].map((m) => m[1] as string);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(path.join(dir, file));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files };
}

test('renderer: initial JS size and time to first wizard paint', async ({ browser }) => {
  const out = process.env['ADS_BENCH_RESULT_FILE'];
  if (!out) throw new Error('Run it with `npm run bench:renderer` (ADS_BENCH_RESULT_FILE names where the figures go).');
  const paintMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const app = await openApp(page);
    // Measured inside the page: the frame after React inserted the wizard (when Chromium paints it), from navigation
    // start. Asking from the test after Playwright's poll found the element would add the runner's own latency.
    await page.addInitScript(() => {
      const marked = window as unknown as { __adsWizardPaintedAt?: number };
      new MutationObserver((_records, observer) => {
        if (!document.querySelector('[data-testid="wizard"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => (marked.__adsWizardPaintedAt = performance.now()), 0));
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await page.getByTestId('wizard').waitFor();
    const paintedAt = await page.waitForFunction(() => (window as unknown as { __adsWizardPaintedAt?: number }).__adsWizardPaintedAt).then((handle) => handle.jsonValue() as Promise<number>);
    if (run > 0) paintMs.push(paintedAt); // the first run warms Chromium's caches
    await app.close();
    await context.close();
  }
  writeFileSync(out, JSON.stringify({ initialJs: initialScriptSizes(), paintMs }));
});

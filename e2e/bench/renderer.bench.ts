import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from '@playwright/test';
import { openApp, repoRoot } from '../harness/harness';

const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

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
  const sizes = initialScriptSizes();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const app = await openApp(page);
    await page.reload();
    // Time from navigation start until the wizard's first step is painted (measured inside the page).
    await page.getByTestId('wizard').waitFor();
    const paintedAt = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    if (run > 0) times.push(paintedAt); // the first run warms Chromium's caches
    await app.close();
    await context.close();
  }
  console.log(`renderer initial JS: ${sizes.files.join(', ')}: ${(sizes.raw / 1024).toFixed(1)} KB raw, ${(sizes.gzip / 1024).toFixed(1)} KB gzip (goal ≤ 150 KB gzip)`);
  const actions = path.join(repoRoot, 'test-results', 'admin-actions.json');
  if (existsSync(actions)) {
    for (const [flow, result] of Object.entries(JSON.parse(readFileSync(actions, 'utf8')) as Record<string, { count: number }>)) {
      console.log(`admin actions (${flow}, from the last e2e run): ${result.count} (goal ≤ 8)`);
    }
  } else {
    console.log('admin actions: run `npm test` (e2e/wizard.spec.ts) first to record them');
  }
  console.log(`time to first wizard paint: median ${median(times).toFixed(0)} ms over ${times.length} runs (goal ≤ 300 ms); all: ${times.map((t) => t.toFixed(0)).join(', ')}`);
});

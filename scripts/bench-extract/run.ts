// The extraction bench (`npm run bench:extract` builds the app and runs this through scripts/bench-extract.mjs).
// On a portal-like page of 5,000 and 20,000 elements, in one Chromium page per size, it measures in turns:
//   - the app's page script reading the page, as the CLI runs it (`openPage`, then `runInTrustedPageFrames` with the
//     extract request): its busy time (`scanMs`, the sum of its slices) and its longest task (`longestTaskMs`, the
//     longest slice, timed by the script itself); Chromium's own PerformanceObserver('longtask') watches the page
//     meanwhile and lists every task of 50 ms or more;
//   - the baseline: one task that asks checkVisibility() of every element, right after invalidating every element's
//     style (a custom property set on <html>), and the same walk on clean styles.
// Then `ads-setup extract --json` once per size, to show the same figures as the CLI prints them.
// Goals: the longest task under 50 ms at 20,000 elements; the scan at most 2× the walk (median of the same run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInTrustedPageFrames } from '../../src/main/registration/chromium/frames';
import { openPage } from '../../src/main/registration/chromium/open-page';
import { pageScriptCall } from '../../src/main/registration/page-code';
import { adoOAuthProvider } from '../../src/main/registration/providers/ado-oauth';
import { extractRequest } from '../../src/main/registration/requests';
import { extractAnswerSchema } from '../../src/shared/page-protocol';
import { portalPage, type BenchValues } from '../../test/fixtures/registration/big-portal-page';

const SIZES = [5000, 20000];
const RUNS = Number(process.env['BENCH_RUNS'] ?? 9);
const LONG_TASK_MS = 50;
const MAX_RATIO = 2;
const AS_URL = 'https://app.vsaex.visualstudio.com/app/view';

const appId = '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D';
const callback = 'https://deepsource.example.com/accounts/ads/login/callback/bifrost';
const values: BenchValues = {
  appId,
  callback,
  clientSecret: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'x'.repeat(637)}.${'y'.repeat(83)}`,
  authorizeUrl: `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${appId}&response_type=Assertion&state=User1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=${callback}`,
};

interface Figures {
  elements: number;
  scanMs: number[];
  longestMs: number[];
  walkDirtyMs: number[];
  walkCleanMs: number[];
  /** Durations of the tasks of 50 ms or more Chromium saw while the script read the page. */
  longTasks: number[];
  cli: { scanMs: number; longestTaskMs: number; evaluateMs: number };
}

const median = (list: readonly number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** One task: optionally invalidate every element's style, then checkVisibility() of every element. Runs in the page. */
function visibilityWalk([dirty, run]: [boolean, number]): number {
  if (dirty) document.documentElement.style.setProperty('--bench-run', String(run));
  const started = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  let shown = 0;
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) if ((node as Element).checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) shown++;
  (window as unknown as { benchShown: number }).benchShown = shown;
  return performance.now() - started;
}

async function measure(cli: string, dir: string, size: number): Promise<Figures> {
  const file = path.join(dir, `portal-${size}.html`);
  writeFileSync(file, portalPage(size, values));
  const opened = await openPage({ html: file, asUrl: AS_URL }, process.env);
  const figures: Figures = { elements: 0, scanMs: [], longestMs: [], walkDirtyMs: [], walkCleanMs: [], longTasks: [], cli: { scanMs: 0, longestTaskMs: 0, evaluateMs: 0 } };
  try {
    const { page } = opened;
    figures.elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { benchLongTasks: number[] }).benchLongTasks = seen;
      new PerformanceObserver((list) => seen.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
    });
    const code = pageScriptCall(extractRequest(adoOAuthProvider, 0));
    const read = async () => {
      const [outcome] = await runInTrustedPageFrames(page, code, adoOAuthProvider.trustedOrigins);
      const answer = extractAnswerSchema.parse(outcome?.ok ? outcome.value : null);
      if (answer.values['appId']?.value !== appId || answer.values['clientSecret']?.value !== values.clientSecret || answer.values['authorizeUrl']?.value !== values.authorizeUrl) {
        throw new Error(`bench: the script did not read the page's values at ${size} elements`);
      }
      return answer;
    };
    // Warm-up (compilation, first layout), not counted.
    await read();
    await page.evaluate(visibilityWalk, [true, -1] as [boolean, number]);
    for (let run = 0; run < RUNS; run++) {
      figures.walkDirtyMs.push(await page.evaluate(visibilityWalk, [true, run] as [boolean, number]));
      figures.walkCleanMs.push(await page.evaluate(visibilityWalk, [false, run] as [boolean, number]));
      // The page renders its frame (the walk's style change) before the script reads it, as a page does between reads.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
      await page.evaluate(() => ((window as unknown as { benchLongTasks: number[] }).benchLongTasks.length = 0));
      const answer = await read();
      figures.longTasks.push(...(await page.evaluate(() => [...(window as unknown as { benchLongTasks: number[] }).benchLongTasks])));
      figures.scanMs.push(answer.scanMs);
      figures.longestMs.push(answer.longestTaskMs);
    }
  } finally {
    await opened.close();
  }
  const out = execFileSync(process.execPath, [cli, 'extract', '--html', file, '--as-url', AS_URL, '--wait', '0', '--callback', callback, '--json'], { encoding: 'utf8' });
  figures.cli = (JSON.parse(out) as { timing: Figures['cli'] }).timing;
  return figures;
}

export async function main(root: string): Promise<number> {
  const cli = path.join(root, 'out', 'cli', 'index.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'ads-bench-extract-'));
  let met = true;
  try {
    console.log(`extraction bench: a portal-like page (nested cards, grids, icons, hidden tooltips), ${RUNS} runs per size, ${process.env['ADS_SETUP_CHROMIUM'] ?? '/usr/bin/chromium'}`);
    console.log('  longest task: timed by the page script around each of its slices; long tasks: PerformanceObserver("longtask") in the page');
    for (const size of SIZES) {
      const f = await measure(cli, dir, size);
      const scan = median(f.scanMs);
      const dirty = median(f.walkDirtyMs);
      const clean = median(f.walkCleanMs);
      const longest = Math.max(...f.longestMs);
      const ratio = scan / dirty;
      console.log(`\n${f.elements} elements`);
      console.log(`  longest task of the script:   median ${ms(median(f.longestMs))}, max ${ms(longest)}   (goal < ${LONG_TASK_MS} ms: ${longest < LONG_TASK_MS ? 'met' : 'NOT met'})`);
      console.log(`  tasks ≥ ${LONG_TASK_MS} ms seen by Chromium while it read: ${f.longTasks.length === 0 ? 'none' : f.longTasks.map(ms).join(', ')}`);
      console.log(`  scan (busy time, its slices): median ${ms(scan)}, max ${ms(Math.max(...f.scanMs))}`);
      console.log(`  checkVisibility() walk, styles invalidated first: median ${ms(dirty)}   ratio scan/walk ${ratio.toFixed(2)}   (goal ≤ ${MAX_RATIO}: ${ratio <= MAX_RATIO ? 'met' : 'NOT met'})`);
      console.log(`  checkVisibility() walk, styles clean:             median ${ms(clean)}   ratio scan/walk ${(scan / clean).toFixed(2)}   (no goal)`);
      console.log(`  ads-setup extract --json timing: scanMs ${f.cli.scanMs}, longestTaskMs ${f.cli.longestTaskMs}, evaluateMs ${f.cli.evaluateMs}`);
      if (size === Math.max(...SIZES)) met &&= longest < LONG_TASK_MS && ratio <= MAX_RATIO;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return met ? 0 : 1;
}

// Reads the runners' JSON reports and prints one closing line, `N passed, N failed[, N skipped]`, for CI.
// Static checks (lint, typecheck, build) count as one test each. A runner that left no report counts as a failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const checks = process.argv.slice(2).map((arg) => arg.split(':'));
const rows = [];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const [name, outcome] of checks) {
  const ok = outcome === 'pass';
  rows.push(`${name}: ${ok ? 'ok' : 'FAILED'}`);
  if (ok) passed++;
  else failed++;
}

function readJson(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const vitest = readJson('test-results/vitest.json');
if (vitest) {
  const skippedHere = (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  rows.push(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${skippedHere} skipped`);
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += skippedHere;
  if (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0) {
    rows.push(`vitest: ${vitest.numFailedTestSuites} suite(s) failed to load`);
    failed += vitest.numFailedTestSuites;
  }
} else {
  rows.push('vitest: no report (runner crashed?)');
  failed++;
}

const playwright = readJson('test-results/playwright.json');
if (playwright?.stats) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped: skippedHere = 0 } = playwright.stats;
  rows.push(`playwright: ${expected + flaky} passed, ${unexpected} failed, ${skippedHere} skipped${flaky ? ` (${flaky} flaky)` : ''}`);
  passed += expected + flaky;
  failed += unexpected;
  skipped += skippedHere;
  if ((playwright.errors ?? []).length > 0) {
    rows.push(`playwright: ${playwright.errors.length} error(s) outside tests`);
    failed += playwright.errors.length;
  }
} else {
  rows.push('playwright: no report (runner crashed?)');
  failed++;
}

// The shell e2e records how many channels answered through the app's own IPC (e2e/shell/boot.spec.ts).
if (existsSync('test-results/app-shell-channels.txt')) rows.push(readFileSync('test-results/app-shell-channels.txt', 'utf8').trim());
else rows.push("app shell: no record (the shell e2e did not run)");
// The screens walk records what axe found on each screen of the app (e2e/shell/screens.spec.ts).
if (existsSync('test-results/accessibility.txt')) rows.push(readFileSync('test-results/accessibility.txt', 'utf8').trim());
else rows.push('accessibility: no record (the screens walk did not run)');

// Each phase's wall and CPU time (scripts/phase.sh); lint, typecheck and the two runners run side by side.
const PHASES = ['build', 'lint', 'typecheck', 'vitest', 'playwright'];
if (existsSync('test-results/phases')) {
  const phases = readdirSync('test-results/phases')
    .filter((name) => PHASES.includes(name))
    .sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b))
    .map((name) => readFileSync(`test-results/phases/${name}`, 'utf8').trim().split(' '));
  const total = existsSync('test-results/phases/total') ? readFileSync('test-results/phases/total', 'utf8').trim().split(' ')[1] : undefined;
  rows.push(`time: ${phases.map(([name, , wall, cpu]) => `${name} ${wall} s (CPU ${cpu} s)`).join(', ')}${total ? `; all ${total} s` : ''}`);
}

console.log('\n' + rows.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;

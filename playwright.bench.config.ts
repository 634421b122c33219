import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/harness/chromium';

/** Benchmarks print figures; they are run by `npm run bench:*`, never as part of `npm test`. */
export default defineConfig({
  testDir: 'e2e/bench',
  testMatch: '**/*.bench.ts',
  outputDir: 'test-results/bench-artifacts',
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
  use: { launchOptions: { executablePath: chromiumPath, args: chromiumArgs } },
});

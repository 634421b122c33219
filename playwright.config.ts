import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/harness/chromium';
import { ownKeyringPerWorker } from './e2e/harness/worker-keyring';

// Every worker loads this file: each gets a throwaway gnome-keyring of its own, so the specs that boot the demo (one
// fixed keychain service, cleared at start) no longer wait for each other.
ownKeyringPerWorker();

export default defineConfig({
  testDir: '.',
  globalSetup: ['./test/page-script-setup.ts', './test/entra-tls-setup.ts'],
  outputDir: 'test-results/playwright-artifacts',
  fullyParallel: false,
  // Two workers, beside vitest's two (scripts/test.sh runs both at once): each spec file runs in one worker, its tests
  // in order. More workers on two cores made single tests slow enough to time out when the machine was busy.
  workers: 2,
  // A hang guard, not a speed limit: beside vitest on a busy machine, booting the app and calling every channel took
  // 32 s (about 9 s alone).
  timeout: 60_000,
  // The same for what the window is waited for (5 s by default): a kubectl refusal that takes the app two kubectl
  // child processes to find was not on screen within 5 s at load average 24.
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env['CI']),
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    colorScheme: 'light',
  },
  projects: [
    { name: 'chromium', testMatch: ['e2e/**/*.spec.ts'], testIgnore: ['e2e/electron.spec.ts'] },
    { name: 'electron', testMatch: ['e2e/electron.spec.ts'] },
  ],
});

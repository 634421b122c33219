import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/harness/chromium';

export default defineConfig({
  testDir: '.',
  globalSetup: './test/page-script-setup.ts',
  outputDir: 'test-results/playwright-artifacts',
  fullyParallel: false,
  // Two workers on two cores; the one spec that boots the demo (shared demo keychain service) runs serially within itself.
  workers: 2,
  timeout: 30_000,
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

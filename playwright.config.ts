import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/harness/chromium';

export default defineConfig({
  testDir: '.',
  globalSetup: ['./test/page-script-setup.ts', './test/entra-tls-setup.ts'],
  outputDir: 'test-results/playwright-artifacts',
  fullyParallel: false,
  // Two workers on two cores. The specs that boot the demo share its keychain service, so they run one after the
  // other (the demo-shell projects, chained), each serially within itself, while the other worker runs everything else.
  workers: 2,
  timeout: 30_000,
  forbidOnly: Boolean(process.env['CI']),
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    colorScheme: 'light',
  },
  projects: [
    {
      name: 'chromium',
      testMatch: ['e2e/**/*.spec.ts'],
      testIgnore: ['e2e/electron.spec.ts', 'e2e/shell/demo-wizard.spec.ts', 'e2e/shell/admin-actions.spec.ts', 'e2e/shell/screens.spec.ts', 'e2e/shell/console-routes.spec.ts'],
    },
    { name: 'demo-shell', testMatch: ['e2e/shell/demo-wizard.spec.ts'] },
    { name: 'demo-shell-counts', testMatch: ['e2e/shell/admin-actions.spec.ts'], dependencies: ['demo-shell'] },
    { name: 'demo-shell-screens', testMatch: ['e2e/shell/screens.spec.ts'], dependencies: ['demo-shell-counts'] },
    { name: 'demo-shell-routes', testMatch: ['e2e/shell/console-routes.spec.ts'], dependencies: ['demo-shell-screens'] },
    { name: 'electron', testMatch: ['e2e/electron.spec.ts'] },
  ],
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    // A hang guard, not a speed limit: npm test runs vitest beside Playwright on two cores, and on a busy machine a
    // test that starts the CLI a dozen times took over 20 s (it takes about 5 s alone).
    testTimeout: 60_000,
    pool: 'forks',
    // Two workers even on two cores (vitest's default there is one): most suites wait on Chromium, the keychain or a
    // child process rather than compute, so two cut the wall time (about 200 s in a full run instead of 300+).
    maxWorkers: 2,
    // Every suite runs on node:crypto restricted to what Electron's BoringSSL offers.
    setupFiles: ['test/electron-runtime/boringssl-guard.ts'],
    globalSetup: ['test/page-script-setup.ts', 'test/entra-tls-setup.ts'],
  },
});

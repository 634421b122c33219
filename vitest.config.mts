import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // Every suite runs on node:crypto restricted to what Electron's BoringSSL offers.
    setupFiles: ['test/electron-runtime/boringssl-guard.ts'],
    globalSetup: ['test/page-script-setup.ts'],
  },
});

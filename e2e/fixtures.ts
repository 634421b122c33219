import { test as base } from '@playwright/test';
import { openApp, type OpenedApp } from './harness/harness';

/** `app`: the built renderer in real Chromium, its preload bound to the real handler table in Node. */
export const test = base.extend<{ app: OpenedApp }>({
  app: [
    async ({ page }, use) => {
      const opened = await openApp(page);
      await use(opened);
      await opened.close();
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';

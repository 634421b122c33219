import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium unless ADS_SETUP_CHROMIUM says otherwise (no browser is downloaded). */
export function chromiumExecutable(env: Readonly<Record<string, string | undefined>>): string {
  return env['ADS_SETUP_CHROMIUM'] || '/usr/bin/chromium';
}

/** Same flags as the test harness (e2e/harness/chromium.ts): no background traffic to outside hosts. */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `extraArgs`: switches one user needs (the sign-in check's interception key). */
export async function launchChromium(env: Readonly<Record<string, string | undefined>>, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(env), args: [...chromiumFlags, ...extraArgs], headless: true });
}

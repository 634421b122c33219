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

/**
 * `extraArgs`: switches one user needs (the sign-in check's interception key). `headed`: a window of its own on the
 * admin's display (the sign-in round trip: the admin signs in at Azure there).
 */
export async function launchChromium(env: Readonly<Record<string, string | undefined>>, extraArgs: readonly string[] = [], options: { headed?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(env), args: [...chromiumFlags, ...extraArgs], headless: options.headed !== true, ...(options.headed ? { env: { ...env } as Record<string, string> } : {}) });
}

/** Can a window be shown here? Linux needs an X or Wayland display; macOS and Windows always have one. */
export function hasDisplay(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

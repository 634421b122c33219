/** Debian's Chromium (no browser download is possible here); ADS_SETUP_CHROMIUM overrides the path. */
export const chromiumPath = process.env['ADS_SETUP_CHROMIUM'] ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium calls outside hosts, which a locked-down network refuses. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

import { chromiumExecutable, chromiumFlags } from '../../src/main/registration/chromium/launch';

/** Debian's Chromium (no browser download is possible here); ADS_SETUP_CHROMIUM overrides the path. The CLI uses the same. */
export const chromiumPath = chromiumExecutable(process.env);

/** Without the background-networking flags Chromium calls outside hosts, which a locked-down network refuses. */
export const chromiumArgs = chromiumFlags;

/**
 * Which frames may call the app's IPC channels. Pure, so it is tested on the values Electron really hands over.
 *
 * Node's WHATWG `URL` gives `origin === "null"` for non-special schemes such as `app://ads-setup/…`, while
 * Chromium (and so `WebFrameMain.origin`) serialises a registered standard scheme as `app://ads-setup`. So the
 * URL is compared by scheme and host, never by `new URL(u).origin`, and Chromium's own origin must agree.
 */
export interface SenderFrame {
  /** `WebFrameMain.url`. */
  url: string;
  /** `WebFrameMain.origin`: Chromium's serialisation of the frame's origin. */
  origin: string;
  /** `WebFrameMain.parent === null`. Sub-frames never get the preload, so they never call. */
  isTopFrame: boolean;
}

export interface SenderPolicy {
  /** The app's own origin, e.g. `app://ads-setup`. */
  appOrigin: string;
  /** electron-vite's dev server (`ELECTRON_RENDERER_URL`); pass it only when the app is not packaged. */
  devServerUrl?: string | undefined;
}

/** `scheme://host[:port]` of a URL, for special and non-special schemes alike; null for anything else. */
export function schemeAndHost(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username || parsed.password || !parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`;
}

export function isTrustedSenderFrame(frame: SenderFrame | null | undefined, policy: SenderPolicy): boolean {
  if (!frame || !frame.isTopFrame) return false;
  const where = schemeAndHost(frame.url);
  if (where === null) return false;
  const trusted = [policy.appOrigin];
  if (policy.devServerUrl) {
    const dev = schemeAndHost(policy.devServerUrl);
    if (dev) trusted.push(dev);
  }
  return trusted.includes(where) && frame.origin === where;
}

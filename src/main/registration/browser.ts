/**
 * The built-in browser as the registration service sees it. The Electron shell implements it with a
 * WebContentsView (src/main/shell/registration-view.ts); the e2e tests with a Playwright page.
 */
export interface BrowserListener {
  /** The top-level page changed (navigation, in-page navigation, load state). */
  onLocation: (location: { url: string; canGoBack: boolean; loading: boolean }) => void;
  /**
   * A document (top or sub-frame) finished loading — or, with `inPage`, the top page changed without a load (hash or
   * history navigation): a chance to read values. Prefill runs only on real loads, never over the admin's edits.
   * The service's listener answers with the reading of that page, finished (it never rejects); the shell ignores it.
   */
  onLoaded: (url: string, inPage?: boolean) => Promise<void> | void;
  /** A navigation or popup was refused by the navigation policy. */
  onBlocked: (url: string, reason: string) => void;
}

export interface OpenSpec {
  flowId: string;
  url: string;
}

export interface FrameOutcome {
  url: string;
  origin: string;
  ok: boolean;
  /** The script's answer (JSON-like) when ok. */
  value?: unknown;
  error?: string;
}

/** Runs a page script in every frame of a flow's view whose origin is in `trustedOrigins` (exact match). */
export interface FrameScriptRunner {
  runInTrustedFrames: (
    flowId: string,
    code: string,
    trustedOrigins: readonly string[],
    /** Called as each frame answers (pick mode stops the other frames as soon as one has a value). */
    onOutcome?: (outcome: FrameOutcome) => void,
  ) => Promise<FrameOutcome[]>;
}

export interface RegistrationBrowser extends FrameScriptRunner {
  open: (spec: OpenSpec, listener: BrowserListener) => Promise<void>;
  /** Ends the view and clears its in-memory session (cookies, storage, cache). */
  close: (flowId: string) => Promise<void>;
  back: (flowId: string) => void;
  reload: (flowId: string) => void;
  /** Opens an address of the provider in the view (the guide's direct link to one of the app's pages). */
  load: (flowId: string, url: string) => void;
  setBounds: (flowId: string, bounds: { x: number; y: number; width: number; height: number }) => void;
  /** Gives the page the keyboard (the admin asked from the window). */
  focus: (flowId: string) => void;
}

import type { WebContents, WebFrameMain } from 'electron';
import type { FrameOutcome } from '../registration/browser';
import { originOf } from '../../shared/origin';

/** The isolated world our page script runs in (999 is Electron's contextIsolation world; page scripts use 0). */
export const REGISTRATION_WORLD_ID = 1042;

/** Longer than any page-script wait (pick mode waits up to two minutes for the admin's click). */
export const DEFAULT_FRAME_CALL_TIMEOUT_MS = 150_000;

type IsolatedCapableFrame = WebFrameMain & {
  executeJavaScriptInIsolatedWorld?: (worldId: number, scripts: { code: string }[], userGesture?: boolean) => Promise<unknown>;
};

/** Ends a frame call early: a call into a frame that navigates or goes away may never settle. */
class FrameGone extends Error {}

/**
 * Resolves (with a reason) when the frame can no longer answer: it starts a cross-document navigation, its
 * webContents is destroyed or its renderer dies, or the deadline passes. Electron's executeJavaScript promises are
 * left pending in those cases, so every call races this.
 */
function frameEnds(contents: WebContents, frame: WebFrameMain, timeoutMs: number): { ended: Promise<FrameGone>; dispose: () => void } {
  let finish: (reason: FrameGone) => void = () => undefined;
  const ended = new Promise<FrameGone>((resolve) => (finish = resolve));
  // A navigation of this frame or of any frame above it replaces the document the script runs in.
  const lineage = new Set<number>();
  for (let at: WebFrameMain | null = frame; at; at = at.parent) lineage.add(at.frameTreeNodeId);
  const onNavigation = (details: Electron.Event<Electron.WebContentsDidStartNavigationEventParams>) => {
    if (details.isSameDocument) return;
    const navigating = details.frame; // null once that frame navigated or was destroyed: assume it was ours
    if (!navigating || lineage.has(navigating.frameTreeNodeId)) finish(new FrameGone('The page navigated before the page script answered.'));
  };
  const onDestroyed = () => finish(new FrameGone('The built-in browser closed before the page script answered.'));
  const onGone = () => finish(new FrameGone('The page crashed before the page script answered.'));
  const timer = setTimeout(() => finish(new FrameGone('The page script did not answer in time.')), timeoutMs);
  contents.on('did-start-navigation', onNavigation);
  contents.once('destroyed', onDestroyed);
  contents.once('render-process-gone', onGone);
  return {
    ended,
    dispose: () => {
      clearTimeout(timer);
      contents.off('did-start-navigation', onNavigation);
      contents.off('destroyed', onDestroyed);
      contents.off('render-process-gone', onGone);
    },
  };
}

function trustedFrames(main: WebFrameMain, trustedOrigins: readonly string[]): WebFrameMain[] {
  return main.framesInSubtree.filter((frame) => {
    try {
      if (frame.isDestroyed() || frame.detached) return false;
      const origin = originOf(frame.url);
      // The URL's origin and Chromium's own origin must agree (an about:blank or srcdoc frame inherits its origin).
      return origin !== null && origin === frame.origin && trustedOrigins.includes(origin);
    } catch {
      return false; // a frame disposed while we looked
    }
  });
}

/**
 * Runs `code` in every frame of `contents` whose origin is exactly trusted. The top frame runs it in an isolated
 * world (the page's scripts cannot see or patch it). Electron 45's WebFrameMain has no isolated-world call, so
 * sub-frames use one when the runtime offers it and otherwise run in the frame's main world.
 */
export async function runInTrustedFrames(
  contents: WebContents,
  code: string,
  trustedOrigins: readonly string[],
  onOutcome: ((outcome: FrameOutcome) => void) | undefined,
  timeoutMs: number,
): Promise<FrameOutcome[]> {
  return Promise.all(
    trustedFrames(contents.mainFrame, trustedOrigins).map(async (frame): Promise<FrameOutcome> => {
      const url = frame.url;
      const origin = frame.origin;
      const { ended, dispose } = frameEnds(contents, frame, timeoutMs);
      let outcome: FrameOutcome;
      try {
        const isolated = (frame as IsolatedCapableFrame).executeJavaScriptInIsolatedWorld;
        const call =
          frame.parent === null
            ? contents.executeJavaScriptInIsolatedWorld(REGISTRATION_WORLD_ID, [{ code }])
            : typeof isolated === 'function'
              ? isolated.call(frame, REGISTRATION_WORLD_ID, [{ code }])
              : frame.executeJavaScript(code);
        const value = await Promise.race([call, ended]);
        outcome = value instanceof FrameGone ? { url, origin, ok: false, error: value.message } : { url, origin, ok: true, value };
        // A late answer from an abandoned call is dropped.
        void call.catch(() => undefined);
      } catch {
        outcome = { url, origin, ok: false, error: 'The page script did not finish (the page navigated or closed).' };
      } finally {
        dispose();
      }
      onOutcome?.(outcome);
      return outcome;
    }),
  );
}

/** Runs `code` in the top frame's isolated world, racing its navigation, destruction and a deadline. */
export async function runInMainFrame(contents: WebContents, code: string, timeoutMs: number): Promise<unknown> {
  const { ended, dispose } = frameEnds(contents, contents.mainFrame, timeoutMs);
  try {
    const call = contents.executeJavaScriptInIsolatedWorld(REGISTRATION_WORLD_ID, [{ code }]);
    void call.catch(() => undefined);
    const value = await Promise.race([call, ended]);
    if (value instanceof FrameGone) throw value;
    return value;
  } finally {
    dispose();
  }
}

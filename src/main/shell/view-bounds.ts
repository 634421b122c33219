import type { BrowserWindow, Session, WebContentsView } from 'electron';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of `bounds` (the placeholder's rectangle in window content coordinates, as the renderer measured it)
 * that lies inside the window's content area, or null when nothing of it is visible (scrolled away, unmounted,
 * another section shown). A view never covers the window's edges or floats outside it.
 */
export function clampToContent(bounds: Rect, content: { width: number; height: number }): Rect | null {
  const values = [bounds.x, bounds.y, bounds.width, bounds.height];
  if (!values.every(Number.isFinite)) return null;
  const left = Math.max(0, Math.round(bounds.x));
  const top = Math.max(0, Math.round(bounds.y));
  const right = Math.min(content.width, Math.round(bounds.x + bounds.width));
  const bottom = Math.min(content.height, Math.round(bounds.y + bounds.height));
  if (right - left < 1 || bottom - top < 1) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** What the shell's child views (registration, sign-in) hold: the view and its own in-memory session. */
export interface ChildView {
  view: WebContentsView;
  session: Session;
}

/** Puts the view over its placeholder, clamped to the window's content area, or hides it when none of it shows. */
export function placeChildView(window: BrowserWindow | null, open: ChildView | undefined, bounds: Rect): void {
  if (!open || !window || window.isDestroyed()) return;
  const clamped = clampToContent(bounds, window.getContentBounds());
  if (clamped) open.view.setBounds(clamped);
  open.view.setVisible(clamped !== null);
}

/**
 * Takes the view out of the window and closes it; its cookies, storage and cache go with it, and the session's
 * verify proc lets go of any pins.
 */
export async function closeChildView(window: BrowserWindow | null, open: ChildView): Promise<void> {
  if (window && !window.isDestroyed()) window.contentView.removeChildView(open.view);
  if (!open.view.webContents.isDestroyed()) open.view.webContents.close();
  open.session.setCertificateVerifyProc(null);
  await Promise.allSettled([open.session.clearStorageData(), open.session.clearCache(), open.session.clearAuthCache()]);
}

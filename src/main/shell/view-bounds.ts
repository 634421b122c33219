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

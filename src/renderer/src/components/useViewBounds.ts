import { useEffect, useRef } from 'react';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Tells the main process where a built-in browser (a WebContentsView over the window: the registration, the sign-in
 * check) goes: over this placeholder, measured again whenever it may have moved (scroll, resize, layout changes
 * above it). When the placeholder goes (the panel unmounts, another section shows) the view is hidden.
 */
export function useViewBounds(id: string | undefined, place: (id: string, bounds: Bounds) => Promise<unknown>) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || !id) return;
    let last = '';
    let frame = 0;
    const send = (rect: { x: number; y: number; width: number; height: number }) => {
      const bounds = { x: Math.round(rect.x), y: Math.round(rect.y), width: Math.round(rect.width), height: Math.round(rect.height) };
      const key = `${bounds.x},${bounds.y},${bounds.width},${bounds.height}`;
      if (key === last) return;
      last = key;
      void place(id, bounds).catch(() => undefined);
    };
    const measure = () => {
      frame = 0;
      send(document.visibilityState === 'hidden' ? { x: 0, y: 0, width: 0, height: 0 } : element.getBoundingClientRect());
    };
    // One measurement per animation frame, however many events asked for it.
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    const resize = new ResizeObserver(schedule);
    resize.observe(element);
    resize.observe(document.body);
    const layout = new MutationObserver(schedule);
    layout.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    window.addEventListener('resize', schedule);
    window.addEventListener('scroll', schedule, { capture: true, passive: true });
    document.addEventListener('visibilitychange', schedule);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      layout.disconnect();
      window.removeEventListener('resize', schedule);
      window.removeEventListener('scroll', schedule, { capture: true });
      document.removeEventListener('visibilitychange', schedule);
      send({ x: 0, y: 0, width: 0, height: 0 });
    };
    // `place` is a stable call into the API for a given id; re-running on its identity would only re-measure.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  return ref;
}


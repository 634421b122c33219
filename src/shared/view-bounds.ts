import { z } from 'zod';

/**
 * A built-in browser placeholder's rectangle in the window, as the renderer measured it: partly scrolled out of view
 * means a negative x or y. Spread into a channel's request next to the flow's or run's id.
 */
export const viewBoundsFields = {
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(0).max(100_000),
  height: z.number().int().min(0).max(100_000),
};

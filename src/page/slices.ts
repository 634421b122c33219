/**
 * Work in slices: a reader written as a generator says where it may pause (`yield`), and the driver runs it in
 * tasks of at most a few milliseconds, giving the page its turn in between (input, rendering, its own scripts). A
 * big portal page is read without a long task; the admin's clicks and scrolling stay smooth while it is read.
 */

/** A place where the work may pause if its slice is used up. */
export const MAY_PAUSE = 0;
/** Pause until the page has rendered a frame: its style and layout are then up to date, and cheap to read. */
export const AFTER_FRAME = 1;
export type Pause = typeof MAY_PAUSE | typeof AFTER_FRAME;
export type Steps<T> = Generator<Pause, T, void>;

/** How long one slice may run before the page gets its turn. Well under the 50 ms of a long task. */
export const SLICE_MS = 5;
/** Loops check the clock every this many items (a power of two, minus one: `(n & PAUSE_EVERY) === 0`). */
export const PAUSE_EVERY = 31;

export interface SliceTiming {
  /** The work's own time: the sum of its slices, without the waits between them. */
  busyMs: number;
  /** The longest single slice. */
  longestMs: number;
  slices: number;
}

const now = () => performance.now();

/**
 * A task at the back of the page's queue: a posted message, so whatever the page queued meanwhile (its input, its
 * own scripts) runs first. Messages are not throttled like timers in a hidden page.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * After the page's next frame (its rendering done), or at once when the page is hidden (it renders no frames then).
 * A timer ends the wait if no frame comes.
 */
function afterFrame(): Promise<void> {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => {
    let settled = false;
    const go = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(go, 100);
    requestAnimationFrame(() => setTimeout(go, 0));
  });
}

/** Runs `steps` in slices of at most `sliceMs`, pausing between them; resolves with its result and its timing. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<{ value: T; timing: SliceTiming }> {
  const timing: SliceTiming = { busyMs: 0, longestMs: 0, slices: 0 };
  let started = now();
  const close = () => {
    const took = now() - started;
    timing.busyMs += took;
    timing.longestMs = Math.max(timing.longestMs, took);
    timing.slices++;
  };
  for (;;) {
    const step = steps.next();
    if (step.done) {
      close();
      return { value: step.value, timing };
    }
    if (step.value === AFTER_FRAME) {
      close();
      await afterFrame();
      started = now();
    } else if (now() - started >= sliceMs) {
      close();
      await nextTask();
      started = now();
    }
  }
}

/** Runs `steps` to the end at once (small pages, such as a register form that is filled in). */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Asks every `intervalMs`, each time once the previous answer is in, so asks never overlap. `ask` answers `null` to
 * end the polling; `stop()` ends it too, and an answer (or failure) arriving after `stop()` is dropped, so a newer
 * state on screen is never replaced by an older answer.
 */
export function pollEvery<T>(
  intervalMs: number,
  ask: () => Promise<T> | null,
  show: (answer: T) => void,
  fail: (error: unknown) => void = () => undefined,
): { stop: () => void } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    timer = setTimeout(() => {
      const asking = stopped ? null : ask();
      if (!asking) return;
      asking
        .then(
          (answer) => {
            if (!stopped) show(answer);
          },
          (error: unknown) => {
            if (!stopped) fail(error);
          },
        )
        .finally(() => {
          if (!stopped) next();
        });
    }, intervalMs);
  };
  next();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

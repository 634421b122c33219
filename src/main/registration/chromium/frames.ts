import type { Frame, Page } from 'playwright-core';
import type { FrameOutcome } from '../browser';
import { originOf } from '../../../shared/origin';

/**
 * The FrameScriptRunner over a Playwright page (the CLI, the tests): the same page script, run in every frame
 * whose origin is exactly one of `trustedOrigins`. Frames on other origins are never touched.
 */
export async function runInTrustedPageFrames(
  page: Pick<Page, 'frames'>,
  code: string,
  trustedOrigins: readonly string[],
  onOutcome?: (outcome: FrameOutcome) => void,
): Promise<FrameOutcome[]> {
  const frames = page.frames().filter((frame: Frame) => {
    const origin = originOf(frame.url());
    return origin !== null && trustedOrigins.includes(origin);
  });
  return Promise.all(
    frames.map(async (frame): Promise<FrameOutcome> => {
      const url = frame.url();
      const origin = originOf(url) ?? 'null';
      let outcome: FrameOutcome;
      try {
        outcome = { url, origin, ok: true, value: await frame.evaluate(code) };
      } catch (error) {
        outcome = { url, origin, ok: false, error: error instanceof Error ? error.message.split('\n')[0] : 'failed' };
      }
      onOutcome?.(outcome);
      return outcome;
    }),
  );
}

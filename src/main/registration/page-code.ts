import type { PageRequest } from './page-protocol';
import { adsPageScript } from './page/page-script';

/**
 * The page script as source text, ready for `executeJavaScriptInIsolatedWorld`, `WebFrameMain.executeJavaScript`
 * or Playwright's `frame.evaluate(string)`. The function is self-contained; `__name` is defined because some
 * TypeScript transforms (esbuild's keepNames, used by test runners) wrap inner functions in a call to it.
 */
const source = adsPageScript.toString();

export function pageScriptCall(request: PageRequest): string {
  return `(() => { const __name = (target) => target; return (${source})(${JSON.stringify(request)}); })()`;
}

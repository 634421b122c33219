import type { PageRequest } from '../../shared/page-protocol';
import { PAGE_SCRIPT_BUNDLE, PAGE_SCRIPT_GLOBAL } from './page-script.generated';

/**
 * The page script as source text, ready for `executeJavaScriptInIsolatedWorld`, `WebFrameMain.executeJavaScript`
 * or Playwright's `frame.evaluate(string)`: the bundle of src/page/ (built by scripts/build-page.mjs), run inside a
 * function so its one global stays local, then called with the request as JSON data (never as code).
 */
export function pageScriptCall(request: PageRequest): string {
  return `(() => {\n${PAGE_SCRIPT_BUNDLE}\nreturn ${PAGE_SCRIPT_GLOBAL}.run(${JSON.stringify(request)});\n})()`;
}

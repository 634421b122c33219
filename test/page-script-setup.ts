import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Global setup of vitest and Playwright: builds the page script bundle (src/page/ → page-script.generated.ts) before
 * any test imports it, so a test run never uses a stale script. `npm test` builds it in its build step too.
 */
export default function buildPageScript(): void {
  execFileSync(process.execPath, [path.join(process.cwd(), 'scripts', 'build-page.mjs')], { stdio: 'inherit' });
}

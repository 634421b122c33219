// `npm run bench:extract` (after its build): the page script on a portal-like page of 5,000 and 20,000 elements, in
// Chromium: its longest task, its busy time and a checkVisibility() walk of the same page, side by side
// (scripts/bench-extract/run.ts). Exits 1 when a goal is not met.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runnerImport } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(root, 'out', 'cli', 'index.js'))) {
  console.error('out/cli/index.js is missing: run npm run build first.');
  process.exit(1);
}
const { module } = await runnerImport(path.join(root, 'scripts', 'bench-extract', 'run.ts'), { root, configFile: false, logLevel: 'warn' });
process.exitCode = await module.main(root);

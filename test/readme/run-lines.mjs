// The README test's runner (test/readme/readme.test.ts starts it inside scripts/with-keyring.sh, so every line shares
// one throwaway gnome-keyring): runs each README line with bash exactly as printed, one after another, and stops at
// the first line whose exit code is not the one the README states. Usage: node run-lines.mjs PLAN.json RESULT.json
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [planFile, resultFile] = process.argv.slice(2);
/** @type {{ cwd: string, env: Record<string, string | null>, lines: Array<{ at: number, command: string, expectExit: number }> }} */
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const env = { ...process.env };
for (const [name, value] of Object.entries(plan.env)) {
  if (value === null) delete env[name];
  else env[name] = value;
}
const results = [];
for (const line of plan.lines) {
  const started = Date.now();
  const run = spawnSync('bash', ['-o', 'pipefail', '-c', line.command], { cwd: plan.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  results.push({ ...line, exit: run.status ?? -1, stdout: run.stdout ?? '', stderr: run.stderr ?? '', ms: Date.now() - started });
  if (run.status !== line.expectExit) break;
}
writeFileSync(resultFile, JSON.stringify(results));

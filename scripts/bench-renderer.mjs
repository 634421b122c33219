// `npm run bench:renderer` (after its build): the renderer's initial JS and first paint in Chromium, and the admin
// actions of each path from a new installation with no app to a deployed console, counted by
// e2e/shell/admin-actions.spec.ts through the app's shell in demo mode, run here and now on the real gnome-keyring
// of scripts/with-keyring.sh. Prints each figure (the Graph route against the portal, measured in the same run)
// against its goal; exits 1 when a goal is not met.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'ads-bench-renderer-'));
const actionsFile = path.join(work, 'admin-actions.json');
const resultFile = path.join(work, 'renderer.json');
// The Graph route's Azure side: only the sign-in and the consent (issue 23's Done-when).
const GOALS = { gzipKB: 150, paintMs: 300, graphAzureActions: 7 };

function run(what, args, env) {
  console.log(`… ${what}`);
  const result = spawnSync('bash', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`${result.stdout}\nbench: ${what} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

try {
  run('the renderer in Chromium (7 loads)', ['-c', 'npx playwright test -c playwright.bench.config.ts renderer --reporter=line'], { ADS_BENCH_RESULT_FILE: resultFile });
  run('the three paths of e2e/shell/admin-actions.spec.ts (Graph, Entra portal, legacy ADO), counting admin actions', ['scripts/with-keyring.sh', 'npx', 'playwright', 'test', 'e2e/shell/admin-actions.spec.ts', '--project', 'chromium', '--reporter=line'], { ADS_SETUP_ADMIN_ACTIONS_FILE: actionsFile });

  const { initialJs, paintMs } = JSON.parse(readFileSync(resultFile, 'utf8'));
  const actions = JSON.parse(readFileSync(actionsFile, 'utf8'));
  const sorted = [...paintMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const lines = [];
  let allMet = true;
  const goal = (text, ok, goalText) => {
    allMet &&= ok;
    lines.push(`  ${text}  (goal ${goalText}: ${verdict(ok)})`);
  };
  const gzipKB = initialJs.gzip / 1024;
  goal(`initial JS          ${initialJs.files.join(', ')}: ${(initialJs.raw / 1024).toFixed(1)} KB raw, ${gzipKB.toFixed(1)} KB gzip`, gzipKB <= GOALS.gzipKB, `≤ ${GOALS.gzipKB} KB gzip`);
  goal(`first wizard paint  median ${median.toFixed(0)} ms over ${paintMs.length} loads (all: ${paintMs.map((t) => t.toFixed(0)).join(', ')})`, median <= GOALS.paintMs, `≤ ${GOALS.paintMs} ms`);
  const figure = (flow) => {
    const entry = actions[flow];
    if (!entry) return `${flow}: not recorded (the flow did not report)`;
    const documented = entry.documented.length ? ` + ${entry.documented.length} documented, not replicated (${entry.documented.join('; ')})` : '';
    return `${flow}: ${entry.total} = app ${entry.app.length} (${entry.app.join('; ')}) + Azure ${entry.azure.length} (${entry.azure.join('; ')})${documented}`;
  };
  const graph = actions['Graph'];
  goal(`admin actions       ${figure('Graph')}`, Boolean(graph) && graph.azure.length <= GOALS.graphAzureActions && graph.documented.length === 0, `Azure side ≤ ${GOALS.graphAzureActions}, sign-in and consent only`);
  for (const flow of ['Entra portal', 'ADO legacy']) lines.push(`  admin actions       ${figure(flow)}`);
  if (graph && actions['Entra portal']) lines.push(`  Graph / Entra portal: ${graph.total} / ${actions['Entra portal'].total} = ${(graph.total / actions['Entra portal'].total).toFixed(2)} of the portal's actions`);
  console.log(`renderer bench (built app, ${process.env.ADS_SETUP_CHROMIUM ?? '/usr/bin/chromium'}):\n${lines.join('\n')}`);
  process.exitCode = allMet ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

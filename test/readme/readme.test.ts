import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/main/cli/commands';
import { KEYCHAIN_HELP_SECTION } from '../../src/main/vault/keytar-store';
import { useTempDirs } from '../doubles/temp-dir';
import { startKotsDouble, type KotsDouble } from '../../src/demo/kots-console/double';
import { clusterFor, KUBECTL_STAND_IN_BIN, kubectlStandIn } from '../kubectl/stand-in';
import { commandsOf, declaredValues, shellBlocks, variablesOf, withoutComment, type ReadmeCommand } from './readme-blocks';

/**
 * The README test: every shell block tagged `runnable` runs here, in README order and exactly as printed, the way a
 * newcomer would run it in a fresh clone — `npm link` into a throwaway global folder, then bare `ads-setup` — in a
 * throwaway data folder and gnome-keyring (scripts/with-keyring.sh), against the KOTS double and the sample pages
 * `npm run sample-pages` writes from test/fixtures/registration/. A line that does not exit as the README says fails the test, with the line and its output.
 */
const repoRoot = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const blocks = shellBlocks(readme);
const tempDir = useTempDirs();

const CONSOLE_PASSWORD = `Readme-console-${randomBytes(4).toString('hex')}`;
/** Shaped like an Entra client secret Value (40 characters with a `~`). */
const CLIENT_SECRET = `Rd8Q~${randomBytes(30).toString('base64url').slice(0, 35)}`;

interface LineResult extends ReadmeCommand {
  exit: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const settings = { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 400_000 };
    const child = execFile(file, args, settings, (error, stdout, stderr) => {
      const killed = error && (error as { killed?: boolean }).killed ? `\n(killed after ${settings.timeout} ms)` : '';
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr: `${stderr}${killed}` });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** What a fresh clone does not have, or what a README line writes (each view gets its own). */
const LOCAL_ONLY = new Set(['.git', 'sample-pages', 'test-results']);

/** A fresh view of the clone: every top-level entry linked, so what the examples write lands in a temp folder. */
function cloneView(): string {
  const view = tempDir();
  for (const entry of readdirSync(repoRoot)) if (!LOCAL_ONLY.has(entry)) symlinkSync(path.join(repoRoot, entry), path.join(view, entry));
  return view;
}

/**
 * The environment of a fresh shell for these lines: no npm script variables, no node_modules/.bin on PATH, its own
 * HOME, data folder and npm global folder (whose bin `npm link` fills), the default keychain service.
 */
function freshShellEnv(work: string, extra: Record<string, string>): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const name of Object.keys(process.env)) if (/^npm_/i.test(name) || name.startsWith('ADS_SETUP_')) env[name] = null;
  // As over SSH: no display (npm test runs under xvfb-run), so nothing can pop up a prompt and wait for it.
  env['DISPLAY'] = null;
  env['WAYLAND_DISPLAY'] = null;
  const prefix = path.join(work, 'npm-global');
  mkdirSync(path.join(work, 'home'), { recursive: true });
  const inheritedPath = (process.env['PATH'] ?? '').split(':').filter((dir) => dir && !dir.includes('node_modules'));
  return {
    ...env,
    HOME: path.join(work, 'home'),
    PATH: [path.join(prefix, 'bin'), ...inheritedPath].join(':'),
    npm_config_prefix: prefix,
    npm_config_cache: path.join(work, 'npm-cache'),
    // As a user's .npmrc could say: `npm link` then asks the registry nothing (no audit, no funding notes).
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ADS_SETUP_DATA_DIR: path.join(work, 'data'),
    ...extra,
  };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

function explain(result: LineResult | undefined, expected: ReadmeCommand): string {
  if (!result) return `README.md:${expected.at} never ran: ${expected.command}`;
  return `README.md:${result.at} exited ${result.exit}, the README says ${result.expectExit}:\n  ${result.command}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`;
}

describe('the README as a newcomer reads it', () => {
  const runnable = blocks.filter((block) => block.tags.includes('runnable'));
  const lines = runnable.flatMap(commandsOf);
  const valuesBlock = blocks.find((block) => block.tags.includes('values'));

  it('declares every value its runnable lines use, and the test provides exactly those', () => {
    expect(valuesBlock, 'the README has a `sh values` block').toBeDefined();
    const declared = declaredValues(valuesBlock!);
    expect(declared.variables.sort()).toEqual(['CONSOLE', 'FINGERPRINT']);
    expect(declared.files.sort()).toEqual(['ads-console-items.txt', 'authstring.txt', 'client-secret.txt', 'console-password.txt', 'host-recipient.txt']);
    const used = new Set(lines.flatMap((line) => variablesOf(line.command)));
    expect([...used].filter((name) => !declared.variables.includes(name))).toEqual([]);
  });

  it('shows every CLI command where it runs (signin-check needs a deployed DeepSource, the Graph ones Microsoft’s sign-in, and they say so)', () => {
    const runnableText = lines.map((line) => withoutComment(line.command)).join('\n');
    const notRun = commands.filter((command) => !runnableText.includes(`ads-setup ${command.words.join(' ')}`)).map((c) => c.words.join(' '));
    expect(notRun).toEqual(['secret prove', 'register', 'rotate', 'signin-check']);
    expect(readme).toContain('ads-setup signin-check --profile contoso');
    expect(readme).toContain('Not run by the README test: it needs your deployed DeepSource');
    for (const command of ['register --profile contoso --via graph', 'secret prove --profile contoso', 'rotate --profile contoso --via graph']) expect(readme).toContain(`ads-setup ${command}`);
    expect(readme).toContain("Not run by the README test: they need Microsoft's sign-in.");
  });

  it('uses one profile id throughout, names the keychain section the errors point at, and states the Node range of engines', () => {
    const profiles = new Set([...readme.matchAll(/--profile ([\w-]+)/g)].map((match) => match[1]));
    expect([...profiles]).toEqual(['contoso']);
    expect(readme).toContain(`\n## ${KEYCHAIN_HELP_SECTION}\n`);
    const engines = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(readme).toContain(`\`${engines}\``);
    expect(readFileSync(path.join(repoRoot, '.nvmrc'), 'utf8').trim()).toBe('22');
    expect(readFileSync(path.join(repoRoot, '.node-version'), 'utf8').trim()).toBe('22');
  });

  describe('every runnable block, in order, exactly as printed', () => {
    let double: KotsDouble;
    beforeAll(async () => {
      double = await startKotsDouble({ tls: true, password: CONSOLE_PASSWORD, deployDelayMs: 300 });
    });
    afterAll(async () => double?.close());

    it('runs, against the KOTS double and the sample pages, leaving no secret in any output or file', async () => {
      expect(existsSync(path.join(repoRoot, 'out', 'cli', 'index.js')), 'out/cli is missing: run `npm run build` first').toBe(true);
      expect(lines.length).toBeGreaterThan(20);
      const work = tempDir();
      const view = cloneView();
      // What the values block says the admin brings along.
      writeFileSync(path.join(view, 'client-secret.txt'), `${CLIENT_SECRET}\n`);
      writeFileSync(path.join(view, 'console-password.txt'), `${CONSOLE_PASSWORD}\n`);
      writeFileSync(path.join(view, 'authstring.txt'), `${double.authstring}\n`);
      // Your kubectl: the stand-in, first on PATH, its cluster running kotsadm (the double) in deepsource-application.
      const kubectl = kubectlStandIn(clusterFor(double));
      const ageKey = path.join(work, 'host.agekey');
      execFileSync('age-keygen', ['-o', ageKey], { stdio: 'ignore' });
      writeFileSync(path.join(view, 'host-recipient.txt'), execFileSync('age-keygen', ['-y', ageKey], { encoding: 'utf8' }));
      copyFileSync(path.join(repoRoot, 'test', 'host', 'deepsource-items.txt'), path.join(view, 'ads-console-items.txt'));

      const shellEnv = freshShellEnv(work, { CONSOLE: double.url, FINGERPRINT: double.fingerprint as string, KUBECTL_STAND_IN: kubectl.dir });
      const plan = { cwd: view, env: { ...shellEnv, PATH: `${KUBECTL_STAND_IN_BIN}:${shellEnv['PATH'] ?? ''}` }, lines };
      writeFileSync(path.join(work, 'plan.json'), JSON.stringify(plan));
      const resultFile = path.join(work, 'results.json');
      const runner = await run('bash', ['scripts/with-keyring.sh', process.execPath, 'test/readme/run-lines.mjs', path.join(work, 'plan.json'), resultFile]);
      expect(existsSync(resultFile), `the runner failed: ${runner.stderr}`).toBe(true);
      const results = JSON.parse(readFileSync(resultFile, 'utf8')) as LineResult[];
      for (const [index, expected] of lines.entries()) expect(results[index]?.exit, explain(results[index], expected)).toBe(expected.expectExit);
      const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3).map((r) => `README.md:${r.at} ${(r.ms / 1000).toFixed(1)} s`);
      console.log(`README test: ${results.length} lines in ${(results.reduce((sum, r) => sum + r.ms, 0) / 1000).toFixed(1)} s (slowest: ${slowest.join(', ')})`);

      const output = (pattern: string) => results.find((r) => r.command.includes(pattern));
      // The fingerprint the next line trusts is the one the first contact printed.
      expect(output('--console "$CONSOLE"')?.stderr).toContain(double.fingerprint as string);
      // The push reached the console: deployed, with the very secret that was set from client-secret.txt.
      expect(double.deployedSequence('deepsource')).toBe(2);
      expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_client_secret: CLIENT_SECRET, ads_app_id: '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c' });
      expect(output('extract --html sample-pages/ado-app-view')?.stdout).toContain('"appId": "8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D"');
      // A failed check exits 2 and says which.
      expect(output('extract --html sample-pages/entra-secrets-masked-only')?.stderr).toMatch(/^extract: check failed: client-secret-not-masked/m);
      expect(output('bundle verify')?.exit).toBe(0);
      expect(output('profile list')?.stdout).toContain('contoso  Contoso');
      // The authstring went as the Authorization header; kubectl made only its three calls and its forward ended.
      expect(double.requests.some((r) => r.authorization === double.authstring && r.port === 'console')).toBe(true);
      expect(double.requests.some((r) => r.authorization === double.authstring && r.port === 'cluster')).toBe(true);
      expect(new Set(kubectl.argvs().map((argv) => argv[0]))).toEqual(new Set(['get', 'port-forward']));
      expect(kubectl.forwards().length).toBeGreaterThan(0);
      expect(kubectl.forwards().every((forward) => forward.ended === 'SIGTERM')).toBe(true);
      kubectl.remove();
      const everything = [...results.flatMap((r) => [r.stdout, r.stderr]), ...filesUnder(path.join(work, 'data')).map((file) => readFileSync(file, 'utf8'))].join('\n');
      for (const secret of [CLIENT_SECRET, CONSOLE_PASSWORD, double.authstring]) expect(everything).not.toContain(secret);
      // About 100 s alone; twice that beside Playwright on a busy machine (the limits are hang guards).
    }, 450_000);
  });
});

/** A fresh shell environment as a process env (null removes the inherited variable). */
function applied(spec: Record<string, string | null>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(spec)) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}

describe(`the README's "${KEYCHAIN_HELP_SECTION}" recipe, as printed`, () => {
  it('keeps secrets from one dbus-run-session to the next, and fails closed with a wrong password', async () => {
    const recipe = blocks.find((block) => block.tags.includes('keyring-session'));
    expect(recipe, 'the README has a `sh keyring-session` block').toBeDefined();
    const work = tempDir();
    const view = cloneView();
    writeFileSync(path.join(work, 'recipe.sh'), `${recipe!.lines.join('\n')}\n`);
    mkdirSync(path.join(work, 'run'), { mode: 0o700 });
    // No session bus: as over SSH. The keyring lives in this (long-lived) data folder, shared by every session.
    const env = applied({ ...freshShellEnv(work, {}), DBUS_SESSION_BUS_ADDRESS: null, XDG_DATA_HOME: path.join(work, 'xdg-data'), XDG_RUNTIME_DIR: path.join(work, 'run') });
    const inView = (script: string, input?: string) => run('bash', ['-c', script], { cwd: view, env, timeoutMs: 30_000, ...(input !== undefined ? { input } : {}) });
    expect((await inView('npm link && ads-setup profile create --id contoso --label Contoso --hostname deepsource.contoso.example --org Contoso --provider entra')).code).toBe(0);
    const session = (then: string, password: string) => inView(`dbus-run-session -- bash -c 'bash "$0"${then}' ${JSON.stringify(path.join(work, 'recipe.sh'))}`, `${password}\n`);

    const first = await session(' && ads-setup webhook-secret generate --profile contoso --json', 'first-Keyring-pw');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('webhook-secret: not stored');
    const generated = JSON.parse(first.stdout.slice(first.stdout.indexOf('{'))) as { secret: { sha256: string } };

    const second = await session('', 'first-Keyring-pw');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`sha256 ${generated.secret.sha256}`);

    const wrong = await session('', 'not-the-password');
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(wrong.stdout).not.toContain('not stored');
    expect(wrong.stderr).toContain('error: No usable OS keychain');
    expect(wrong.stderr).toContain(`See "${KEYCHAIN_HELP_SECTION}" in the README.`);
  }, 120_000);
});

describe('the bin that `npm link` puts on PATH', () => {
  it('says to run `npm run build` when the CLI is not built yet (a fresh clone), and runs it once built', async () => {
    const clone = tempDir();
    mkdirSync(path.join(clone, 'bin'));
    copyFileSync(path.join(repoRoot, 'bin', 'ads-setup.mjs'), path.join(clone, 'bin', 'ads-setup.mjs'));
    const unbuilt = await run(process.execPath, [path.join(clone, 'bin', 'ads-setup.mjs'), '--version']);
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.stderr).toContain(`remedy: run \`npm run build\` in ${clone}, then run the command again.`);
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await run(process.execPath, [path.join(repoRoot, 'bin', 'ads-setup.mjs'), '--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(statSync(path.join(repoRoot, 'bin', 'ads-setup.mjs')).mode & 0o111).not.toBe(0);
  });
});

describe('the README test itself', () => {
  it('stops at the first line that does not exit as the README says', async () => {
    const work = tempDir();
    const plan = { cwd: work, env: {}, lines: [{ at: 1, command: 'true', expectExit: 0 }, { at: 2, command: 'exit 3  # (exit 3)', expectExit: 3 }, { at: 3, command: 'false', expectExit: 0 }, { at: 4, command: 'touch never', expectExit: 0 }] };
    writeFileSync(path.join(work, 'plan.json'), JSON.stringify(plan));
    await run(process.execPath, ['test/readme/run-lines.mjs', path.join(work, 'plan.json'), path.join(work, 'results.json')]);
    const results = JSON.parse(readFileSync(path.join(work, 'results.json'), 'utf8')) as LineResult[];
    expect(results.map((r) => [r.at, r.exit])).toEqual([[1, 0], [2, 3], [3, 1]]);
    expect(existsSync(path.join(work, 'never'))).toBe(false);
  });

  it('reads exit codes, continuations, comments and variables the way the README writes them', () => {
    const [block] = shellBlocks('text\n```sh runnable\n# a comment\nads-setup a --x "$ONE"  # stops (exit 4)\nads-setup b \\\n  --y ${TWO}\n\n```\n```js\nnot shell\n```\n');
    expect(block?.tags).toEqual(['runnable']);
    const parsed = commandsOf(block!);
    expect(parsed).toEqual([
      { at: 4, command: 'ads-setup a --x "$ONE"  # stops (exit 4)', expectExit: 4 },
      { at: 5, command: 'ads-setup b \\\n  --y ${TWO}', expectExit: 0 },
    ]);
    expect(parsed.flatMap((c) => variablesOf(c.command))).toEqual(['ONE', 'TWO']);
    expect(variablesOf('echo ok  # $NOT_A_VALUE')).toEqual([]);
  });
});

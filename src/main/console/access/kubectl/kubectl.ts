import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '../../../../shared/errors';
import { consoleWords } from '../../kots-client';

/**
 * The admin's own `kubectl`, run as a child process (never through a shell): its kubeconfig, contexts and exec
 * credential plugins (kubelogin, aws-iam-authenticator, gke-gcloud-auth-plugin) work as they do in the admin's
 * terminal. Only `get secret`, `get pods` and `port-forward` are run, with `--context`, `-n` and `-o`; no secret
 * is ever on the command line (the authstring comes back on stdout).
 */

/** Where kubectl is asked, and with which environment (PATH, KUBECONFIG). */
export interface KubectlScope {
  context?: string | undefined;
  namespace?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/** Bounded: a `get pods` of a busy namespace is a few hundred KB. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** A credential plugin may sign in first; a call that takes longer than this is waiting for something else. */
const CALL_TIMEOUT_MS = 60_000;

export const DEFAULT_NAMESPACE_HINT = 'DeepSource installs it into deepsource-application';

/** `--context=C -n N`: the `=` form, so no value is ever read as a flag of its own. */
export function scopeArgs(scope: KubectlScope): string[] {
  return [...(scope.context ? [`--context=${scope.context}`] : []), ...(scope.namespace ? ['-n', scope.namespace] : [])];
}

export function where(scope: KubectlScope): string {
  return `${scope.namespace ? `namespace ${scope.namespace}` : 'the context’s own namespace'}${scope.context ? ` of context ${scope.context}` : ''}`;
}

/**
 * What kubectl said last, as a person would read it: its final `error: …` line, else its last line without klog's
 * header (`E0801 09:00:00.000000 1234 file.go:413] `).
 */
export function lastWords(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const error = lines.filter((line) => /^error: /i.test(line)).at(-1);
  return consoleWords((error ?? lines.at(-1) ?? '').replace(/^error: /i, '').replace(/^[EIW]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /, ''));
}

/** Starts kubectl; a missing binary is named at once. */
export function startKubectl(args: string[], scope: KubectlScope): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env: { ...scope.env }, stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    child.once('spawn', () => resolve(child));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new AppError(
            'CONSOLE_ROUTE',
            'kubectl was not found on this computer (not on PATH), so the console cannot be reached through it.',
            'Install kubectl (and your cluster’s credential plugin, such as kubelogin for AKS) or add it to PATH, then try again; or reach the console by its address.',
          ),
        );
      } else reject(new AppError('CONSOLE_ROUTE', `kubectl could not be started (${consoleWords(error.code ?? error.message)}).`, 'Check that kubectl runs in a terminal, then try again.'));
    });
  });
}

/** Runs one short kubectl call to its end: its exit code and output, or a refusal named from its own error. */
export async function runKubectl(args: string[], scope: KubectlScope, call: string): Promise<string> {
  const child = await startKubectl(args, scope);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  const collect = (into: Buffer[]) => (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
    else into.push(chunk);
  };
  child.stdout?.on('data', collect(out));
  child.stderr?.on('data', collect(err));
  const timer = setTimeout(() => child.kill('SIGKILL'), CALL_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  const stderr = Buffer.concat(err).toString('utf8');
  if (code === 0) return Buffer.concat(out).toString('utf8');
  if (code === null) {
    throw new AppError('CONSOLE_ROUTE', `kubectl ${call} did not finish within ${CALL_TIMEOUT_MS / 1000} s (a credential plugin may be waiting for a sign-in).`, 'Run `kubectl get pods` in a terminal once to sign in, then try again.');
  }
  throw kubectlRefusal(stderr, call, scope);
}

/**
 * kubectl's own error, named with its remedy: an unknown context, RBAC (`Error from server (Forbidden): …` and the
 * port-forward's `error upgrading connection: … is forbidden`), an unreachable API server, a failing credential
 * plugin. `NotFound` is the caller's to explain (it knows what it looked for).
 */
export function kubectlRefusal(stderr: string, call: string, scope: KubectlScope): AppError {
  // kubectl v1.3x: `error: context "C" does not exist`; older ones: `… context was not found for specified context: C`.
  const context = /error: context "(.*)" does not exist/.exec(stderr) ?? /context was not found for specified context: ?(.*)$/m.exec(stderr);
  if (context) {
    return new AppError(
      'CONSOLE_ROUTE',
      `kubectl has no context “${consoleWords(context[1] ?? scope.context)}” in its kubeconfig.`,
      'List the contexts with `kubectl config get-contexts` and give one of them under “Kubernetes context” (command line: --kube-context).',
    );
  }
  const forbidden = /is forbidden: User "([^"]*)" cannot (\w+) resource "([^"]+)"(?: in API group "[^"]*")?(?: in the namespace "([^"]*)")?/.exec(stderr);
  if (forbidden) {
    const [, user = '', verb = '', resource = '', namespace = scope.namespace ?? ''] = forbidden.map((part) => consoleWords(part));
    return new AppError(
      'CONSOLE_FORBIDDEN',
      `The cluster does not allow ${user} to ${verb} ${resource} in namespace ${namespace} (kubectl ${call}: Forbidden). Nothing was sent to the console.`,
      `Ask a cluster admin for a Role in namespace ${namespace} with get on secrets, list on pods and create on pods/portforward (what \`kubectl kots\` needs too), or reach the console by its address.`,
    );
  }
  const unreachable = /Unable to connect to the server: (.*)$/m.exec(stderr) ?? /(The connection to the server .* was refused.*)$/m.exec(stderr);
  if (unreachable) {
    return new AppError('CONSOLE_UNREACHABLE', `kubectl could not reach the cluster: ${consoleWords(unreachable[1])}`, 'Check the VPN and that `kubectl get pods` works in a terminal, then try again.');
  }
  const plugin = /getting credentials: (.*)$/m.exec(stderr);
  if (plugin) {
    return new AppError('CONSOLE_ROUTE', `kubectl’s credential plugin failed: ${consoleWords(plugin[1])}`, 'Run `kubectl get pods` in a terminal to sign in to the cluster (kubelogin, aws, gke-gcloud-auth-plugin), then try again.');
  }
  const first = consoleWords(stderr.split('\n').find((line) => line.trim() !== '') ?? '');
  return new AppError('CONSOLE_ROUTE', `kubectl ${call} failed in ${where(scope)}: ${first || 'no message'}`, 'Run the same call in a terminal to see why, fix it, then try again.');
}

import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { hasUnprintable } from '../../../../shared/printable';
import { AUTHSTRING_COMMAND, authstringSchema, signInWithAuthstring } from '../authstring';
import type { ConsoleRoute, RouteContext, RouteValues } from '../route';
import type { ConsoleTransport } from '../../transport';
import { DEFAULT_NAMESPACE_HINT, runKubectl, scopeArgs, where, type KubectlScope } from './kubectl';
import { forwardLost, openPortForward, type PortForward } from './port-forward';

const AUTHSTRING_SECRET = 'kotsadm-authstring';
/** A kube context's name: nothing unprintable, no blanks, never read as a flag (it cannot start with "-"). */
const contextSchema = z
  .string()
  .regex(/^[^\s-]\S{0,252}$/u, 'a context name as `kubectl config get-contexts` lists it')
  .refine((name) => !hasUnprintable(name), 'a context name as `kubectl config get-contexts` lists it');
/** A Kubernetes namespace: a DNS label. */
const namespaceSchema = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace such as deepsource-application');

const secretSchema = z.looseObject({ data: z.looseObject({ [AUTHSTRING_SECRET]: z.string().optional() }).nullish() });
const podsSchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        metadata: z.looseObject({ name: z.string(), labels: z.record(z.string(), z.string()).nullish() }),
        status: z.looseObject({ phase: z.string().optional(), containerStatuses: z.array(z.looseObject({ ready: z.boolean().optional() })).nullish() }).nullish(),
      }),
    )
    .nullish(),
});

function scopeOf(values: RouteValues, env: RouteContext['env']): KubectlScope {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return { context: text('context'), namespace: text('namespace'), env };
}

function parsed<T>(schema: z.ZodType<T>, stdout: string, call: string): T {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new AppError('CONSOLE_ROUTE', `kubectl ${call} answered something that is not the JSON kubectl prints.`, 'Check that `kubectl` on PATH is kubectl itself, then try again.');
  return result.data;
}

/** The authstring, read from the `kotsadm-authstring` secret's data (base64) on kubectl's stdout, never its argv. */
async function readAuthstring(scope: KubectlScope): Promise<string> {
  let stdout: string;
  try {
    stdout = await runKubectl(['get', 'secret', AUTHSTRING_SECRET, ...scopeArgs(scope), '-o', 'json'], scope, 'get secret');
  } catch (error) {
    if (error instanceof AppError && /\(NotFound\)/.test(error.message)) {
      throw new AppError(
        'CONSOLE_ROUTE',
        `There is no ${AUTHSTRING_SECRET} secret in ${where(scope)}: kotsadm is not installed there, or no \`kubectl kots\` command has run against it yet.`,
        `Give the namespace kotsadm runs in under “Namespace” (${DEFAULT_NAMESPACE_HINT}; command line: --namespace). Any \`kubectl kots\` command (kubectl kots get apps -n <namespace>) creates the secret.`,
      );
    }
    throw error;
  }
  const data = parsed(secretSchema, stdout, 'get secret').data?.[AUTHSTRING_SECRET];
  const value = data ? Buffer.from(data, 'base64').toString('utf8') : '';
  if (!authstringSchema.safeParse(value).success) {
    throw new AppError('CONSOLE_ROUTE', `The ${AUTHSTRING_SECRET} secret in ${where(scope)} does not hold an authstring (“Kots …”).`, `Check the secret (${AUTHSTRING_COMMAND}); reinstalling kotsadm recreates it.`);
  }
  return value;
}

/** The running, ready kotsadm pod (label app=kotsadm), as `kubectl kots` picks it. */
async function kotsadmPod(scope: KubectlScope): Promise<string> {
  const stdout = await runKubectl(['get', 'pods', ...scopeArgs(scope), '-l', 'app=kotsadm', '-o', 'json'], scope, 'get pods');
  const pods = (parsed(podsSchema, stdout, 'get pods').items ?? []).filter((pod) => pod.metadata.labels?.['app'] === 'kotsadm');
  const ready = pods.find((pod) => pod.status?.phase === 'Running' && pod.status.containerStatuses?.[0]?.ready !== false);
  if (ready) return ready.metadata.name;
  if (pods.length > 0) {
    throw new AppError('CONSOLE_ROUTE', `kotsadm in ${where(scope)} is not running yet (${pods.map((pod) => pod.status?.phase ?? 'unknown').join(', ')}).`, 'Wait until `kubectl get pods -l app=kotsadm` shows it Running and ready, then try again.');
  }
  throw new AppError('CONSOLE_ROUTE', `There is no kotsadm pod (label app=kotsadm) in ${where(scope)}.`, `Give the namespace the admin console runs in under “Namespace” (${DEFAULT_NAMESPACE_HINT}; command line: --namespace).`);
}

/** The transport over the port-forward: a request that fails after the forward ended says so, in kubectl's words. */
function overForward(transport: ConsoleTransport, forward: PortForward, scope: KubectlScope): ConsoleTransport {
  return {
    fetch: async (url, init) => {
      if (forward.ended) throw forwardLost(forward.ended, scope);
      try {
        return await transport.fetch(url, init);
      } catch (error) {
        if (init.signal.aborted) throw error;
        // The connection broke: if kubectl is ending, say that (it exits right after the pod or the tunnel went).
        const end = forward.ended ?? (await Promise.race([forward.gone, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000))]));
        throw end ? forwardLost(end, scope) : error;
      }
    },
    close: transport.close,
  };
}

/**
 * The admin's own kubectl: reads the kotsadm authstring (`get secret`), finds the kotsadm pod (`get pods`), and
 * port-forwards a random local port on 127.0.0.1 to its port 3000 (`port-forward`), then signs in with
 * `Authorization: Kots …` as `kubectl kots` does. Trust comes from the kubeconfig's cluster connection; the plain
 * HTTP goes only over that loopback forward, which ends with the session (closed, failed or interrupted).
 */
export const kubectlRoute: ConsoleRoute = {
  id: 'kubectl',
  title: 'Through kubectl',
  summary: 'Your own kubectl and its sign-in: the app reads the kotsadm authstring and opens a port-forward to kotsadm, as kubectl kots does. No address or password needed.',
  usesAddress: false,
  connecting: 'Connecting through kubectl: reading the kotsadm authstring, finding the kotsadm pod and opening a port-forward…',
  options: [
    {
      name: 'context',
      kind: 'text',
      label: 'Kubernetes context (optional)',
      placeholder: 'the current context',
      help: 'A context of your kubeconfig, as kubectl config get-contexts lists it.',
      cli: { flag: 'kube-context', metavar: 'CONTEXT', usage: 'The kubeconfig context (default: the current one).' },
      check: contextSchema,
    },
    {
      name: 'namespace',
      kind: 'text',
      label: 'Namespace (optional)',
      placeholder: 'the context’s own namespace',
      help: 'Where the admin console (kotsadm) runs; DeepSource installs it into deepsource-application.',
      cli: { flag: 'namespace', metavar: 'NAMESPACE', usage: 'The namespace kotsadm runs in (default: the context’s own).' },
      check: namespaceSchema,
    },
  ],
  identity: (values) => {
    const context = typeof values['context'] === 'string' ? `context ${values['context']}` : 'current context';
    const namespace = typeof values['namespace'] === 'string' ? `namespace ${values['namespace']}` : 'its own namespace';
    return `kotsadm via kubectl (${context}, ${namespace})`;
  },
  prepare: async (context) => {
    const scope = scopeOf(context.values, context.env);
    return {
      binding: { origin: context.identity, via: 'kubectl' },
      connect: async () => {
        const authstring = await readAuthstring(scope);
        context.keepOutOfLogs(authstring);
        const pod = await kotsadmPod(scope);
        const forward = await openPortForward(pod, scope);
        const transport = overForward(context.transport({}), forward, scope);
        const client = context.client(`http://127.0.0.1:${forward.port}`, transport);
        const close = async () => {
          transport.close();
          await forward.close();
        };
        const refused = (detail: string) =>
          new AppError(
            'CONSOLE_AUTH',
            `kotsadm (pod ${pod} in ${where(scope)}) refused the authstring its own ${AUTHSTRING_SECRET} secret holds: “${detail || 'unauthorized'}”. It was tried once.`,
            'Check that this pod is the admin console you mean and that the secret was not replaced meanwhile (kubectl get pods -l app=kotsadm), then try again.',
          );
        try {
          await signInWithAuthstring(client, authstring, refused);
        } catch (error) {
          await close();
          throw error;
        }
        const detail = `over port-forward 127.0.0.1:${forward.port} → pod ${pod}:3000`;
        return { client, close, detail, alive: () => forward.ended === undefined, contact: {} };
      },
    };
  },
};

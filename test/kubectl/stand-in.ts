import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KotsDouble } from '../../src/demo/kots-console/types';

/** test/kubectl/bin: put it first on PATH and `kubectl` is the stand-in (a real child process, kubectl-stand-in.mjs). */
export const KUBECTL_STAND_IN_BIN = path.join(__dirname, 'bin');

export interface StandInPod {
  name: string;
  labels?: Record<string, string>;
  phase?: string;
  ready?: boolean;
  /** Container port → where the stand-in forwards it ("127.0.0.1:PORT"). */
  ports?: Record<string, string>;
}

/** The stand-in's cluster (cluster.json): contexts, namespaces with pods and secrets, and RBAC refusals. */
export interface StandInCluster {
  currentContext: string;
  contexts: Record<string, { user?: string; namespace?: string; unreachable?: boolean }>;
  namespaces: Record<string, { pods?: StandInPod[]; secrets?: Record<string, Record<string, string>> }>;
  /** `{ verb, resource }` the context's user may not do (e.g. get secrets, create pods/portforward). */
  forbidden?: Array<{ verb: string; resource: string; namespace?: string }>;
}

export type StandInCall = { pid: number } & ({ event: 'call'; argv: string[] } | { event: 'forwarding'; port: number; pod: string } | { event: 'connection' } | { event: 'ended'; how: string });

export const NAMESPACE = 'deepsource-application';
export const CONTEXT = 'aks-prod';
export const KOTSADM_POD = 'kotsadm-7c9d5b8f6-q2x8z';

/** A cluster where kotsadm runs in deepsource-application, its pod forwarding to the double's kotsadm port. */
export function clusterFor(double: KotsDouble): StandInCluster {
  const pod = new URL(double.clusterUrl);
  return {
    currentContext: CONTEXT,
    contexts: { [CONTEXT]: { user: 'jane@contoso.com', namespace: 'default' }, 'kind-lab': { user: 'kubernetes-admin' } },
    namespaces: {
      [NAMESPACE]: {
        pods: [
          { name: 'deepsource-bifrost-6b7c8d9f5-abcde', labels: { app: 'bifrost' } },
          { name: KOTSADM_POD, labels: { app: 'kotsadm' }, ports: { '3000': `127.0.0.1:${pod.port}` } },
        ],
        secrets: { 'kotsadm-authstring': { 'kotsadm-authstring': double.authstring } },
      },
    },
  };
}

/**
 * The kubectl stand-in for one test: `env` is the environment a route runs kubectl in (the stand-in first on
 * PATH, then node's folder), `calls()` what it was asked, `forwards()` the port-forward processes it ran.
 */
export function kubectlStandIn(cluster: StandInCluster) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubectl-stand-in-'));
  const write = (next: StandInCluster) => writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(next, null, 2));
  write(cluster);
  writeFileSync(path.join(dir, 'calls.jsonl'), '');
  const env = { ...process.env, PATH: [KUBECTL_STAND_IN_BIN, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter), KUBECTL_STAND_IN: dir };
  const calls = (): StandInCall[] =>
    readFileSync(path.join(dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as StandInCall);
  return {
    dir,
    env,
    /** The same environment without the stand-in: no kubectl on PATH. */
    envWithoutKubectl: { ...env, PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter).split(path.delimiter).filter((p) => !existsSync(path.join(p, 'kubectl'))).join(path.delimiter) },
    write,
    calls,
    argvs: () => calls().flatMap((call) => (call.event === 'call' ? [call.argv] : [])),
    /** Each port-forward process: its pid, its port, and how it ended (undefined: still running). */
    forwards: () => {
      const all = calls();
      return all
        .filter((call): call is Extract<StandInCall, { event: 'forwarding' }> => call.event === 'forwarding')
        .map((call) => ({ pid: call.pid, port: call.port, ended: all.find((c): c is Extract<StandInCall, { event: 'ended' }> => c.event === 'ended' && c.pid === call.pid)?.how }));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type KubectlStandIn = ReturnType<typeof kubectlStandIn>;

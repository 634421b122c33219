import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlRefusal } from '../../src/main/console/access/kubectl/kubectl';
import { kubectlStandIn, type KubectlStandIn } from './stand-in';

/**
 * The stand-in checked against the real kubectl, where this machine has one: the same cluster served by a minimal
 * Kubernetes API (discovery, secrets, pods, the API server's Status errors), the same calls made through both, and
 * their stdout, stderr and exit codes compared. Port-forward needs a streaming upgrade and is not compared here.
 */
const realKubectl = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8', env: { PATH: '/usr/local/bin:/usr/bin:/bin' } }).trim();
  } catch {
    return '';
  }
})();

const USER = 'jane@contoso.com';
const NS = 'deepsource-application';
const AUTHSTRING = 'Kots 0123456789abcdefghijABCDEFGHIJ';
let server: http.Server;
let kubeconfig: string;
let standIn: KubectlStandIn;
const forbidden = new Set<string>();

/** What the stand-in prints for its cluster, served as the API server would serve it. */
function secretJson(): unknown {
  return JSON.parse(execFileSync('kubectl', ['get', 'secret', 'kotsadm-authstring', '-n', NS, '-o', 'json'], { env: standIn.env, encoding: 'utf8' }));
}
function podsJson(): { items: unknown[] } {
  return JSON.parse(execFileSync('kubectl', ['get', 'pods', '-n', NS, '-l', 'app=kotsadm', '-o', 'json'], { env: standIn.env, encoding: 'utf8' })) as { items: unknown[] };
}

function status(res: http.ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

beforeAll(async () => {
  if (!realKubectl) return;
  standIn = kubectlStandIn({
    currentContext: 'aks-prod',
    contexts: { 'aks-prod': { user: USER, namespace: 'default' } },
    namespaces: { [NS]: { pods: [{ name: 'kotsadm-7c9d5b8f6-q2x8z', labels: { app: 'kotsadm' }, ports: { '3000': '127.0.0.1:1' } }], secrets: { 'kotsadm-authstring': { 'kotsadm-authstring': AUTHSTRING } } } },
  });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api');
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api') return json({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] });
    if (url.pathname === '/apis') return json({ kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    if (url.pathname === '/api/v1') {
      const resource = (name: string, kind: string) => ({ name, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['get', 'list'], shortNames: name === 'pods' ? ['po'] : [] });
      return json({ kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('pods', 'Pod'), resource('secrets', 'Secret')] });
    }
    const secret = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(url.pathname);
    if (secret) {
      const [, ns = '', name = ''] = secret;
      if (forbidden.has('get secrets')) return status(res, 403, 'Forbidden', `secrets "${name}" is forbidden: User "${USER}" cannot get resource "secrets" in API group "" in the namespace "${ns}"`);
      if (ns !== NS) return status(res, 404, 'NotFound', `secrets "${name}" not found`);
      return json(secretJson());
    }
    const pods = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (pods) {
      const [, ns = ''] = pods;
      if (forbidden.has('list pods')) return status(res, 403, 'Forbidden', `pods is forbidden: User "${USER}" cannot list resource "pods" in API group "" in the namespace "${ns}"`);
      return json({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '' }, items: ns === NS ? podsJson().items : [] });
    }
    status(res, 404, 'NotFound', 'the server could not find the requested resource');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  kubeconfig = path.join(standIn.dir, 'kubeconfig.yaml');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "http://127.0.0.1:${port}"}\n  name: c\ncontexts:\n- context: {cluster: c, user: u, namespace: default}\n  name: aks-prod\ncurrent-context: aks-prod\nusers:\n- name: u\n  user: {token: t}\n`,
  );
});
afterAll(async () => {
  if (!realKubectl) return;
  standIn.remove();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function run(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(binary, args, { env }, (error, stdout, stderr) =>
      // The real kubectl logs discovery trouble as klog lines first; what it says to the user follows.
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr.split('\n').filter((line) => !/^[EIW]\d{4} /.test(line)).join('\n') }),
    ),
  );
}

describe.skipIf(!realKubectl)(`the kubectl stand-in next to the real kubectl (${realKubectl || 'none on this machine'})`, () => {
  it.each([
    ['get secret -o json', ['get', 'secret', 'kotsadm-authstring', '--context=aks-prod', '-n', NS, '-o', 'json'], ''],
    ['get pods -l app=kotsadm -o json', ['get', 'pods', '--context=aks-prod', '-n', NS, '-l', 'app=kotsadm', '-o', 'json'], ''],
    ['a secret that is not there (NotFound)', ['get', 'secret', 'kotsadm-authstring', '-n', 'default', '-o', 'json'], ''],
    ['RBAC refusing get secrets', ['get', 'secret', 'kotsadm-authstring', '-n', NS, '-o', 'json'], 'get secrets'],
    ['RBAC refusing list pods', ['get', 'pods', '-n', NS, '-l', 'app=kotsadm', '-o', 'json'], 'list pods'],
    ['an unknown context', ['get', 'pods', '--context=aks-staging', '-n', NS, '-o', 'json'], ''],
    ['an unknown flag', ['get', 'pods', '--watchx'], ''],
  ])('%s: the same stdout, stderr and exit code', async (_name, args, refuse) => {
    forbidden.clear();
    if (refuse) {
      forbidden.add(refuse);
      standIn.write({ ...JSON.parse(execFileSync('cat', [path.join(standIn.dir, 'cluster.json')], { encoding: 'utf8' })), forbidden: [{ verb: refuse.split(' ')[0], resource: refuse.split(' ')[1] }] });
    }
    const real = await run(realKubectl, args, { PATH: process.env['PATH'], HOME: standIn.dir, KUBECONFIG: kubeconfig });
    const ours = await run('kubectl', args, standIn.env);
    if (refuse) standIn.write({ ...JSON.parse(execFileSync('cat', [path.join(standIn.dir, 'cluster.json')], { encoding: 'utf8' })), forbidden: [] });
    expect(ours.code).toBe(real.code);
    expect(ours.stderr.trim()).toBe(real.stderr.trim());
    if (real.stdout) expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(real.stdout));
    // And the route reads the real kubectl's refusals as it reads the stand-in's.
    if (real.code !== 0) expect(kubectlRefusal(real.stderr, 'x', { env: {} }).toShape()).toEqual(kubectlRefusal(ours.stderr, 'x', { env: {} }).toShape());
  });
});

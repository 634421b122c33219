import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startKotsDouble, type KotsDouble } from '../../src/demo/kots-console/double';
import { clusterFor, KOTSADM_POD, kubectlStandIn, NAMESPACE, type KubectlStandIn } from './stand-in';

/** The stand-in answers as kubectl does: its output formats, its errors, and a real TCP forward. */
let double: KotsDouble;
let kubectl: KubectlStandIn;
afterEach(async () => {
  kubectl?.remove();
  await double?.close();
});

async function setUp() {
  double = await startKotsDouble({ password: 'pw', tls: true });
  kubectl = kubectlStandIn(clusterFor(double));
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { env: kubectl.env }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('the kubectl stand-in', () => {
  it('get secret -o json: the Secret with its data base64-encoded, as kubectl prints it', async () => {
    await setUp();
    const answer = await run(['get', 'secret', 'kotsadm-authstring', '-n', NAMESPACE, '-o', 'json']);
    expect(answer.code).toBe(0);
    const secret = JSON.parse(answer.stdout) as { kind: string; data: Record<string, string> };
    expect(secret.kind).toBe('Secret');
    expect(Buffer.from(secret.data['kotsadm-authstring'] ?? '', 'base64').toString()).toBe(double.authstring);
    expect(answer.stdout).toMatch(/^\{\n {4}"apiVersion": "v1",/);
    const jsonpath = await run(['get', 'secret', 'kotsadm-authstring', `--namespace=${NAMESPACE}`, '-o', 'jsonpath={.data.kotsadm-authstring}']);
    expect(Buffer.from(jsonpath.stdout, 'base64').toString()).toBe(double.authstring);
  });

  it('answers kubectl’s errors: no context, NotFound, Forbidden, unknown flags', async () => {
    await setUp();
    expect(await run(['get', 'pods', '--context', 'nope'])).toMatchObject({ code: 1, stderr: 'error: context "nope" does not exist\n' });
    expect(await run(['get', 'secret', 'kotsadm-authstring', '-n', 'default', '-o', 'json'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): secrets "kotsadm-authstring" not found\n' });
    expect(await run(['get', 'pods', '-n', 'default'])).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    kubectl.write({ ...clusterFor(double), forbidden: [{ verb: 'get', resource: 'secrets' }] });
    expect((await run(['get', 'secret', 'kotsadm-authstring', '-n', NAMESPACE, '-o', 'json'])).stderr).toBe(
      `Error from server (Forbidden): secrets "kotsadm-authstring" is forbidden: User "jane@contoso.com" cannot get resource "secrets" in API group "" in the namespace "${NAMESPACE}"\n`,
    );
    expect((await run(['get', 'pods', '--watch'])).stderr).toBe("Error: unknown flag: --watch\nSee 'kubectl get --help' for usage.\n");
    expect((await run(['create', 'secret', 'generic', 'x'])).code).toBe(1);
  });

  it('get pods -l app=kotsadm -o json lists only kotsadm', async () => {
    await setUp();
    const answer = await run(['get', 'pods', '-n', NAMESPACE, '-l', 'app=kotsadm', '-o', 'json']);
    const list = JSON.parse(answer.stdout) as { kind: string; items: Array<{ metadata: { name: string }; status: { phase: string } }> };
    expect(list.kind).toBe('List');
    expect(list.items.map((pod) => [pod.metadata.name, pod.status.phase])).toEqual([[KOTSADM_POD, 'Running']]);
  });

  it('port-forward: prints the forwarding lines, forwards real TCP to the pod, refuses as RBAC would, and loses its pod on SIGUSR1', async () => {
    await setUp();
    const child = spawn('kubectl', ['port-forward', `pod/${KOTSADM_POD}`, ':3000', '-n', NAMESPACE], { env: kubectl.env });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const port = await new Promise<number>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^Forwarding from 127\.0\.0\.1:(\d+) -> 3000\nForwarding from \[::1\]:\1 -> 3000\n/.exec(out);
        if (match) resolve(Number(match[1]));
      }),
    );
    const info = await fetch(`http://127.0.0.1:${port}/api/v1/login/info`);
    expect(await info.json()).toEqual({ method: 'shared-password' });
    expect(double.requests.at(-1)).toMatchObject({ port: 'cluster', path: '/api/v1/login/info' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGUSR1');
    expect(await exited).toBe(1);
    expect(err).toMatch(/error: lost connection to pod\n$/);
    await expect(new Promise((resolve, reject) => net.connect(port, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);

    kubectl.write({ ...clusterFor(double), forbidden: [{ verb: 'create', resource: 'pods/portforward' }] });
    expect((await run(['port-forward', `pod/${KOTSADM_POD}`, ':3000', '-n', NAMESPACE])).stderr).toBe(
      `error: error upgrading connection: unable to upgrade connection: pods "${KOTSADM_POD}" is forbidden: User "jane@contoso.com" cannot create resource "pods/portforward" in API group "" in the namespace "${NAMESPACE}"\n`,
    );
    expect(kubectl.forwards()).toEqual([{ pid: expect.any(Number), port, ended: 'lost' }]);
  });
});

// A stand-in for the admin's own `kubectl`, run as a real child process (test/kubectl/bin/kubectl on PATH). It
// answers the three calls the console's kubectl route may make — `get secret`, `get pods` and `port-forward` — with
// kubectl's own output formats and errors (kubectl v1.3x: `-o json` objects and lists, "Error from server
// (Forbidden): … is forbidden: User "…" cannot get resource "secrets" …", "error: context "…" does not
// exist", "error: error upgrading connection: unable to upgrade connection: pods "…" is
// forbidden: … pods/portforward …", "Forwarding from 127.0.0.1:PORT -> 3000"), and forwards real TCP to the pod's
// address (the KOTS double's kotsadm port). Its "cluster" is KUBECTL_STAND_IN/cluster.json; every call and every
// port-forward event is appended to KUBECTL_STAND_IN/calls.jsonl. SIGUSR1 makes a port-forward lose its pod.
import { appendFileSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const dir = process.env.KUBECTL_STAND_IN;
if (!dir) {
  process.stderr.write('error: KUBECTL_STAND_IN is not set (the kubectl stand-in has no cluster)\n');
  process.exit(1);
}
const argv = process.argv.slice(2);
const log = (entry) => appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
log({ event: 'call', argv });
const cluster = JSON.parse(readFileSync(path.join(dir, 'cluster.json'), 'utf8'));

function fail(text, code = 1) {
  process.stderr.write(`${text}\n`);
  process.exit(code);
}

/** pflag as kubectl uses it: `--name value`, `--name=value`, `-n value`, `-nvalue`; global flags anywhere. */
const STRING_FLAGS = { context: 'context', namespace: 'namespace', n: 'namespace', output: 'output', o: 'output', selector: 'selector', l: 'selector', kubeconfig: 'kubeconfig', address: 'address' };
const flags = {};
const words = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (!arg.startsWith('-') || arg === '-') {
    words.push(arg);
    continue;
  }
  let name;
  let inline;
  if (arg.startsWith('--')) [name, inline] = arg.slice(2).split(/=(.*)/s);
  else {
    name = arg[1];
    inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
  }
  const key = STRING_FLAGS[name];
  if (!key) fail(`Error: unknown ${arg.startsWith('--') ? 'flag' : 'shorthand flag'}: ${arg.startsWith('--') ? `--${name}` : `'${name}' in ${arg}`}\nSee 'kubectl ${words[0] ?? ''} --help' for usage.`);
  const value = inline ?? argv[++i];
  if (value === undefined) fail(`Error: flag needs an argument: ${arg}\nSee 'kubectl ${words[0] ?? ''} --help' for usage.`);
  flags[key] = value;
}

const contextName = flags.context ?? cluster.currentContext;
const context = cluster.contexts?.[contextName];
if (!context) fail(`error: context "${contextName}" does not exist`);
if (context.unreachable) fail(`The connection to the server ${context.server ?? '10.0.0.1:443'} was refused - did you specify the right host or port?`);
const namespace = flags.namespace ?? context.namespace ?? 'default';
const space = cluster.namespaces?.[namespace] ?? { pods: [], secrets: {} };
const user = context.user ?? 'kubernetes-admin';

/** RBAC: a rule `{ verb, resource, namespace? }` in cluster.forbidden refuses that call for the context's user. */
function forbidden(verb, resource) {
  return (cluster.forbidden ?? []).some((rule) => rule.verb === verb && rule.resource === resource && (rule.namespace === undefined || rule.namespace === namespace));
}
const refusal = (verb, resource, name) =>
  `${resource}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "" in the namespace "${namespace}"`;

const created = '2026-08-01T09:00:00Z';
function secretObject(name, data) {
  return {
    apiVersion: 'v1',
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')])),
    kind: 'Secret',
    metadata: { creationTimestamp: created, labels: { 'kots.io/kotsadm': 'true' }, name, namespace, resourceVersion: '4242', uid: '6f1c2a4e-0b7d-4c55-9a8e-2f3d4c5b6a71' },
    type: 'Opaque',
  };
}
function podObject(pod) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { creationTimestamp: created, labels: pod.labels ?? {}, name: pod.name, namespace, resourceVersion: '4343', uid: '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9' },
    spec: { containers: [{ name: 'kotsadm', image: 'kotsadm/kotsadm:v1.124.0', ports: [{ containerPort: 3000, name: 'http', protocol: 'TCP' }] }] },
    status: { phase: pod.phase ?? 'Running', containerStatuses: [{ name: 'kotsadm', ready: pod.ready !== false, restartCount: 0 }] },
  };
}

/** `-o json` (kubectl indents with four spaces), `-o jsonpath={.a.b}`, `-o name`, or the default table. */
function print(object, table) {
  const output = flags.output;
  if (output === 'json') return process.stdout.write(`${JSON.stringify(object, null, 4)}\n`);
  if (output === 'name') return process.stdout.write((object.items ?? [object]).map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}\n`).join(''));
  const jsonpath = /^jsonpath=\{(.*)\}$/.exec(output ?? '');
  if (jsonpath) {
    let value = object;
    for (const part of jsonpath[1].replace(/^\./, '').split(/(?<!\\)\./)) value = value?.[part.replace(/\\\./g, '.')];
    return process.stdout.write(value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  if (output !== undefined) fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
  return process.stdout.write(table());
}

const [verb, kind, target, ...rest] = words;
if (verb === 'get' && ['secret', 'secrets'].includes(kind) && target && rest.length === 0) {
  if (forbidden('get', 'secrets')) fail(`Error from server (Forbidden): ${refusal('get', 'secrets', target)}`);
  const data = space.secrets?.[target];
  if (!data) fail(`Error from server (NotFound): secrets "${target}" not found`);
  print(secretObject(target, data), () => `NAME${' '.repeat(Math.max(1, target.length - 1))}TYPE     DATA   AGE\n${target}   Opaque   ${Object.keys(data).length}      3d\n`);
} else if (verb === 'get' && ['pod', 'pods', 'po'].includes(kind) && target === undefined) {
  if (forbidden('list', 'pods')) {
    // As kubectl v1.32 does: an empty List on stdout first (with -o json), then the refusal, exit 1.
    if (flags.output === 'json') process.stdout.write(`${JSON.stringify({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);
    fail(`Error from server (Forbidden): ${refusal('list', 'pods')}`);
  }
  const [key, value] = (flags.selector ?? '').split('=');
  const pods = (space.pods ?? []).filter((pod) => !flags.selector || pod.labels?.[key] === value);
  if (pods.length === 0 && flags.output === undefined) {
    process.stderr.write(`No resources found in ${namespace} namespace.\n`);
    process.exit(0);
  }
  print({ apiVersion: 'v1', items: pods.map(podObject), kind: 'List', metadata: { resourceVersion: '' } }, () =>
    ['NAME                       READY   STATUS    RESTARTS   AGE', ...pods.map((p) => `${p.name.padEnd(27)}${p.ready === false ? '0/1' : '1/1'}     ${(p.phase ?? 'Running').padEnd(10)}0          3d`)].join('\n') + '\n',
  );
} else if (verb === 'port-forward' && kind && target && rest.length === 0) {
  portForward(kind.replace(/^(pod|pods|po)\//, ''), target);
} else {
  fail(`error: the kubectl stand-in does not answer "${words.join(' ')}": the console's kubectl route may only get secrets, get pods and port-forward`);
}

function portForward(podName, ports) {
  if (forbidden('get', 'pods')) fail(`Error from server (Forbidden): ${refusal('get', 'pods', podName)}`);
  const pod = (space.pods ?? []).find((candidate) => candidate.name === podName);
  if (!pod) fail(`Error from server (NotFound): pods "${podName}" not found`);
  if ((pod.phase ?? 'Running') !== 'Running') fail(`error: unable to forward port because pod is not running. Current status=${pod.phase}`);
  if (forbidden('create', 'pods/portforward')) fail(`error: error upgrading connection: unable to upgrade connection: ${refusal('create', 'pods/portforward', podName).replace(/^pods\/portforward/, 'pods')}`);
  const [local, remote] = ports.includes(':') ? ports.split(':') : [ports, ports];
  const to = pod.ports?.[remote];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    process.stdout.write(`Handling connection for ${server.address().port}\n`);
    log({ event: 'connection' });
    if (!to) {
      process.stderr.write(`E0801 09:00:00.000000 ${process.pid} portforward.go:424] "Unhandled Error" err="an error occurred forwarding ${server.address().port} -> ${remote}: error forwarding port ${remote} to pod ${podName}: connection refused"\n`);
      socket.destroy();
      return;
    }
    const [host, port] = to.split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  server.listen(local === '' ? 0 : Number(local), '127.0.0.1', () => {
    const port = server.address().port;
    process.stdout.write(`Forwarding from 127.0.0.1:${port} -> ${remote}\nForwarding from [::1]:${port} -> ${remote}\n`);
    log({ event: 'forwarding', port, pod: podName });
  });
  const end = (how, code, said) => {
    log({ event: 'ended', how });
    if (said) process.stderr.write(said);
    server.close();
    for (const socket of sockets) socket.destroy();
    process.exit(code);
  };
  process.on('SIGTERM', () => end('SIGTERM', 0));
  process.on('SIGINT', () => end('SIGINT', 0));
  // The pod went away (deleted, rescheduled): kubectl logs the forwarding error and gives up.
  process.on('SIGUSR1', () => {
    const port = server.address().port;
    end(
      'lost',
      1,
      `E0801 09:00:00.000000 ${process.pid} portforward.go:413] "Unhandled Error" err="an error occurred forwarding ${port} -> ${remote}: error forwarding port ${remote} to pod ${podName}, uid : failed to find sandbox in store: not found"\nerror: lost connection to pod\n`,
    );
  });
}

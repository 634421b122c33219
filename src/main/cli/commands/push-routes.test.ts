import { afterEach, describe, expect, it } from 'vitest';
import { recordingIo } from '../../../../test/doubles/cli-io';
import { CLIENT_SECRET, CONSOLE_PASSWORD, usePushFixture, WEBHOOK_SECRET } from '../../../../test/kots/push-fixture';
import { clusterFor, CONTEXT, kubectlStandIn, NAMESPACE, type KubectlStandIn } from '../../../../test/kubectl/stand-in';
import type { VaultService } from '../../vault/vault';
import { runCli } from '../run';
import { createPushCommand } from './push';

/** `ads-setup push` through each console route (in process; kubectl is the stand-in, a real child process). */
const fx = usePushFixture();
const standIns: KubectlStandIn[] = [];
afterEach(() => {
  for (const standIn of standIns.splice(0)) standIn.remove();
});

async function push(vault: VaultService, argv: string[], options: { env?: Record<string, string>; stdin?: string; kubectlEnv?: NodeJS.ProcessEnv; secrets?: string[] } = {}) {
  const { io, out } = recordingIo({ env: options.env ?? {}, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  const command = createPushCommand({ openVault: () => ({ vault }), serviceOptions: { pollIntervalMs: 40, backoffMs: 1, requestTimeoutMs: 3000, ...(options.kubectlEnv ? { env: options.kubectlEnv } : {}) } });
  const code = await runCli(['push', ...argv], io, { version: '0.0.0-test', commands: [command] });
  for (const secret of [CLIENT_SECRET, WEBHOOK_SECRET, CONSOLE_PASSWORD, ...(options.secrets ?? [])]) {
    expect(out.stdout).not.toContain(secret);
    expect(out.stderr).not.toContain(secret);
  }
  return { code, ...out };
}

describe('ads-setup push through each route', () => {
  it('on an identity-service console: the password is refused with why (exit 3, never sent); --authstring-stdin deploys', async () => {
    const double = await fx.start({ tls: true, identityService: true, deployDelayMs: 50 });
    const { vault } = await fx.makeVault(double.url);
    const pin = double.fingerprint as string;
    const refused = await push(vault, ['--profile', 'stark', '--trust-fingerprint', pin, '--check'], { env: { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('does not take passwords: it signs admins in through its identity service. The password was not sent.');
    expect(refused.stderr).toMatch(/remedy: .*--authstring-stdin.*--via kubectl.*bundle/);
    expect(double.requests.map((r) => r.path)).toEqual(['/api/v1/login/info']);

    const pushed = await push(vault, ['--profile', 'stark', '--authstring-stdin', '--trust-fingerprint', pin, '--yes', '--deploy'], { stdin: `${double.authstring}\n`, secrets: [double.authstring] });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(/done\s+follow\s+version 2: deployed/);
    expect(double.requests.filter((r) => r.path !== '/api/v1/login/info').every((r) => r.authorization === double.authstring)).toBe(true);
    // The route is kept: the next push needs the authstring again (not stored), and says so without a terminal.
    const again = await push(vault, ['--profile', 'stark', '--plan']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('error: The kotsadm authstring is needed.');
    expect(again.stderr).toContain('remedy: Pipe it with --authstring-stdin, set ADS_SETUP_CONSOLE_AUTHSTRING, or run in a terminal to be asked for it.');
  });

  it('--via kubectl --kube-context --namespace: plan, save, deploy and follow over the port-forward, which ends with the command', async () => {
    const double = await fx.start({ tls: true, deployDelayMs: 50 });
    const { vault } = await fx.makeVault();
    const kubectl = kubectlStandIn(clusterFor(double));
    standIns.push(kubectl);
    const pushed = await push(vault, ['--profile', 'stark', '--via', 'kubectl', '--kube-context', CONTEXT, '--namespace', NAMESPACE, '--yes', '--deploy'], { kubectlEnv: kubectl.env, secrets: [double.authstring] });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toContain(`Plan for kotsadm via kubectl (context ${CONTEXT}, namespace ${NAMESPACE}), app deepsource`);
    expect(pushed.stdout).toMatch(/done\s+follow\s+version 2: deployed/);
    expect(double.requests.every((r) => r.port === 'cluster')).toBe(true);
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM']);
    // Next time the profile's route and settings are used: no flags needed.
    const again = await push(vault, ['--profile', 'stark', '--plan'], { kubectlEnv: kubectl.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to change.');
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM', 'SIGTERM']);
  });

  it('kubectl refusals exit 3 (RBAC) or 1 (the route cannot be used) with the cluster’s words and a remedy', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault();
    const kubectl = kubectlStandIn({ ...clusterFor(double), forbidden: [{ verb: 'create', resource: 'pods/portforward' }] });
    standIns.push(kubectl);
    const forbidden = await push(vault, ['--profile', 'stark', '--via', 'kubectl', '--namespace', NAMESPACE, '--check'], { kubectlEnv: kubectl.env });
    expect(forbidden.code).toBe(3);
    expect(forbidden.stderr).toContain(`error: The cluster does not allow jane@contoso.com to create pods/portforward in namespace ${NAMESPACE} (kubectl port-forward: Forbidden). Nothing was sent to the console.`);
    const noKubectl = await push(vault, ['--profile', 'stark', '--via', 'kubectl', '--check'], { kubectlEnv: kubectl.envWithoutKubectl });
    expect(noKubectl.code).toBe(1);
    expect(noKubectl.stderr).toContain('kubectl was not found on this computer');
    expect(double.requests).toEqual([]);
  });

  it('refuses flags of two routes, and an unknown route', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const mixed = await push(vault, ['--profile', 'stark', '--password-stdin', '--namespace', NAMESPACE, '--plan'], { stdin: CONSOLE_PASSWORD });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('--namespace belong to the kubectl route, not password.');
    const unknown = await push(vault, ['--profile', 'stark', '--via', 'ssh', '--plan']);
    expect(unknown.stderr).toContain('There is no console route “ssh”.');
    expect(double.requests).toEqual([]);
  });
});

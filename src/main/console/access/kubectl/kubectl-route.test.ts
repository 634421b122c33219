import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleAccess } from '../../../../shared/console';
import { rejection } from '../../../../../test/doubles/rejection';
import { CLIENT_SECRET, ready, usePushFixture, WEBHOOK_SECRET } from '../../../../../test/kots/push-fixture';
import { clusterFor, CONTEXT, KOTSADM_POD, kubectlStandIn, NAMESPACE, type KubectlStandIn, type StandInCluster } from '../../../../../test/kubectl/stand-in';

/** The kubectl route against the KOTS double, through the kubectl stand-in run as a real child process. */
const fx = usePushFixture();
const standIns: KubectlStandIn[] = [];
afterEach(() => {
  for (const standIn of standIns.splice(0)) standIn.remove();
});

/** Whether a process still exists (a child that exited is gone once its parent, this process, reaped it). */
function running(pid: number | undefined): boolean {
  try {
    process.kill(pid ?? 0, 0);
    return true;
  } catch {
    return false;
  }
}

const VIA_KUBECTL: ConsoleAccess = { via: 'kubectl', values: { context: CONTEXT, namespace: NAMESPACE } };

async function setUp(options: { cluster?: (cluster: StandInCluster) => StandInCluster; identityService?: boolean } = {}) {
  const double = await fx.start({ tls: true, deployDelayMs: 'manual', ...(options.identityService ? { identityService: true } : {}) });
  const { vault } = await fx.makeVault();
  const cluster = clusterFor(double);
  const kubectl = kubectlStandIn(options.cluster ? options.cluster(cluster) : cluster);
  standIns.push(kubectl);
  const service = fx.makeService(vault, { env: kubectl.env });
  return { double, vault, kubectl, service };
}

describe('the kubectl route', () => {
  it('deploys on an identity-service console: get secret, get pods, one port-forward, Authorization: Kots …, and the forward ends with the deploy', async () => {
    const { double, vault, kubectl, service } = await setUp({ identityService: true });
    const plan = ready(await service.plan({ profileId: 'stark', access: VIA_KUBECTL }));
    expect(plan.console).toBe(`kotsadm via kubectl (context ${CONTEXT}, namespace ${NAMESPACE})`);
    const applying = service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    await expect.poll(() => double.versions('deepsource').find((v) => v.sequence === 2)?.status).toBe('deploying');
    expect(kubectl.forwards()).toEqual([{ pid: expect.any(Number), port: expect.any(Number), ended: undefined }]);
    double.finishDeploys();
    const report = await applying;
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 2, verified: true, deploy: { status: 'deployed' } });
    expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_client_secret: CLIENT_SECRET, ads_webhook_secret: WEBHOOK_SECRET });

    // Only the three calls the route may make, with --context, -n and -o; never a secret on the command line.
    const scope = [`--context=${CONTEXT}`, '-n', NAMESPACE];
    expect(kubectl.argvs()).toEqual([
      ['get', 'secret', 'kotsadm-authstring', ...scope, '-o', 'json'],
      ['get', 'pods', ...scope, '-l', 'app=kotsadm', '-o', 'json'],
      ['port-forward', `pod/${KOTSADM_POD}`, ':3000', ...scope],
    ]);
    expect(JSON.stringify(kubectl.argvs())).not.toContain(double.authstring.slice(5));
    // Every request went over the forward to kotsadm's own port with the authstring; no password login at all.
    expect(double.requests.every((r) => r.port === 'cluster' && r.authorization === double.authstring)).toBe(true);
    expect(double.requests.map((r) => r.path)).not.toContain('/api/v1/login');
    // The deploy ended, and with it the session: the port-forward was ended (SIGTERM), not left behind.
    expect(kubectl.forwards()).toEqual([{ pid: expect.any(Number), port: expect.any(Number), ended: 'SIGTERM' }]);
    expect((await vault.get('stark')).console).toMatchObject({ access: { via: 'kubectl', settings: { context: CONTEXT, namespace: NAMESPACE } }, establishedAt: expect.any(String) });
    expect((await vault.get('stark')).console.url).toBeUndefined();
  });

  it('is reused for the next call while it lives, remembered for the next push, and ended by close()', async () => {
    const { vault, kubectl, service } = await setUp();
    ready(await service.plan({ profileId: 'stark', access: VIA_KUBECTL }));
    ready(await service.plan({ profileId: 'stark' })); // the profile's route and settings, the same session
    expect(kubectl.forwards()).toHaveLength(1);
    await service.close();
    expect(kubectl.forwards()).toEqual([{ pid: expect.any(Number), port: expect.any(Number), ended: 'SIGTERM' }]);
    const again = fx.makeService(vault, { env: kubectl.env });
    // DeepSource's own host name, read from the app's config ("Application hostname"), is offered and kept.
    expect(await again.plan({ profileId: 'stark', connectOnly: true })).toMatchObject({ status: 'connected', deepsourceHost: 'deepsource.stark.com' });
    expect((await vault.get('stark')).console.deepsourceHost).toBe('deepsource.stark.com');
    await again.close();
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM', 'SIGTERM']);
  });

  describe('names each refusal with its remedy, and sends nothing to the console', () => {
    it.each([
      ['no kubectl on PATH', (c: StandInCluster) => c, true, 'CONSOLE_ROUTE', /kubectl was not found on this computer/, /Install kubectl/],
      ['an unknown context', (c: StandInCluster) => ({ ...c, contexts: { other: {} } }), false, 'CONSOLE_ROUTE', /kubectl has no context “aks-prod” in its kubeconfig/, /kubectl config get-contexts/],
      [
        'a namespace without kotsadm',
        (c: StandInCluster) => ({ ...c, namespaces: { [NAMESPACE]: { pods: [], secrets: c.namespaces[NAMESPACE]?.secrets ?? {} } } }),
        false,
        'CONSOLE_ROUTE',
        /no kotsadm pod \(label app=kotsadm\) in namespace deepsource-application of context aks-prod/,
        /namespace the admin console runs in/,
      ],
      ['a namespace without the authstring secret', (c: StandInCluster) => ({ ...c, namespaces: {} }), false, 'CONSOLE_ROUTE', /no kotsadm-authstring secret in namespace deepsource-application/, /kubectl kots get apps/],
      [
        'RBAC refusing get secrets',
        (c: StandInCluster) => ({ ...c, forbidden: [{ verb: 'get', resource: 'secrets' }] }),
        false,
        'CONSOLE_FORBIDDEN',
        /does not allow jane@contoso\.com to get secrets in namespace deepsource-application \(kubectl get secret: Forbidden\)/,
        /get on secrets, list on pods and create on pods\/portforward/,
      ],
      [
        'RBAC refusing pods/portforward',
        (c: StandInCluster) => ({ ...c, forbidden: [{ verb: 'create', resource: 'pods/portforward' }] }),
        false,
        'CONSOLE_FORBIDDEN',
        /does not allow jane@contoso\.com to create pods\/portforward in namespace deepsource-application \(kubectl port-forward: Forbidden\)/,
        /Role in namespace deepsource-application/,
      ],
      [
        'an authstring kotsadm rejects',
        (c: StandInCluster) => ({ ...c, namespaces: { [NAMESPACE]: { ...c.namespaces[NAMESPACE], secrets: { 'kotsadm-authstring': { 'kotsadm-authstring': 'Kots not-the-one-kotsadm-has-0123' } } } } }),
        false,
        'CONSOLE_AUTH',
        /kotsadm \(pod kotsadm-7c9d5b8f6-q2x8z in namespace deepsource-application of context aks-prod\) refused the authstring its own kotsadm-authstring secret holds: “failed to parse authorization header”\. It was tried once\./,
        /not replaced meanwhile/,
      ],
    ] as const)('%s', async (_name, cluster, noKubectl, code, message, remedy) => {
      const { double, vault, kubectl } = await setUp({ cluster });
      const service = fx.makeService(vault, { env: noKubectl ? kubectl.envWithoutKubectl : kubectl.env });
      const error = await rejection(service.plan({ profileId: 'stark', access: VIA_KUBECTL }));
      expect(error).toMatchObject({ code, message: expect.stringMatching(message), remedy: expect.stringMatching(remedy) });
      expect(double.requests.filter((r) => r.method !== 'GET' || r.path !== '/api/v1/ping')).toEqual([]);
      // Whatever refused, no port-forward is left running, and nothing about the console was saved.
      expect(kubectl.forwards().every((f) => f.ended !== undefined)).toBe(true);
      expect((await vault.get('stark')).console).toEqual({});
    });
  });

  it('a port-forward that dies mid-push: named in kubectl’s words, the report says what was done, nothing half-saved', async () => {
    const { double, vault, kubectl, service } = await setUp();
    const plan = ready(await service.plan({ profileId: 'stark', access: VIA_KUBECTL }));
    // The pod goes away while the deploy is followed: the save and its read-back were done, the follow is lost.
    const applying = service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    await expect.poll(() => double.versions('deepsource').find((v) => v.sequence === 2)?.status).toBe('deploying');
    const [forward] = kubectl.forwards();
    process.kill(forward?.pid ?? 0, 'SIGUSR1');
    const report = await applying;
    expect(report).toMatchObject({ outcome: 'failed', savedSequence: 2, verified: true, error: { code: 'CONSOLE_ROUTE_LOST' } });
    expect(report.error?.message).toMatch(/The kubectl port-forward to kotsadm in namespace deepsource-application of context aks-prod exited \(1\) during the push: “lost connection to pod”/);
    expect(report.steps.find((s) => s.step === 'follow')).toMatchObject({ status: 'failed', detail: expect.stringContaining('lost track of the deploy') });
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['lost']);

    // The forward dies while the save is on its way: the answer is lost, the report says the outcome is unknown,
    // and nothing of it is recorded in the profile.
    const pushedBefore = (await vault.get('stark')).console.pushed;
    const service2 = fx.makeService(vault, { env: kubectl.env });
    double.editConfig('deepsource', { ads_host: 'example.visualstudio.com' });
    const plan2 = ready(await service2.plan({ profileId: 'stark' }));
    double.inject({ method: 'PUT', path: '/api/v1/app/deepsource/config', delayMs: 60_000 });
    const versions = double.versions('deepsource').length;
    const saving = service2.apply({ profileId: 'stark', planId: plan2.planId });
    await expect.poll(() => double.requests.at(-1)?.method).toBe('PUT');
    process.kill(kubectl.forwards()[1]?.pid ?? 0, 'SIGUSR1');
    const report2 = await saving;
    expect(report2).toMatchObject({ outcome: 'failed', error: { code: 'CONSOLE_ROUTE_LOST', message: expect.stringContaining('Whether the save reached the console is unknown.') } });
    expect(report2.steps.find((s) => s.step === 'save')).toMatchObject({ status: 'failed', detail: expect.stringContaining('whether the console saved is unknown') });
    expect(double.versions('deepsource')).toHaveLength(versions);
    expect((await vault.get('stark')).console.pushed).toEqual(pushedBefore);
  });

  it('a port-forward that died while idle is opened anew for the next call, which goes through', async () => {
    const { double, kubectl, service } = await setUp();
    const plan = ready(await service.plan({ profileId: 'stark', access: VIA_KUBECTL }));
    const pid = kubectl.forwards()[0]?.pid;
    process.kill(pid ?? 0, 'SIGUSR1');
    await expect.poll(() => running(pid)).toBe(false);
    const report = await service.apply({ profileId: 'stark', planId: plan.planId });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 2, verified: true });
    expect(kubectl.forwards().map((f) => f.ended)).toEqual(['lost', undefined]);
    expect(double.versions('deepsource')).toHaveLength(3);
  });
});

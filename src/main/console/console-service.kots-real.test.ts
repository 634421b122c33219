import { describe, expect, it } from 'vitest';
import { flatAdsGroups, type DoubleGroup } from '../../demo/kots-console/double';
import { CLIENT_SECRET, CONSOLE_PASSWORD, ready, usePushFixture, WEBHOOK_SECRET, byPassword } from '../../../test/kots/push-fixture';

// Behaviours of real kotsadm versions that the plain double did not have (review of replicatedhq/kots).
const fx = usePushFixture();

const app = (groups: DoubleGroup[], pending = false) => [{ slug: 'deepsource', name: 'DeepSource', groups, pendingUpstreamVersion: pending }];

/** The documented layout with both secrets already set in the console (typed in the admin console earlier). */
function groupsHoldingOurSecrets(): DoubleGroup[] {
  const groups = flatAdsGroups();
  for (const item of groups[1]?.items ?? []) {
    if (item.name === 'ads_client_secret') item.value = CLIENT_SECRET;
    if (item.name === 'ads_webhook_secret') item.value = WEBHOOK_SECRET;
  }
  return groups;
}

/** A service whose deploy follow polls every 2 s on a fake clock; `onPoll` runs at each poll (numbered from 1). */
function onAFakeClock(vault: Parameters<typeof fx.makeService>[0], onPoll: (poll: number) => void) {
  let polls = 0;
  let clock = 0;
  const service = fx.makeService(vault, {
    defaultDeployTimeoutSeconds: 60,
    pollIntervalMs: 2000,
    now: () => clock,
    sleep: async (ms) => {
      polls += 1;
      clock += ms;
      onPoll(polls);
    },
  });
  return { service, polls: () => polls };
}

describe('KOTS before v1.129.2: a fixed nonce seals the same secret to the same ciphertext', () => {
  it('re-sending a secret the console already holds passes the read-back, is explained, and is "unchanged" next time', async () => {
    const double = await fx.start({ fixedNonce: true, apps: app(groupsHoldingOurSecrets()) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const before = double.storedValues('deepsource', 0);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    // No record of a push from this profile: the secrets cannot be compared, so they are replaced.
    expect(plan.items.filter((i) => i.kind === 'secret').map((i) => i.action)).toEqual(['replace', 'replace']);

    const report = await service.apply({ profileId: 'stark', planId: plan.planId });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 1, verified: true });
    // The console really stored the same ciphertext again (old KOTS), and the report says why that is fine.
    expect(double.storedValues('deepsource', 1)['ads_client_secret']).toBe(before['ads_client_secret']);
    const verify = report.steps.find((s) => s.step === 'verify');
    expect(verify?.status).toBe('done');
    expect(verify?.detail).toContain('already held this secret');
    expect(verify?.detail).toContain('KOTS before v1.129.2');
    expect(JSON.stringify(report)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(report)).not.toContain(before['ads_client_secret']);

    const again = ready(await service.plan({ profileId: 'stark' }));
    expect(again.items.filter((i) => i.kind === 'secret').map((i) => i.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('the double seals like v1.129.2+ by default: the same secret gives another ciphertext', async () => {
    const double = await fx.start({ apps: app(groupsHoldingOurSecrets()) });
    double.editConfig('deepsource', { ads_client_secret: CLIENT_SECRET });
    expect(double.storedValues('deepsource', 1)['ads_client_secret']).not.toBe(double.storedValues('deepsource', 0)['ads_client_secret']);
    expect(double.decryptedValues('deepsource', 1)['ads_client_secret']).toBe(CLIENT_SECRET);
  });
});

describe('kotsadm validates a save only by the items and fields it is sent', () => {
  it('a value breaking the app’s own rule stops before the save, explained per item; nothing is saved', async () => {
    const groups = flatAdsGroups();
    const authority = groups[1]?.items.find((i) => i.name === 'ads_authority');
    if (authority) authority.validation = { regex: { pattern: '^https://', message: 'Must start with https://' } };
    const double = await fx.start({ apps: app(groups) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'failed', error: { code: 'CONSOLE_REJECTED' } });
    expect(report.error?.message).toContain('Azure  DevOps Services Authority Host: Must start with https://');
    expect(report.error?.message).toContain('Nothing was saved');
    expect(report.steps.find((s) => s.step === 'save')).toMatchObject({ status: 'failed', detail: expect.stringContaining('nothing was saved') });
    expect(double.requests.some((r) => r.method === 'PUT' || r.path.endsWith('/deploy'))).toBe(false);
    expect(double.versions('deepsource')).toHaveLength(1);
  });

  it('each item is sent with its validation and required fields as rendered with the new values, never a stale hidden copy', async () => {
    const double = await fx.start({ apps: app(flatAdsGroups()) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    // Version 0 has the checkbox off: the config read there renders these fields `when: "false"`.
    expect((await service.apply({ profileId: 'stark', planId: plan.planId })).outcome).toBe('done');
    const put = JSON.parse(double.requests.find((r) => r.method === 'PUT')?.body ?? '{}') as { configGroups: Array<{ items: Array<Record<string, unknown>> }> };
    const sent = new Map(put.configGroups.flatMap((g) => g.items).map((i) => [i['name'], i] as const));
    expect(sent.get('ads_app_id')).toMatchObject({ required: true, when: 'true', hidden: false, validation: { regex: { pattern: '^[0-9a-fA-F-]{36}$' } } });
    expect(sent.get('ads_client_secret')).toMatchObject({ type: 'password', required: true, when: 'true' });
    expect([...sent.values()].some((i) => i['when'] === 'false')).toBe(false);
  });
});

describe('strict preflights: kotsadm holds the deploy request while the version is pending_preflight', () => {
  it('a deploy request that times out is followed, not reported failed, and ends deployed', async () => {
    const double = await fx.start({ strictPreflights: true, newVersionStatus: 'pending_preflight', deployDelayMs: 'manual', apps: app(flatAdsGroups()) });
    const { vault } = await fx.makeVault(double.url);
    let polls = 0;
    // The deploy request's own wait is cut short (the 16 minutes are the client test's); the preflights end at the
    // first poll, the deploy at the second.
    const service = fx.makeService(vault, {
      writeTimeoutMs: 100,
      sleep: async () => {
        polls += 1;
        if (polls === 1) double.finishPreflights();
        if (polls === 2) double.finishDeploys();
      },
    });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 1, deploy: { status: 'deployed', sequence: 1 } });
    expect(report.steps.find((s) => s.step === 'deploy')).toMatchObject({ status: 'done', detail: expect.stringContaining('following the version instead') });
    expect(report.steps.find((s) => s.step === 'follow')?.detail).toContain('deployed');
    expect(double.requests.filter((r) => r.path.endsWith('/deploy'))).toHaveLength(1);
    expect(double.deployedSequence('deepsource')).toBe(1);
  });
});

describe('a failed deploy that kotsadm rewrites to pending when its preflights report', () => {
  it('deploying → pending is reported as a failed deploy at once, not as a timeout', async () => {
    const double = await fx.start({ deployOutcome: 'failed', failedDeployBecomesPending: true, deployDelayMs: 'manual', apps: app(flatAdsGroups()) });
    const { vault } = await fx.makeVault(double.url);
    const { service, polls } = onAFakeClock(vault, (poll) => {
      if (poll === 1) double.finishDeploys();
    });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(double.versions('deepsource').at(-1)).toMatchObject({ sequence: 1, status: 'pending' });
    expect(report).toMatchObject({ outcome: 'failed', deploy: { status: 'failed', lastSeen: 'pending' }, error: { code: 'DEPLOY_FAILED' } });
    expect(report.error?.message).toContain('moved it from deploying back to pending');
    expect(polls()).toBe(1);
  });
});

describe('nothing deployed yet: the base version is currentSequence, as the KOTS Config page uses', () => {
  it('never reads a pending_download version (kotsadm refuses its config); the save lands after it', async () => {
    const double = await fx.start({ apps: [{ slug: 'deepsource', name: 'DeepSource', groups: flatAdsGroups(), pendingUpstreamVersion: true, pendingDownloadVersion: true, nothingDeployed: true }] });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    expect(plan).toMatchObject({ baseSequence: 1, latestSequence: 2 });
    expect(double.requests.some((r) => r.path === '/api/v1/app/deepsource/config/2')).toBe(false);
    const report = await service.apply({ profileId: 'stark', planId: plan.planId });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 3, verified: true });
  });
});

describe('the version history is paged (20 a page)', () => {
  it('a version pushed off the first page by newer ones is still followed to the end', async () => {
    const double = await fx.start({ deployDelayMs: 'manual', apps: app(flatAdsGroups()) });
    const { vault } = await fx.makeVault(double.url);
    const { service } = onAFakeClock(vault, (poll) => {
      // While the deploy runs, 25 newer versions arrive: version 1 moves to the second page.
      if (poll === 1) for (let n = 0; n < 25; n += 1) double.editConfig('deepsource', { hostname: `h${n}.example.com` });
      if (poll === 2) double.finishDeploys();
    });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'done', deploy: { status: 'deployed', sequence: 1 } });
    expect(double.requests.some((r) => r.path.endsWith('/versions') && r.query.includes('currentPage=1'))).toBe(true);
    expect(double.requests.some((r) => r.query.includes('currentPage=2'))).toBe(false);
  });
});

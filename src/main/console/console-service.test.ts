
import { rejection } from '../../../test/doubles/rejection';
import { describe, expect, it } from 'vitest';
import { flatAdsGroups, groupedAdsGroups, type DoubleGroup } from '../../demo/kots-console/double';
import { APP_ID, CLIENT_SECRET, CONSOLE_PASSWORD, ready, usePushFixture, WEBHOOK_SECRET, byPassword } from '../../../test/kots/push-fixture';

const fx = usePushFixture();

/** The DeepSource app; by default with an upstream version pending, `pending: false` for a console at rest. */
const app = (groups: DoubleGroup[], pending = true) => [{ slug: 'deepsource', name: 'DeepSource', groups, pendingUpstreamVersion: pending }];

describe('console push: happy paths over real loopback HTTP and HTTPS', () => {
  it.each([
    { tls: false, loginStyle: 'cookie', variant: 'flat' },
    { tls: true, loginStyle: 'body-token', variant: 'flat' },
    { tls: true, loginStyle: 'cookie', variant: 'grouped' },
    { tls: false, loginStyle: 'body-token', variant: 'grouped' },
  ] as const)('tls=$tls, $loginStyle login, $variant titles: plan, save, verify, deploy', async ({ tls, loginStyle, variant }) => {
    const groups = variant === 'flat' ? flatAdsGroups() : groupedAdsGroups();
    const double = await fx.start({ tls, loginStyle, apps: app(groups) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), ...(tls ? { trustFingerprint: double.fingerprint as string } : {}) }));
    expect(plan.baseSequence).toBe(0);
    expect(plan.latestSequence).toBe(1);
    expect(plan.changes).toBe(variant === 'flat' ? 6 : 5); // grouped: host domain's default already is dev.azure.com
    expect(double.requests.some((r) => r.method !== 'GET' && r.path !== '/api/v1/login')).toBe(false);

    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 2, verified: true, deploy: { status: 'deployed', sequence: 2 } });
    expect(report.steps.every((s) => s.status === 'done')).toBe(true);
    const names = variant === 'flat'
      ? { enable: 'ads_enabled', host: 'ads_host', authority: 'ads_authority', id: 'ads_app_id', secret: 'ads_client_secret', webhook: 'ads_webhook_secret' }
      : { enable: 'ado_enable', host: 'ado_host_domain', authority: 'ado_authority_host', id: 'ado_application_id', secret: 'ado_client_secret', webhook: 'ado_webhook_secret' };
    const values = double.decryptedValues('deepsource', 2);
    expect(values[names.enable]).toBe('1');
    if (variant === 'flat') expect(values[names.host]).toBe('dev.azure.com');
    expect(values[names.authority]).toBe('app.vssps.visualstudio.com');
    expect(values[names.id]).toBe(APP_ID);
    expect(values[names.secret]).toBe(CLIENT_SECRET);
    expect(values[names.webhook]).toBe(WEBHOOK_SECRET);
    expect(values['hostname']).toBe('deepsource.stark.com');
    expect(double.deployedSequence('deepsource')).toBe(2);
    expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(1);
    for (const deploy of double.requests.filter((r) => r.path.endsWith('/deploy'))) expect(() => JSON.parse(deploy.body)).not.toThrow();
    const profile = await vault.get('stark');
    expect(profile.consoleItems).toEqual({ enable: names.enable, hostDomain: names.host, authorityHost: names.authority, appId: names.id, clientSecret: names.secret, webhookSecret: names.webhook });
    expect(profile.console).toMatchObject({ url: double.url, appSlug: 'deepsource', ...(tls ? { pinnedFingerprint: double.fingerprint } : {}) });
  });

  it.each([
    { state: 'at rest (latest = deployed)', pending: false, readBack: ['GET /api/v1/app/deepsource/config/1'] },
    { state: 'with a version pending', pending: true, readBack: ['GET /api/v1/app/deepsource/versions', 'GET /api/v1/app/deepsource/config/2'] },
  ])('counts the HTTP requests of a whole push with save + deploy, console $state', async ({ state, pending, readBack }) => {
    const double = await fx.start({ deployDelayMs: 100, apps: app(flatAdsGroups(), pending) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault, { pollIntervalMs: 40 });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    const saved = pending ? 2 : 1;
    expect(report).toMatchObject({ outcome: 'done', savedSequence: saved, deploy: { status: 'deployed' } });
    const lines = double.requests.map((r) => `${r.method} ${r.path}`);
    const deploy = `POST /api/v1/app/deepsource/sequence/${saved}/deploy`;
    const beforePolls = lines.slice(0, lines.indexOf(deploy) + 1);
    expect(beforePolls).toEqual(['GET /api/v1/login/info', 'POST /api/v1/login', 'GET /api/v1/apps', 'GET /api/v1/app/deepsource/config/0', 'POST /api/v1/app/deepsource/liveconfig', 'PUT /api/v1/app/deepsource/config', ...readBack, deploy]);
    const polls = lines.slice(beforePolls.length);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((l) => l === 'GET /api/v1/app/deepsource/versions')).toBe(true);
    process.stdout.write(`[request count] push with save + deploy, console ${state}: ${beforePolls.length} requests + ${polls.length} status poll(s)\n`);
  });
});

describe('console push: the plan', () => {
  it('is a masked diff: old → new for plain items, secrets masked, the current ciphertext never shown; writes nothing', async () => {
    const groups = flatAdsGroups({ hiddenUntilEnabled: false });
    for (const item of groups[1]?.items ?? []) {
      if (item.name === 'ads_authority') item.value = 'login.microsoftonline.com';
      if (item.name === 'ads_webhook_secret') item.value = 'someone-elses-webhook-secret';
    }
    const double = await fx.start({ apps: app(groups) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const byRole = Object.fromEntries(plan.items.map((i) => [i.role, i]));
    expect(byRole['enable']).toMatchObject({ kind: 'bool', action: 'change', from: '0', to: '1' });
    expect(byRole['authorityHost']).toMatchObject({ action: 'change', from: 'login.microsoftonline.com', to: 'app.vssps.visualstudio.com' });
    expect(byRole['appId']).toMatchObject({ action: 'set', from: '', to: APP_ID });
    expect(byRole['clientSecret']).toMatchObject({ kind: 'secret', action: 'set', currentlySet: false, secret: { length: CLIENT_SECRET.length, masked: 'eyJ0…QQQQ' } });
    expect(byRole['webhookSecret']).toMatchObject({ kind: 'secret', action: 'replace', currentlySet: true });
    expect(byRole['webhookSecret']?.from).toBeUndefined();
    const text = JSON.stringify(plan);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toContain(CONSOLE_PASSWORD);
    expect(text).not.toContain(double.storedValues('deepsource', 0)['ads_webhook_secret']);
    expect(double.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'GET']);
    expect(double.versions('deepsource')).toHaveLength(2);
    expect((await vault.get('stark')).consoleItems['clientSecret']).toBe('ads_client_secret');
  });

  it('password items: "unchanged" after our verified push (sent back as the same ciphertext), "will be replaced" after a rotation', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const first = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    expect((await service.apply({ profileId: 'stark', planId: first.planId, deploy: true })).outcome).toBe('done');

    // The deploy ended, so its session did too: the next plan logs in again.
    const again = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    expect(again.changes).toBe(0);
    expect(again.items.every((i) => i.action === 'unchanged')).toBe(true);
    expect((await service.apply({ profileId: 'stark', planId: again.planId })).outcome).toBe('nothing-to-do');

    const rotated = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'R'.repeat(720);
    await vault.setSecret('stark', 'client-secret', rotated);
    const plan = ready(await service.plan({ profileId: 'stark' }));
    expect(plan.items.filter((i) => i.action !== 'unchanged').map((i) => [i.role, i.action])).toEqual([['clientSecret', 'replace']]);
    const storedWebhook = double.storedValues('deepsource')['ads_webhook_secret'];
    const report = await service.apply({ profileId: 'stark', planId: plan.planId });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 3, verified: true });
    const put = JSON.parse(double.requests.filter((r) => r.method === 'PUT').at(-1)?.body ?? '{}') as { configGroups: Array<{ items: Array<{ name: string; value: string }> }> };
    const sent = Object.fromEntries(put.configGroups.flatMap((g) => g.items).map((i) => [i.name, i.value]));
    expect(Object.keys(sent).sort()).toEqual(['ads_client_secret', 'ads_webhook_secret']);
    expect(sent['ads_webhook_secret']).toBe(storedWebhook);
    expect(double.decryptedValues('deepsource', 3)).toMatchObject({ ads_client_secret: rotated, ads_webhook_secret: WEBHOOK_SECRET, ads_app_id: APP_ID });
    expect(double.storedValues('deepsource', 3)['ads_webhook_secret']).toBe(storedWebhook);
  });

  it('returns candidates when titles do not match, saves the partial mapping on a plan-only run, and uses the admin\'s choice', async () => {
    const groups = flatAdsGroups({ hiddenUntilEnabled: false });
    const vcs = groups[1];
    for (const item of vcs?.items ?? []) if (item.name === 'ads_client_secret') item.title = 'ADO OAuth Client Secret';
    vcs?.items.push({ name: 'ads_webhook_secret_2', type: 'password', title: 'Azure DevOps Services Webhook Secret' });
    const double = await fx.start({ apps: app(groups) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const result = await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) });
    expect(result).toMatchObject({ status: 'needs-mapping', missing: ['clientSecret'], ambiguous: ['webhookSecret'] });
    if (result.status !== 'needs-mapping') return;
    expect(result.candidates.clientSecret?.map((c) => c.name)).toContain('ads_client_secret');
    expect(result.candidates.webhookSecret?.map((c) => c.name).sort()).toEqual(['ads_webhook_secret', 'ads_webhook_secret_2']);
    expect((await vault.get('stark')).consoleItems).toEqual({ enable: 'ads_enabled', hostDomain: 'ads_host', authorityHost: 'ads_authority', appId: 'ads_app_id' });

    ready(await service.plan({ profileId: 'stark', mapping: { clientSecret: 'ads_client_secret', webhookSecret: 'ads_webhook_secret' } }));
    expect((await vault.get('stark')).consoleItems).toMatchObject({ clientSecret: 'ads_client_secret', webhookSecret: 'ads_webhook_secret' });
    // Remembered: the next plan needs no choice.
    ready(await service.plan({ profileId: 'stark' }));
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('finds fields that the console leaves out until the checkbox is on, through liveconfig (nothing saved)', async () => {
    const double = await fx.start({ omitHiddenItems: true });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    expect(plan.items.find((i) => i.role === 'enable')).toMatchObject({ action: 'change', from: '0', to: '1' });
    expect(plan.changes).toBe(6);
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/login/info',
      'POST /api/v1/login',
      'GET /api/v1/apps',
      'GET /api/v1/app/deepsource/config/0',
      'POST /api/v1/app/deepsource/liveconfig',
    ]);
    expect(double.versions('deepsource')).toHaveLength(2);
    expect((await service.apply({ profileId: 'stark', planId: plan.planId })).outcome).toBe('done');
    expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_enabled: '1', ads_client_secret: CLIENT_SECRET });
  });

  it('asks which app when the console has several and the profile names none', async () => {
    const double = await fx.start({ apps: [...app(flatAdsGroups()), { slug: 'other', name: 'Other', groups: flatAdsGroups() }] });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    expect(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) })).toMatchObject({ status: 'needs-app', apps: [{ slug: 'deepsource' }, { slug: 'other' }] });
    ready(await service.plan({ profileId: 'stark', appSlug: 'deepsource' }));
  });

  it('a second apply while one is running (a double click) is refused: one PUT only', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    double.inject({ method: 'PUT', path: '/api/v1/app/deepsource/config', delayMs: 300 });
    const [first, second] = await Promise.allSettled([
      service.apply({ profileId: 'stark', planId: plan.planId }),
      service.apply({ profileId: 'stark', planId: plan.planId }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { outcome: 'done' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'NEEDS_CONFIRMATION' } });
    expect(double.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('refuses to apply a plan that no longer matches the console, writing nothing', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    double.editConfig('deepsource', { ads_authority: 'changed.example.com' });
    const other = fx.makeService(vault);
    const error = await rejection(other.apply({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), planId: 'f'.repeat(64) }));
    expect(error.code).toBe('NEEDS_CONFIRMATION');
    expect(plan.planId).not.toBe('f'.repeat(64));
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);
  });
});

describe('console push: failures', () => {
  it('required items and validation errors are surfaced by title before the save; nothing is saved', async () => {
    const groups = groupedAdsGroups();
    groups[1]?.items.push({ name: 'ado_org_url', type: 'text', title: 'Organization URL', required: true, shownWhenOn: 'ado_enable' });
    const double = await fx.start({ apps: app(groups) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ code: 'CONSOLE_REJECTED', message: expect.stringContaining('required but empty: Organization URL') });
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['login', 'done'], ['read', 'done'], ['save', 'failed'], ['find-version', 'not-started'], ['verify', 'not-started'], ['deploy', 'not-started'], ['follow', 'not-started'],
    ]);
    expect(double.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/v1/app/deepsource/liveconfig' });
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);

    const strict = flatAdsGroups();
    const authority = strict[1]?.items.find((i) => i.name === 'ads_authority');
    if (authority) authority.validation = { regex: { pattern: '^https://', message: 'Must start with https://' } };
    const double2 = await fx.start({ apps: app(strict) });
    const { vault: vault2 } = await fx.makeVault(double2.url);
    const service2 = fx.makeService(vault2);
    const plan2 = ready(await service2.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report2 = await service2.apply({ profileId: 'stark', planId: plan2.planId });
    expect(report2.error).toMatchObject({ code: 'CONSOLE_REJECTED', message: expect.stringContaining('Azure  DevOps Services Authority Host: Must start with https://') });
    expect(double2.versions('deepsource')).toHaveLength(2);
    expect(double2.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('a 500 on save: reported, and no follow-up write (no deploy, no second PUT)', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    double.inject({ method: 'PUT', path: '/api/v1/app/deepsource/config', status: 500, body: '{"success":false,"error":"failed to update config"}', times: 10 });
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'failed', verified: false, deploy: { status: 'not-requested' }, error: { code: 'CONSOLE_ERROR' } });
    expect(report.error?.message).toContain('failed to update config');
    expect(report.steps.find((s) => s.step === 'save')?.status).toBe('failed');
    expect(report.steps.find((s) => s.step === 'deploy')?.status).toBe('not-started');
    expect(double.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/login', 'POST /api/v1/app/deepsource/liveconfig', 'PUT /api/v1/app/deepsource/config']);
    expect(double.requests.at(-1)?.method).toBe('PUT');
  });

  it('a wrong password is shown once and never retried; a locked console says how to unlock', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const error = await rejection(service.plan({ profileId: 'stark', access: byPassword('wrong-password-123') }));
    expect(error).toMatchObject({ code: 'CONSOLE_AUTH', message: expect.stringContaining('Invalid password. Please try again.') });
    expect(error.message).not.toContain('wrong-password-123');
    const logins = () => double.requests.filter((r) => r.path === '/api/v1/login');
    expect(logins()).toHaveLength(1);
    for (let i = 0; i < 10; i++) await rejection(service.plan({ profileId: 'stark', access: byPassword(`wrong-${i}`) }));
    const locked = await rejection(service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    expect(locked.code).toBe('CONSOLE_LOCKED');
    expect(logins()).toHaveLength(12);
  });

  it('session expiry mid-flow: the save step reports it, no re-login, nothing else written', async () => {
    let clock = Date.parse('2026-11-26T12:00:00Z');
    const double = await fx.start({ now: () => clock });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    clock += 13 * 3600_000;
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ code: 'CONSOLE_AUTH', message: expect.stringContaining('session expired') });
    expect(report.steps.find((s) => s.step === 'save')).toMatchObject({ status: 'failed' });
    expect(double.requests.filter((r) => r.path === '/api/v1/login')).toHaveLength(1);
    expect(double.versions('deepsource')).toHaveLength(2);
  });

  it('a failure after the save (session ended during the read-back) reports what was and was not done, and deploys nothing', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    double.inject({ method: 'GET', path: '/api/v1/app/deepsource/config/2', status: 401, body: '{"error":"session expired","success":false}' });
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'failed', savedSequence: 2, verified: false, error: { code: 'CONSOLE_AUTH' } });
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['login', 'done'], ['read', 'done'], ['save', 'done'], ['find-version', 'done'], ['verify', 'failed'], ['deploy', 'not-started'], ['follow', 'not-started'],
    ]);
    expect(double.requests.some((r) => r.path.endsWith('/deploy'))).toBe(false);
    expect((await vault.get('stark')).console.pushed).toBeUndefined();
  });

  it('at rest, a session ended while reading the expected version back: the version is not claimed, nothing deployed', async () => {
    const double = await fx.start({ apps: app(flatAdsGroups(), false) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    double.inject({ method: 'GET', path: '/api/v1/app/deepsource/config/1', status: 401, body: '{"error":"session expired","success":false}' });
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'failed', verified: false, error: { code: 'CONSOLE_AUTH' } });
    expect(report.savedSequence).toBeUndefined();
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['login', 'done'], ['read', 'done'], ['save', 'done'], ['find-version', 'failed'], ['verify', 'not-started'], ['deploy', 'not-started'], ['follow', 'not-started'],
    ]);
    expect(double.requests.some((r) => r.path.endsWith('/deploy'))).toBe(false);
  });

  // Another admin saves in the console UI between our plan and our save, so ours is one number later than expected.
  it.each([
    // At rest the expected number is read first; it is theirs (our values are missing), so the history finds ours.
    { state: 'at rest', pending: false, saved: 2, readBack: ['GET /api/v1/app/deepsource/config/1', 'GET /api/v1/app/deepsource/versions', 'GET /api/v1/app/deepsource/config/2'] },
    // With a version pending, the expected number is never taken on trust: the version history comes first.
    { state: 'with a version pending', pending: true, saved: 3, readBack: ['GET /api/v1/app/deepsource/versions', 'GET /api/v1/app/deepsource/config/3'] },
  ])('console $state, another save between plan and save: ours is found, verified and deployed', async ({ pending, saved, readBack }) => {
    const double = await fx.start({ apps: app(flatAdsGroups(), pending) });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    double.editConfig('deepsource', { github_enabled: '1' });
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: saved, verified: true, deploy: { status: 'deployed', sequence: saved } });
    const lines = double.requests.map((r) => `${r.method} ${r.path}`);
    const put = lines.indexOf('PUT /api/v1/app/deepsource/config');
    expect(lines.slice(put + 1, lines.indexOf(`POST /api/v1/app/deepsource/sequence/${saved}/deploy`))).toEqual(readBack);
    expect(double.deployedSequence('deepsource')).toBe(saved);
    expect(double.decryptedValues('deepsource', saved)).toMatchObject({ ads_client_secret: CLIENT_SECRET, ads_enabled: '1' });
  });

  it('a failed deploy is reported with the saved and verified version', async () => {
    const double = await fx.start({ deployOutcome: 'failed' });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'failed', savedSequence: 2, verified: true, deploy: { status: 'failed', sequence: 2 }, error: { code: 'DEPLOY_FAILED' } });
    expect(report.steps.find((s) => s.step === 'follow')?.status).toBe('failed');
    expect(double.deployedSequence('deepsource')).toBe(0);
  });

  it('a slow deploy times out with DEPLOY_TIMEOUT and can then be followed to the end', async () => {
    const double = await fx.start({ deployDelayMs: 'manual' });
    const { vault } = await fx.makeVault(double.url);
    // The waits between polls pass on the service's clock; the deploy ends only once the follow has begun.
    let clock = Date.parse('2026-11-26T12:00:00Z');
    let following = false;
    const service = fx.makeService(vault, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        if (following) double.finishDeploys();
      },
    });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true, deployTimeoutSeconds: 0.3 });
    expect(report).toMatchObject({ outcome: 'failed', deploy: { status: 'timeout', lastSeen: 'deploying' }, error: { code: 'DEPLOY_TIMEOUT' } });
    const deploysBefore = double.requests.filter((r) => r.path.endsWith('/deploy')).length;
    following = true;
    const followed = await service.follow({ profileId: 'stark', sequence: 2, timeoutSeconds: 10 });
    expect(followed).toMatchObject({ outcome: 'done', deploy: { status: 'deployed' } });
    expect(double.requests.filter((r) => r.path.endsWith('/deploy'))).toHaveLength(deploysBefore);
    expect(await service.status({ profileId: 'stark', sequence: 2, access: byPassword(CONSOLE_PASSWORD) })).toMatchObject({ status: 'deployed', deployedSequence: 2 });
  });

  it('following a version the console does not have fails at once, listing the versions it has', async () => {
    const double = await fx.start();
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault, { defaultDeployTimeoutSeconds: 1800 });
    ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const error = await rejection(service.follow({ profileId: 'stark', sequence: 9 }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Version 9 is not in the version history of deepsource; its recent versions are 1 (pending), 0 (deployed). Nothing was followed.');
    expect(error.remedy).toContain('ads-setup push --profile stark --follow 1');
    expect(double.requests.filter((r) => r.path.endsWith('/versions'))).toHaveLength(1);
    expect(service.progress('stark').running).toBe(false);
  });
});

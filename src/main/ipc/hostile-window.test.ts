import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testAppInfo } from '../../../test/doubles/app-info';
import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { makeSelfSignedCert } from '../../../test/doubles/certificates';
import { CLIENT_SECRET, CONSOLE_PASSWORD, usePushFixture, WEBHOOK_SECRET, byPassword } from '../../../test/kots/push-fixture';
import { channels } from '../../shared/channels';
import type { Envelope } from '../../shared/errors';
import { BundleChannels } from '../bundle/bundle-channels';
import { BundleService } from '../bundle/bundle-service';
import type { TrustChange } from '../console/trust';
import { createHandlerTable } from '../handlers';
import type { BrowserListener, FrameOutcome, RegistrationBrowser } from '../registration/browser';
import { ProviderRegistry } from '../registration/providers';
import { RegistrationService } from '../registration/service';
import { maskSecret } from '../secrets/mask';
import { createDispatcher, TrustedSenders } from './dispatch';

/**
 * The window as the attacker (issue 12 §7): a compromised renderer calling the real dispatcher — the sender check,
 * the zod contract, the real handler table and services, the KOTS double on real HTTPS — exactly as the app's window
 * would. Every attempt must be refused, or reach the admin only as the main process's own question (a recording
 * stand-in of the native dialog that answers "keep").
 */

const fx = usePushFixture();
const WINDOW = 7;

class ClosedBrowser implements RegistrationBrowser {
  async open(_spec: { flowId: string; url: string }, _listener: BrowserListener) {}
  async close() {}
  back() {}
  reload() {}
  load() {}
  setBounds() {}
  focus() {}
  async runInTrustedFrames(): Promise<FrameOutcome[]> {
    return [];
  }
}

/** Profile "stark" trusted on console A (pinned, password remembered there), and the window's dispatcher. */
async function compromisedWindow() {
  const a = await fx.start({ tls: true });
  const b = await fx.start({ tls: true, password: 'attacker-password' });
  const { vault, secrets } = await fx.makeVault(a.url);
  const setup = fx.makeService(vault);
  expect((await setup.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD, true), trustFingerprint: a.fingerprint as string })).status).toBe('ready');
  setup.close();

  const asked: TrustChange[] = [];
  const service = fx.makeService(vault, { trust: { confirm: async (change) => (asked.push(change), false) } });
  const table = createHandlerTable({
    appInfo: testAppInfo(),
    vault,
    bundle: new BundleChannels(new BundleService({ vault, secrets: new MemorySecretStore() }), { chooseSavePath: async () => null, chooseOpenPath: async () => null }),
    console: service,
    registration: new RegistrationService({ providers: new ProviderRegistry(), browser: new ClosedBrowser(), randomId: () => `flow-${Math.random().toString(16).slice(2)}`, maskSecret, timing: { watchMs: 0 } }),
  });
  const trusted = new TrustedSenders();
  trusted.add(WINDOW);
  const dispatch = createDispatcher(table, trusted);
  const call = (channel: string, payload: unknown) => dispatch(WINDOW, channel, payload);
  const profile = await vault.get('stark');
  return { a, b, vault, secrets, asked, call, dispatch, pinned: a.fingerprint as string, before: profile };
}

const logins = (double: { requests: Array<{ path: string }> }) => double.requests.filter((r) => r.path === '/api/v1/login').length;
const writes = (double: { requests: Array<{ method: string; path: string }> }) => double.requests.filter((r) => r.method !== 'GET' && r.path !== '/api/v1/login');
const refusedWith = (answer: Envelope<unknown>, code: string) => expect(answer).toMatchObject({ ok: false, error: { code } });

describe('a hostile window, through the real dispatcher', () => {
  it('retargets the console with consolePlan (with and without a password of its own): the main process asks, nothing reaches B', async () => {
    const w = await compromisedWindow();
    refusedWith(await w.call('consolePlan', { profileId: 'stark', consoleUrl: w.b.url, trustFingerprint: w.b.fingerprint }), 'NEEDS_CONFIRMATION');
    refusedWith(await w.call('consolePlan', { profileId: 'stark', consoleUrl: w.b.url, access: byPassword('attacker-password'), trustFingerprint: w.b.fingerprint }), 'NEEDS_CONFIRMATION');
    expect(w.asked.map((c) => c.kind)).toEqual(['console', 'console']);
    expect(w.b.requests).toEqual([]);
    expect(await w.vault.get('stark')).toMatchObject({ console: w.before.console });
  });

  it('retargets the console through another route (kubectl to a context of its choosing): asked, refused, nothing run', async () => {
    const w = await compromisedWindow();
    refusedWith(await w.call('consolePlan', { profileId: 'stark', access: { via: 'kubectl', values: { context: 'attacker', namespace: 'kotsadm' } } }), 'NEEDS_CONFIRMATION');
    expect(w.asked).toEqual([expect.objectContaining({ kind: 'console', from: w.a.url, to: 'kotsadm via kubectl (context attacker, namespace kotsadm)' })]);
    // Nor is the remembered password sent on another route to the same address, nor a flag smuggled as a context.
    refusedWith(await w.call('consolePlan', { profileId: 'stark', access: { via: 'kubectl', values: { context: '--kubeconfig=/tmp/x' } } }), 'INVALID_INPUT');
    refusedWith(await w.call('consolePlan', { profileId: 'stark', access: { via: 'kubectl', values: { context: 'aks\u202eprod' } } }), 'INVALID_INPUT');
    refusedWith(await w.call('consolePlan', { profileId: 'stark', access: { via: 'authstring' } }), 'NEEDS_PASSWORD');
    expect(logins(w.a)).toBe(1);
    expect((await w.vault.get('stark')).console).toEqual(w.before.console);
  });

  it('retargets the console with profileUpdate: asked, refused, the profile unchanged, the next push still goes to A', async () => {
    const w = await compromisedWindow();
    refusedWith(await w.call('profileUpdate', { id: 'stark', patch: { consoleUrl: w.b.url } }), 'NEEDS_CONFIRMATION');
    expect(w.asked).toEqual([expect.objectContaining({ kind: 'console', to: w.b.url })]);
    expect((await w.vault.get('stark')).console).toEqual(w.before.console);
    const plan = await w.call('consolePlan', { profileId: 'stark' });
    expect(plan).toMatchObject({ ok: true, value: { status: 'ready', plan: { console: w.a.url } } });
    expect(w.b.requests).toEqual([]);
  });

  it('swaps the pin for a certificate of its choosing: not presented by A, refused without a question; presented by an interceptor, asked and refused', async () => {
    const w = await compromisedWindow();
    refusedWith(await w.call('consolePlan', { profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: w.b.fingerprint }), 'CONSOLE_TLS');
    expect(w.asked).toEqual([]);
    // Someone intercepts A's address with their own certificate; the window "trusts" it at once.
    const interceptor = makeSelfSignedCert();
    w.a.replaceCertificate(interceptor);
    const seenLogins = logins(w.a);
    const changed = await w.call('consolePlan', { profileId: 'stark' });
    expect(changed).toMatchObject({ ok: true, value: { status: 'needs-trust', reason: 'changed', fingerprint: interceptor.fingerprint, pinnedFingerprint: w.pinned } });
    refusedWith(await w.call('consolePlan', { profileId: 'stark', trustFingerprint: interceptor.fingerprint }), 'CERT_CHANGED');
    expect(w.asked).toEqual([expect.objectContaining({ kind: 'certificate', pinned: w.pinned, presented: interceptor.fingerprint })]);
    expect(logins(w.a)).toBe(seenLogins);
    expect((await w.vault.get('stark')).console.pinnedFingerprint).toBe(w.pinned);
  });

  it('swaps the CA (a profile edit or a plan naming a device file): asked and refused; the file is never opened', async () => {
    const w = await compromisedWindow();
    refusedWith(await w.call('profileUpdate', { id: 'stark', patch: { caFile: '/dev/zero' } }), 'NEEDS_CONFIRMATION');
    refusedWith(await w.call('consolePlan', { profileId: 'stark', caFile: '/dev/zero' }), 'NEEDS_CONFIRMATION');
    expect(w.asked.map((c) => c.kind)).toEqual(['ca', 'ca']);
    expect((await w.vault.get('stark')).console.caFile).toBeUndefined();
  });

  it('asks for raw secrets: no answer of any channel carries a secret, nor a digest of the console password', async () => {
    const w = await compromisedWindow();
    await w.call('webhookSecretGenerate', { profileId: 'stark' });
    const answers = [
      await w.call('profileList', {}),
      await w.call('profileGet', { id: 'stark' }),
      await w.call('secretStatus', { profileId: 'stark' }),
      await w.call('appInfo', {}),
      await w.call('consolePlan', { profileId: 'stark' }),
      await w.call('consoleProgress', { profileId: 'stark' }),
      await w.call('bundleSigningKey', {}),
      await w.call('secretSet', { profileId: 'stark', kind: 'client-secret', value: CLIENT_SECRET }),
    ];
    const webhook = (await w.vault.readSecret('stark', 'webhook-secret'));
    const wire = JSON.stringify(answers);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    for (const secret of [CLIENT_SECRET, WEBHOOK_SECRET, webhook, CONSOLE_PASSWORD]) expect(wire).not.toContain(secret);
    expect(wire).not.toContain(sha(CONSOLE_PASSWORD));
    expect(wire).toContain(sha(CLIENT_SECRET)); // the machine-made secret's digest is shown, for comparing captures
    expect(answers[2]).toMatchObject({ ok: true, value: { secrets: expect.arrayContaining([{ kind: 'console-password', present: true, secret: { length: CONSOLE_PASSWORD.length, masked: '••••••••' }, capturedAt: expect.any(String), boundTo: { origin: w.a.url, pinnedFingerprint: w.pinned } }]) } });
    // Channels that would hand out a secret do not exist; asking for more than the contract allows is malformed.
    for (const name of ['secretGet', 'secretReveal', 'readSecret', 'consolePassword']) refusedWith(await w.call(name, { profileId: 'stark', kind: 'client-secret' }), 'UNKNOWN_CHANNEL');
    refusedWith(await w.call('secretStatus', { profileId: 'stark', reveal: true }), 'BAD_REQUEST');
    refusedWith(await w.call('secretSet', { profileId: 'stark', kind: 'console-password', value: 'x' }), 'BAD_REQUEST');
  });

  it('replays stale ids: an ended registration flow, a forged one, and an old plan id are all refused; nothing is written', async () => {
    const w = await compromisedWindow();
    const started = await w.call('registrationStart', { profileId: 'stark' });
    expect(started.ok).toBe(true);
    const flowId = (started as { value: { flowId: string } }).value.flowId;
    expect((await w.call('registrationEnd', { flowId })).ok).toBe(true);
    refusedWith(await w.call('registrationExtract', { flowId }), 'NOT_FOUND');
    refusedWith(await w.call('registrationPick', { flowId, field: 'clientSecret' }), 'NOT_FOUND');
    expect(await w.call('registrationSave', { flowId })).toMatchObject({ ok: false });
    refusedWith(await w.call('registrationSave', { flowId: 'forged-flow-id' }), 'NOT_FOUND');
    // A window cannot name another installation (or the purpose) to save into: the flow's own is used.
    refusedWith(await w.call('registrationSave', { flowId, profileId: 'other', mode: 'rotate' }), 'BAD_REQUEST');
    refusedWith(await w.call('registrationStart', { profileId: 'stark', hostname: 'evil.example', provider: 'entra' }), 'BAD_REQUEST');
    expect(await w.vault.readSecret('stark', 'client-secret')).toBe(CLIENT_SECRET);

    refusedWith(await w.call('consoleApply', { profileId: 'stark', planId: 'f'.repeat(64), deploy: true }), 'NEEDS_CONFIRMATION');
    expect(writes(w.a)).toEqual([]);
    // A plan id already used: applying it again is refused (the console no longer matches it), nothing more is written.
    const plan = await w.call('consolePlan', { profileId: 'stark' });
    const planId = (plan as { value: { plan: { planId: string } } }).value.plan.planId;
    expect(await w.call('consoleApply', { profileId: 'stark', planId })).toMatchObject({ ok: true, value: { outcome: 'done' } });
    const written = writes(w.a).length;
    refusedWith(await w.call('consoleApply', { profileId: 'stark', planId, deploy: true }), 'NEEDS_CONFIRMATION');
    expect(writes(w.a)).toHaveLength(written);
  });

  it('exports a bundle without the admin choosing the file: the main process\'s dialog decides (here: cancelled), nothing is written', async () => {
    const w = await compromisedWindow();
    const answer = await w.call('bundleExport', { profileId: 'stark', recipient: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p' });
    expect(answer).toMatchObject({ ok: false });
    expect(existsSync(path.join(process.cwd(), 'ads-bundle-stark.tar'))).toBe(false);
  });

  it('calls from a page that is not the app window are refused before anything is parsed', async () => {
    const w = await compromisedWindow();
    for (const channel of channels) refusedWith(await w.dispatch(WINDOW + 1, channel, {}), 'UNTRUSTED_SENDER');
    expect(w.asked).toEqual([]);
  });
});

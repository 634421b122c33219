import { keychainValue } from '../../../test/doubles/memory-secret-store';
import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, CONSOLE_PASSWORD, ready, usePushFixture, WEBHOOK_SECRET, byPassword } from '../../../test/kots/push-fixture';
import type { PushProgress } from '../../shared/console';
import { createHandlerTable } from '../handlers';
import { BundleChannels } from '../bundle/bundle-channels';
import { BundleService } from '../bundle/bundle-service';
import { testAppInfo } from '../../../test/doubles/app-info';
import type { VaultService } from '../vault/vault';
import type { SecretStore } from '../vault/secret-store';
import type { ConsoleService } from './console-service';
import { invokeChannel } from '../ipc/dispatch';

const fx = usePushFixture();

/** The complete handler table, with the console push bound to the given service. */
function tableWith(vault: VaultService, secrets: SecretStore, service: ConsoleService) {
  const picker = { chooseSavePath: async () => null, chooseOpenPath: async () => null };
  return createHandlerTable({ appInfo: testAppInfo(), vault, bundle: new BundleChannels(new BundleService({ vault, secrets }), picker), console: service });
}

// What a window sees of a push: live progress while a deploy runs, and the push through the contract.
describe('console push: live progress', () => {
  it('while a deploy runs, every status poll shows in the progress; at the end it is no longer running', async () => {
    const double = await fx.start({ deployDelayMs: 'manual' });
    const { vault } = await fx.makeVault(double.url);
    const seen: PushProgress[] = [];
    // Each wait between two polls is a moment a window could ask: record what it would see then. The wait passes on
    // the service's own clock, and the deploy ends after the third poll.
    let clock = Date.parse('2026-11-26T12:00:00Z');
    const service: ConsoleService = fx.makeService(vault, {
      now: () => clock,
      sleep: async (ms) => {
        seen.push(service.progress('stark'));
        clock += ms;
        if (seen.length === 3) double.finishDeploys();
      },
    });
    expect(service.progress('stark')).toEqual({ running: false, steps: [] });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report.deploy.status).toBe('deployed');
    expect(seen).toHaveLength(3);
    for (const moment of seen) {
      expect(moment.running).toBe(true);
      expect(moment.steps.map((s) => s.step)).toEqual(['login', 'read', 'save', 'find-version', 'verify', 'deploy', 'follow']);
      expect(moment.deploy).toMatchObject({ sequence: 2, status: 'deploying', timeoutSeconds: 600 });
    }
    expect(seen.map((m) => m.deploy?.polls)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.at(-1)?.deploy?.elapsedSeconds).toBeGreaterThan(0);
    const last = service.progress('stark');
    expect(last).toMatchObject({ running: false, deploy: { status: 'deployed', polls: seen.length + 1 } });
    expect(last.steps.at(-1)).toMatchObject({ step: 'follow', status: 'done', detail: expect.stringMatching(/^version 2: deployed after [\d.]+ s$/) });
    expect(JSON.stringify(seen)).not.toContain(CLIENT_SECRET);
  });

  it('a follow after a timeout is live too, and the progress channel answers through the real dispatcher', async () => {
    const double = await fx.start({ deployDelayMs: 'manual' });
    const { vault, secrets } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const timedOut = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true, deployTimeoutSeconds: 0.2 });
    expect(timedOut.deploy.status).toBe('timeout');
    const table = tableWith(vault, secrets, service);
    const call = async (channel: 'consoleFollow' | 'consoleProgress', payload: unknown) => {
      const answer = await invokeChannel(table, channel, payload, { senderId: 1 });
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value as Record<string, unknown> & { deploy?: { status: string } };
    };
    const following = call('consoleFollow', { profileId: 'stark', sequence: 2, timeoutSeconds: 30 });
    await expect.poll(async () => (await call('consoleProgress', { profileId: 'stark' })).deploy?.status).toBe('deploying');
    expect(await call('consoleProgress', { profileId: 'stark' })).toMatchObject({ running: true, steps: [{ step: 'login' }, { step: 'follow' }], deploy: { sequence: 2, timeoutSeconds: 30 } });
    double.finishDeploys();
    expect(await following).toMatchObject({ outcome: 'done', deploy: { status: 'deployed' } });
    expect(await call('consoleProgress', { profileId: 'stark' })).toMatchObject({ running: false, deploy: { status: 'deployed' } });
    expect(double.requests.filter((r) => r.path.endsWith('/deploy'))).toHaveLength(1);
  });
});

describe('console push through the contract (what the renderer sees)', () => {
  it('answers with masked values only, and remembers the password in the keychain only when asked', async () => {
    const double = await fx.start();
    const { vault, secrets } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const table = tableWith(vault, secrets, service);
    const planned = await invokeChannel(table, 'consolePlan', { profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }, { senderId: 1 });
    expect(planned.ok).toBe(true);
    expect(await keychainValue(vault, secrets, 'stark', 'console-password')).toBeNull();
    const planId = planned.ok ? (planned.value as { plan: { planId: string } }).plan.planId : '';
    const applied = await invokeChannel(table, 'consoleApply', { profileId: 'stark', planId, deploy: true }, { senderId: 1 });
    expect(applied).toMatchObject({ ok: true, value: { outcome: 'done' } });
    const status = await invokeChannel(table, 'consoleStatus', { profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }, { senderId: 1 });
    expect(status).toMatchObject({ ok: true, value: { sequence: 2, status: 'deployed' } });
    for (const answer of [planned, applied, status]) {
      const text = JSON.stringify(answer);
      for (const secret of [CLIENT_SECRET, WEBHOOK_SECRET, CONSOLE_PASSWORD]) expect(text).not.toContain(secret);
    }
    const other = tableWith(vault, secrets, fx.makeService(vault));
    expect(await invokeChannel(other, 'consolePlan', { profileId: 'stark', access: byPassword(CONSOLE_PASSWORD, true) }, { senderId: 1 })).toMatchObject({ ok: true });
    expect(await keychainValue(vault, secrets, 'stark', 'console-password')).toBe(CONSOLE_PASSWORD);
    const third = tableWith(vault, secrets, fx.makeService(vault));
    expect(await invokeChannel(third, 'consolePlan', { profileId: 'stark' }, { senderId: 1 })).toMatchObject({ ok: true, value: { status: 'ready' } });
    expect(await invokeChannel(third, 'consolePlan', { profileId: 'stark', access: byPassword('x'), extra: 1 }, { senderId: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

import { describe, expect, it } from 'vitest';
import { recordingIo } from '../../../../test/doubles/cli-io';
import { CONSOLE_PASSWORD, usePushFixture } from '../../../../test/kots/push-fixture';
import type { VaultService } from '../../vault/vault';
import { runCli } from '../run';
import { createPushCommand } from './push';

/** Issue 22, finding 5: a console move that fails changes nothing; only a move that logged in is saved. */
const fx = usePushFixture();

async function push(vault: VaultService, argv: string[], env: Record<string, string> = {}) {
  const { io, out } = recordingIo({ env });
  const command = createPushCommand({ openVault: () => ({ vault }), serviceOptions: { pollIntervalMs: 40, backoffMs: 1, requestTimeoutMs: 3000 } });
  const code = await runCli(['push', ...argv], io, { version: '0.0.0-test', commands: [command] });
  return { code, ...out };
}

/** Profile "stark" established on console A, its certificate pinned. */
async function establishedOnA() {
  const a = await fx.start({ tls: true });
  const { vault } = await fx.makeVault(a.url);
  const first = await push(vault, ['--profile', 'stark', '--check', '--trust-fingerprint', a.fingerprint as string], { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD });
  expect(first.code, first.stderr).toBe(0);
  return { a, vault, before: (await vault.get('stark')).console };
}

describe('moving away from a pinned console (issue 22, finding 5)', () => {
  it('without a password: exit 3, no secret reaches the other console, and the profile still names the old one with its pin', async () => {
    const { a, vault, before } = await establishedOnA();
    expect(before).toMatchObject({ url: a.url, pinnedFingerprint: a.fingerprint, establishedAt: expect.any(String) });
    const b = await fx.start({ tls: true });

    const moved = await push(vault, ['--profile', 'stark', '--console', b.url, '--trust-fingerprint', b.fingerprint as string, '--check']);
    expect(moved.code).toBe(3);
    expect(b.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(b.requests.every((r) => r.authorization === undefined && r.body === '')).toBe(true);
    expect((await vault.get('stark')).console).toEqual(before);

    // So the next push without --console still goes to A, pinned, and is no first contact.
    const next = await push(vault, ['--profile', 'stark', '--check'], { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain(`Connected to ${a.url}`);
  });

  it('with a refused password or an untrusted certificate: nothing of the move is saved either', async () => {
    const { vault, before } = await establishedOnA();
    const b = await fx.start({ tls: true });
    const wrong = await push(vault, ['--profile', 'stark', '--console', b.url, '--trust-fingerprint', b.fingerprint as string, '--check'], { ADS_SETUP_CONSOLE_PASSWORD: 'not-the-password' });
    expect(wrong.code).toBe(3);
    expect((await vault.get('stark')).console).toEqual(before);
    const untrusted = await push(vault, ['--profile', 'stark', '--console', b.url, '--check'], { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD });
    expect(untrusted.code).toBe(4);
    expect((await vault.get('stark')).console).toEqual(before);
  });

  it('once the new console’s certificate is trusted and its login succeeded, the move is saved: new address, new pin, a new start', async () => {
    const { vault, before } = await establishedOnA();
    const b = await fx.start({ tls: true });
    const moved = await push(vault, ['--profile', 'stark', '--console', b.url, '--trust-fingerprint', b.fingerprint as string, '--check'], { ADS_SETUP_CONSOLE_PASSWORD: CONSOLE_PASSWORD });
    expect(moved.code, moved.stderr).toBe(0);
    const after = (await vault.get('stark')).console;
    expect(after).toMatchObject({ url: b.url, pinnedFingerprint: b.fingerprint });
    expect(after.establishedAt).not.toBe(before.establishedAt);
    expect(after.pushed).toBeUndefined();
  });
});

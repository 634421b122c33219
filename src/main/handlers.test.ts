import { describe, expect, it } from 'vitest';
import { keychainValue } from '../../test/doubles/memory-secret-store';
import { testHandlerTable } from '../../test/doubles/services';
import { useTempDirs } from '../../test/doubles/temp-dir';
import { invokeChannel } from './ipc/dispatch';

const tempDir = useTempDirs();
const context = { senderId: 1 };

function table() {
  return testHandlerTable(tempDir());
}

describe('vault channels', () => {
  it('create → set secret → status → list: every answer carries the secret only masked', async () => {
    const { table: t, secrets, vault } = table();
    const secret = 'Qx9~' + 'z'.repeat(30) + '~Tail';
    const answers = [
      await invokeChannel(t, 'profileCreate', { id: 'prod', label: 'Prod', hostname: 'ds.example.com', organization: 'Ex', provider: 'entra' }, context),
      await invokeChannel(t, 'secretSet', { profileId: 'prod', kind: 'client-secret', value: secret }, context),
      await invokeChannel(t, 'webhookSecretGenerate', { profileId: 'prod' }, context),
      await invokeChannel(t, 'secretStatus', { profileId: 'prod' }, context),
      await invokeChannel(t, 'profileList', {}, context),
      await invokeChannel(t, 'profileGet', { id: 'prod' }, context),
    ];
    for (const answer of answers) expect(answer.ok, JSON.stringify(answer)).toBe(true);
    const webhook = (await keychainValue(vault, secrets, 'prod', 'webhook-secret')) as string;
    const wire = JSON.stringify(answers);
    expect(wire).not.toContain(secret.slice(4, -4));
    expect(wire).not.toContain(webhook.slice(4, -4));
    expect(answers[1]).toMatchObject({ ok: true, value: { kind: 'client-secret', present: true, secret: { masked: 'Qx9~…Tail', length: secret.length } } });
  });

  it('update, forget and delete through the channels', async () => {
    const { table: t, secrets } = table();
    await invokeChannel(t, 'profileCreate', { id: 'p', label: 'P', hostname: 'ds.example.com', organization: 'Ex', provider: 'ado-oauth' }, context);
    expect(await invokeChannel(t, 'profileUpdate', { id: 'p', patch: { callbackTrailingSlash: true } }, context)).toMatchObject({
      ok: true,
      value: { callbackUrl: 'https://ds.example.com/accounts/ads/login/callback/bifrost/' },
    });
    await invokeChannel(t, 'webhookSecretGenerate', { profileId: 'p' }, context);
    expect(await invokeChannel(t, 'secretForget', { profileId: 'p' }, context)).toMatchObject({ ok: true });
    expect(await secrets.list()).toEqual([]);
    expect(await invokeChannel(t, 'profileDelete', { id: 'p' }, context)).toEqual({ ok: true, value: { deleted: 'p' } });
    expect(await invokeChannel(t, 'profileGet', { id: 'p' }, context)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['profileCreate', { label: 'P', hostname: 'https://x.com/path', organization: 'o', provider: 'entra' }, 'BAD_REQUEST'],
    ['profileCreate', { label: 'P', hostname: 'x.com', organization: 'o', provider: 'Git Hub' }, 'BAD_REQUEST'],
    ['profileGet', { id: '../../etc/passwd' }, 'BAD_REQUEST'],
    ['secretSet', { profileId: 'p', kind: 'signing-key', value: 'x' }, 'BAD_REQUEST'],
    ['secretSet', { profileId: 'p', kind: 'client-secret', value: 'x'.repeat(20000) }, 'BAD_REQUEST'],
    ['profileUpdate', { id: 'p', patch: { id: 'other' } }, 'BAD_REQUEST'],
  ] as const)('%s rejects %j with %s', async (channel, payload, code) => {
    const { table: t } = table();
    expect(await invokeChannel(t, channel, payload, context)).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses a provider the registry does not know, naming the ones it knows, and writes nothing', async () => {
    const { table: t } = table();
    const unknown = { ok: false, error: { code: 'UNKNOWN_PROVIDER', message: expect.stringMatching(/no provider "github"; it knows ado-oauth \(.+\), entra \(.+\)\.$/), remedy: expect.stringContaining('--provider ado-oauth or --provider entra') } };
    expect(await invokeChannel(t, 'profileCreate', { id: 'p', label: 'P', hostname: 'x.com', organization: 'o', provider: 'github' }, context)).toMatchObject(unknown);
    expect(await invokeChannel(t, 'profileGet', { id: 'p' }, context)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await invokeChannel(t, 'profileCreate', { id: 'p', label: 'P', hostname: 'x.com', organization: 'o', provider: 'entra' }, context);
    expect(await invokeChannel(t, 'profileUpdate', { id: 'p', patch: { provider: 'github' } }, context)).toMatchObject(unknown);
    expect(await invokeChannel(t, 'profileGet', { id: 'p' }, context)).toMatchObject({ ok: true, value: { profile: { provider: 'entra' } } });
  });

  it('lists the registry’s providers for the window, in registry order', async () => {
    const { table: t } = table();
    const listed = await invokeChannel(t, 'providerList', {}, context);
    expect(listed).toMatchObject({ ok: true, value: { providers: [{ id: 'ado-oauth', successor: 'entra', asksSecretExpiry: false }, { id: 'entra', asksSecretExpiry: true }] } });
  });

  it('reports a missing keychain as a typed error with a remedy', async () => {
    const { table: t, secrets } = table();
    await invokeChannel(t, 'profileCreate', { id: 'p', label: 'P', hostname: 'ds.example.com', organization: 'Ex', provider: 'entra' }, context);
    const { keychainError } = await import('./vault/keytar-store');
    secrets.failWith = keychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'linux');
    expect(await invokeChannel(t, 'webhookSecretGenerate', { profileId: 'p' }, context)).toMatchObject({
      ok: false,
      error: { code: 'NO_KEYCHAIN', remedy: expect.stringContaining('gnome-keyring') },
    });
    expect(await invokeChannel(t, 'profileGet', { id: 'p' }, context)).toMatchObject({ ok: true, value: { secrets: [], keychainProblem: { code: 'NO_KEYCHAIN' } } });
  });
});

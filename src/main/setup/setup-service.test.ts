import { describe, expect, it } from 'vitest';
import { keychainValue, MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import type { CheckedFor, RegistrationService } from '../registration/service';
import type { Capture } from '../vault/capture';
import { ProfileStore } from '../vault/profile-store';
import { VaultService } from '../vault/vault';
import { SetupService } from './setup-service';

const tempDir = useTempDirs();
const APP_ID = '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0';
const SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'x'.repeat(700)}`;

/** Stands in for the registration service: one captured flow, handed over like consumeCapture does. */
function fakeRegistration({ provider, callbackUrl, ...capture }: Capture & CheckedFor) {
  const calls: unknown[] = [];
  let taken = false;
  const registration = {
    consumeCapture: async <T>(_flowId: string, use: (c: Capture, checkedFor: CheckedFor) => Promise<T>) => {
      if (taken) throw new Error('already taken');
      const result = await use(capture, { provider, callbackUrl });
      taken = true;
      return result;
    },
    start: async (input: unknown) => {
      calls.push(input);
      return { flowId: 'f' } as never;
    },
  } as unknown as RegistrationService;
  return { registration, calls, wasTaken: () => taken };
}

async function setup(capture: Partial<Capture & CheckedFor> = {}) {
  const secrets = new MemorySecretStore();
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir: tempDir() }), secrets, now: () => new Date('2026-11-26T12:00:00Z') });
  await vault.create({ id: 'prod', label: 'Prod', hostname: 'ds.example.com', organization: 'Contoso', provider: 'ado-oauth' });
  const fake = fakeRegistration({
    provider: 'ado-oauth',
    appId: APP_ID,
    clientSecret: SECRET,
    authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x',
    authorityHost: 'app.vssps.visualstudio.com',
    callbackUrl: 'https://ds.example.com/accounts/ads/login/callback/bifrost',
    ...capture,
  });
  return { vault, secrets, ...fake, setup: new SetupService({ registration: () => fake.registration, vault }) };
}

describe('SetupService', () => {
  it('saves a capture into the profile and the keychain, with a webhook secret, and masks it in the answer', async () => {
    const { setup: service, vault, secrets, wasTaken } = await setup();
    const view = await service.saveCapture({ flowId: 'f', profileId: 'prod', mode: 'new' });
    expect(view.profile.azure).toMatchObject({ appId: APP_ID.toLowerCase(), authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x' });
    expect(await keychainValue(vault, secrets, 'prod', 'client-secret')).toBe(SECRET);
    expect(await keychainValue(vault, secrets, 'prod', 'webhook-secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(view)).not.toContain(SECRET.slice(10, 60));
    expect(wasTaken()).toBe(true);
  });

  it('refuses values captured for another provider or another callback, and keeps them', async () => {
    const other = await setup({ provider: 'entra' });
    await expect(other.setup.saveCapture({ flowId: 'f', profileId: 'prod', mode: 'new' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(other.wasTaken()).toBe(false);
    const callback = await setup({ callbackUrl: 'https://other.example.com/accounts/ads/login/callback/bifrost' });
    await expect(callback.setup.saveCapture({ flowId: 'f', profileId: 'prod', mode: 'new' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('expects https://ds.example.com/accounts/ads/login/callback/bifrost'),
    });
    expect(await callback.secrets.list()).toEqual([]);
  });

  it('a rotation opens the profile\'s own app and replaces only the client secret', async () => {
    const { setup: service, vault, secrets, calls } = await setup();
    await expect(service.startRotation('prod')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await service.saveCapture({ flowId: 'f', profileId: 'prod', mode: 'new' });
    const webhook = await keychainValue(vault, secrets, 'prod', 'webhook-secret');
    await service.startRotation('prod');
    expect(calls).toEqual([{ provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso', trailingSlash: false, rotateAppId: APP_ID.toLowerCase() }]);

    const rotated = fakeRegistration({
      provider: 'ado-oauth', appId: APP_ID, clientSecret: 'rotated-' + SECRET, authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x',
      authorityHost: 'app.vssps.visualstudio.com', callbackUrl: 'https://ds.example.com/accounts/ads/login/callback/bifrost',
    });
    await new SetupService({ registration: () => rotated.registration, vault }).saveCapture({ flowId: 'f', profileId: 'prod', mode: 'rotate', clientSecretExpiresOn: '2027-01-01' });
    expect(await keychainValue(vault, secrets, 'prod', 'client-secret')).toBe('rotated-' + SECRET);
    expect(await keychainValue(vault, secrets, 'prod', 'webhook-secret')).toBe(webhook);
    expect((await vault.get('prod')).azure.clientSecretExpiresOn).toBe('2027-01-01');
  });
});

import { describe, expect, it } from 'vitest';
import { keychainValue, MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import type { CaptureOwner, RegistrationService, RegistrationTarget } from '../registration/service';
import type { Capture } from '../vault/capture';
import { ProfileStore } from '../vault/profile-store';
import { VaultService } from '../vault/vault';
import { UNPROBED_AUDIENCE } from '../registration/audience';
import type { DeepSourceProbe } from '../signin/probe';
import { SetupService } from './setup-service';

const tempDir = useTempDirs();
const APP_ID = '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0';
const SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'x'.repeat(700)}`;

/**
 * Stands in for the registration service: one captured flow, handed over with its owner as consumeCapture does, and
 * the open/discard bookkeeping of the real one (service.test.ts covers the real one's).
 */
function fakeRegistration(owner: CaptureOwner, capture: Capture) {
  const started: RegistrationTarget[] = [];
  const discarded: string[] = [];
  let taken = false;
  let open = false;
  const registration = {
    consumeCapture: async <T>(_flowId: string, use: (c: Capture, o: CaptureOwner) => Promise<T>) => {
      if (taken) throw new Error('already taken');
      const result = await use(capture, owner);
      taken = true;
      return result;
    },
    start: async (input: RegistrationTarget) => {
      started.push(input);
      open = true;
      return { flowId: 'f' } as never;
    },
    isOpenFor: (profileId: string) => open && profileId === owner.profileId,
    discardFlowsOf: async (profileId: string) => {
      discarded.push(profileId);
    },
  } satisfies Pick<RegistrationService, 'consumeCapture' | 'start' | 'isOpenFor' | 'discardFlowsOf'>;
  return { registration: registration as unknown as RegistrationService, started, discarded, wasTaken: () => taken, close: () => (open = false) };
}

const CAPTURE: Capture = {
  appId: APP_ID,
  clientSecret: SECRET,
  authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x',
  authorityHost: 'app.vssps.visualstudio.com',
};

async function setup(owner: CaptureOwner = { profileId: 'prod', purpose: 'new' }, capture: Capture = CAPTURE) {
  const secrets = new MemorySecretStore();
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir: tempDir() }), secrets, now: () => new Date('2026-11-26T12:00:00Z') });
  await vault.create({ id: 'prod', label: 'Prod', hostname: 'ds.example.com', organization: 'Contoso', provider: 'ado-oauth' });
  await vault.create({ id: 'test', label: 'Test', hostname: 'test.example.com', organization: 'Contoso', provider: 'entra' });
  const fake = fakeRegistration(owner, capture);
  return { vault, secrets, ...fake, setup: new SetupService({ registration: fake.registration, vault }) };
}

describe('SetupService', () => {
  it('starts a flow from the installation itself: provider, host name, organization and callback form', async () => {
    const { setup: service, started, vault } = await setup();
    await vault.update('test', { callbackTrailingSlash: true });
    await service.startRegistration('test');
    expect(started).toEqual([{ profileId: 'test', provider: 'entra', hostname: 'test.example.com', org: 'Contoso', trailingSlash: true, audience: UNPROBED_AUDIENCE }]);
    await expect(service.startRegistration('gone')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('registers an Entra app with the account type and callback form the probe of DeepSource’s login decided', async () => {
    const { vault, registration, started } = await setup();
    const decision = { audience: 'AzureADMyOrg' as const, tenantPath: 'tenant' as const, why: 'DeepSource sends users to its tenant.' };
    const looked: string[] = [];
    const probe = { look: async (p: { id: string }) => (looked.push(p.id), { observed: null, decision, callbackTrailingSlash: true }) } as unknown as DeepSourceProbe;
    const service = new SetupService({ registration, vault, probe });
    await service.startRegistration('test');
    expect(started).toEqual([{ profileId: 'test', provider: 'entra', hostname: 'test.example.com', org: 'Contoso', trailingSlash: true, audience: decision }]);
    expect((await vault.get('test')).callbackTrailingSlash).toBe(true);
    // A legacy app has no account type: its DeepSource is not looked at for it.
    await service.startRegistration('prod');
    expect(looked).toEqual(['test']);
    expect(started[1]).toMatchObject({ profileId: 'prod', audience: UNPROBED_AUDIENCE });
  });

  it('saves a capture into the installation its flow was started for, with a webhook secret, masked in the answer', async () => {
    const { setup: service, vault, secrets, wasTaken } = await setup();
    const view = await service.saveCapture({ flowId: 'f' });
    expect(view.profile.id).toBe('prod');
    expect(view.profile.azure).toMatchObject({ appId: APP_ID.toLowerCase(), authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x' });
    expect(await keychainValue(vault, secrets, 'prod', 'client-secret')).toBe(SECRET);
    expect(await keychainValue(vault, secrets, 'prod', 'webhook-secret')).toMatch(/^[0-9a-f]{64}$/);
    expect((await vault.get('test')).azure.appId).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain(SECRET.slice(10, 60));
    expect(wasTaken()).toBe(true);
  });

  it('an installation removed meanwhile: the save fails NOT_FOUND and the values are kept for another try', async () => {
    const { setup: service, vault, wasTaken } = await setup();
    await vault.delete('prod');
    await expect(service.saveCapture({ flowId: 'f' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(wasTaken()).toBe(false);
    await vault.create({ id: 'prod', label: 'Prod', hostname: 'ds.example.com', organization: 'Contoso', provider: 'ado-oauth' });
    await expect(service.saveCapture({ flowId: 'f' })).resolves.toMatchObject({ profile: { id: 'prod' } });
  });

  it('a rotation opens the installation\'s own app and replaces only the client secret', async () => {
    const { setup: service, vault, secrets, started } = await setup();
    await expect(service.startRotation('prod')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await service.saveCapture({ flowId: 'f' });
    const webhook = await keychainValue(vault, secrets, 'prod', 'webhook-secret');
    await service.startRotation('prod');
    expect(started).toEqual([{ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso', trailingSlash: false, rotateAppId: APP_ID.toLowerCase() }]);

    const rotated = fakeRegistration({ profileId: 'prod', purpose: 'rotate' }, { ...CAPTURE, clientSecret: 'rotated-' + SECRET });
    await new SetupService({ registration: rotated.registration, vault }).saveCapture({ flowId: 'f', clientSecretExpiresOn: '2027-01-01' });
    expect(await keychainValue(vault, secrets, 'prod', 'client-secret')).toBe('rotated-' + SECRET);
    expect(await keychainValue(vault, secrets, 'prod', 'webhook-secret')).toBe(webhook);
    expect((await vault.get('prod')).azure.clientSecretExpiresOn).toBe('2027-01-01');
  });

  it('what a registration is checked against cannot change while its browser is open; once closed, its flows go', async () => {
    const { setup: service, vault, discarded, close } = await setup();
    await service.startRegistration('prod');
    for (const patch of [{ hostname: 'other.example.com' }, { provider: 'entra' as const }, { callbackTrailingSlash: true }]) {
      await expect(service.updateProfile('prod', patch)).rejects.toMatchObject({ code: 'INVALID_INPUT', remedy: expect.stringContaining('Close the built-in browser') });
    }
    expect((await vault.get('prod')).hostname).toBe('ds.example.com');
    // Other edits, the same values again, and other installations are not held up.
    await expect(service.updateProfile('prod', { label: 'Production', hostname: 'ds.example.com' })).resolves.toMatchObject({ profile: { label: 'Production' } });
    await expect(service.updateProfile('test', { hostname: 'test2.example.com' })).resolves.toMatchObject({ profile: { hostname: 'test2.example.com' } });
    expect(discarded).toEqual(['test']);
    close();
    await expect(service.updateProfile('prod', { hostname: 'other.example.com' })).resolves.toMatchObject({ profile: { hostname: 'other.example.com' } });
    expect(discarded).toEqual(['test', 'prod']);
  });

  it('without a built-in browser (the CLI) registration says so, and edits need no flow bookkeeping', async () => {
    const { vault } = await setup();
    const service = new SetupService({ registration: undefined, vault });
    await expect(service.startRegistration('prod')).rejects.toMatchObject({ code: 'BROWSER_UNAVAILABLE' });
    await expect(service.updateProfile('prod', { hostname: 'other.example.com' })).resolves.toMatchObject({ profile: { hostname: 'other.example.com' } });
  });
});

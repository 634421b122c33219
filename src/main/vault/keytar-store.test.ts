import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_HELP_SECTION, keychainError, KeytarSecretStore, type KeytarApi } from './keytar-store';

/**
 * These run against the real Secret Service that `npm test` starts (gnome-keyring in a throwaway D-Bus session,
 * scripts/with-keyring.sh). Each test uses its own keychain service name, so runs never see each other's entries.
 */
const hasSessionBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);

function freshStore(): KeytarSecretStore {
  return new KeytarSecretStore({ service: `ads-setup-test-${randomBytes(6).toString('hex')}` });
}

describe('KeytarSecretStore on a real gnome-keyring', () => {
  it('has a session bus (run through `npm test` or scripts/with-keyring.sh)', () => {
    expect(hasSessionBus, 'DBUS_SESSION_BUS_ADDRESS is unset: start the tests with `npm test` or `bash scripts/with-keyring.sh npx vitest`').toBe(true);
  });

  it('sets, gets, overwrites, lists and deletes', async () => {
    const store = freshStore();
    const long = 'eyJ' + 'x'.repeat(755);
    expect(await store.get('prod', 'client-secret')).toBeNull();
    await store.set('prod', 'client-secret', long);
    expect(await store.get('prod', 'client-secret')).toBe(long);
    await store.set('prod', 'client-secret', 'Zm9v~bar.baz_ü');
    expect(await store.get('prod', 'client-secret')).toBe('Zm9v~bar.baz_ü');
    await store.set('prod', 'webhook-secret', 'a'.repeat(64));
    await store.set('_global', 'signing-key', 'PRIVATE');
    expect((await store.list()).sort((a, b) => `${a.scope}${a.kind}`.localeCompare(`${b.scope}${b.kind}`))).toEqual([
      { scope: '_global', kind: 'signing-key' },
      { scope: 'prod', kind: 'client-secret' },
      { scope: 'prod', kind: 'webhook-secret' },
    ]);
    expect(await store.delete('prod', 'client-secret')).toBe(true);
    expect(await store.delete('prod', 'client-secret')).toBe(false);
    expect(await store.get('prod', 'client-secret')).toBeNull();
  });

  it('keeps two profiles and two services apart', async () => {
    const store = freshStore();
    const other = freshStore();
    await store.set('staging', 'client-secret', 'staging-secret');
    await store.set('prod', 'client-secret', 'prod-secret');
    await other.set('prod', 'client-secret', 'other-service-secret');
    expect(await store.get('staging', 'client-secret')).toBe('staging-secret');
    expect(await store.get('prod', 'client-secret')).toBe('prod-secret');
    await store.delete('staging', 'client-secret');
    expect(await store.get('prod', 'client-secret')).toBe('prod-secret');
    expect(await other.list()).toEqual([{ scope: 'prod', kind: 'client-secret' }]);
  });
});

describe('keychain errors', () => {
  it.each([
    'Cannot autolaunch D-Bus without X11 $DISPLAY',
    'The name org.freedesktop.secrets was not provided by any .service files',
    'Cannot create an item in a locked collection',
    'A specified logon session does not exist. It may already have been terminated.',
    'User interaction is not allowed.',
  ])('turns "%s" into NO_KEYCHAIN with a platform remedy', (message) => {
    const error = keychainError(new Error(message), 'linux');
    expect(error.code).toBe('NO_KEYCHAIN');
    expect(error.remedy).toContain('gnome-keyring');
    expect(keychainError(new Error(message), 'darwin').remedy).toContain('Keychain Access');
    expect(keychainError(new Error(message), 'win32').remedy).toContain('Credential Manager');
    // Every platform's remedy points at the README section that shows a keychain without a desktop.
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(keychainError(new Error(message), platform).remedy).toContain(`See "${KEYCHAIN_HELP_SECTION}" in the README.`);
    }
  });

  it('never carries the underlying message (it may name the account or value)', () => {
    const error = keychainError(new Error('weird failure for prod/client-secret value=hunter2'), 'linux');
    expect(error.code).toBe('KEYCHAIN_FAILED');
    expect(`${error.message} ${error.remedy}`).not.toMatch(/hunter2|prod\/client-secret/);
  });

  it('fails closed on a locked Secret Service that answers reads with "nothing stored" (no prompt possible)', async () => {
    const locked: KeytarApi = {
      getPassword: async () => null,
      setPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
      deletePassword: async () => false,
      findCredentials: async () => [],
    };
    const store = new KeytarSecretStore({ loadKeytar: async () => locked, platform: 'linux' });
    await expect(store.get('p', 'client-secret')).rejects.toMatchObject({ code: 'NO_KEYCHAIN' });
    // A keychain that accepts the probe but keeps nothing is no keychain either.
    const forgetful = new KeytarSecretStore({ loadKeytar: async () => ({ ...locked, setPassword: async () => undefined }), platform: 'linux' });
    await expect(forgetful.get('p', 'client-secret')).rejects.toMatchObject({ code: 'NO_KEYCHAIN' });
  });

  it('fails closed when keytar itself cannot load', async () => {
    const store = new KeytarSecretStore({ loadKeytar: () => Promise.reject(new Error("Cannot find module 'keytar'")) });
    await expect(store.set('p', 'client-secret', 'x')).rejects.toMatchObject({ code: 'NO_KEYCHAIN' });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainValue, MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { nodeAtomicFs } from '../files/atomic-file';
import { ProfileStore } from './profile-store';
import { VaultService } from './vault';

const tempDir = useTempDirs();
const APP_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const CLIENT_SECRET = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'A'.repeat(700);
const AUTHORIZE_URL = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${APP_ID}`;

function makeVault(now = new Date('2026-11-26T12:00:00Z')) {
  const dataDir = tempDir();
  const secrets = new MemorySecretStore();
  let clock = now;
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets, now: () => clock });
  return { vault, secrets, dataDir, setNow: (d: Date) => (clock = d) };
}

const input = { label: 'Stark Production', hostname: 'DeepSource.Stark.com', organization: 'Stark International', provider: 'ado-oauth' as const };

describe('VaultService profiles', () => {
  it('creates a profile with derived id, defaults and callback URL', async () => {
    const { vault } = makeVault();
    const view = await vault.create(input);
    expect(view.profile).toMatchObject({
      id: 'stark-production',
      hostname: 'deepsource.stark.com',
      hostDomain: 'dev.azure.com',
      authorityHost: 'app.vssps.visualstudio.com',
      callbackTrailingSlash: false,
    });
    expect(view.callbackUrl).toBe('https://deepsource.stark.com/accounts/ads/login/callback/bifrost');
    expect(view.secrets.map((s) => [s.kind, s.present])).toEqual([
      ['client-secret', false],
      ['webhook-secret', false],
      ['console-password', false],
    ]);
    expect((await vault.create(input)).profile.id).toBe('stark-production-2');
  });

  it('uses the Entra authority by default and refuses a duplicate explicit id', async () => {
    const { vault } = makeVault();
    const view = await vault.create({ ...input, id: 'prod', provider: 'entra', tenantId: APP_ID });
    expect(view.profile.authorityHost).toBe('login.microsoftonline.com');
    await expect(vault.create({ ...input, id: 'prod' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('updates fields and switches the callback form', async () => {
    const { vault } = makeVault();
    await vault.create({ ...input, id: 'p' });
    const view = await vault.update('p', { callbackTrailingSlash: true, consoleUrl: 'https://console.stark.com:8800', appSlug: 'deepsource' });
    expect(view.callbackUrl).toBe('https://deepsource.stark.com/accounts/ads/login/callback/bifrost/');
    expect(view.profile.console).toEqual({ url: 'https://console.stark.com:8800', appSlug: 'deepsource' });
    await expect(vault.update('nope', { label: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each(['http://x', 'x/y', 'deep source.com', 'a'.repeat(300), 'host:99999', 'user@host', '-bad.com', 'https://deepsource.com', '10.0.0.1'])(
    'rejects the hostname %j',
    async (hostname) => {
      const { vault } = makeVault();
      await expect(vault.create({ ...input, hostname })).rejects.toThrow();
      expect((await vault.list()).profiles).toEqual([]);
    },
  );

  it('accepts a hostname with a port', async () => {
    const { vault } = makeVault();
    expect((await vault.create({ ...input, hostname: 'ds.internal.example:8443' })).callbackUrl).toBe(
      'https://ds.internal.example:8443/accounts/ads/login/callback/bifrost',
    );
  });

  it('deletes the profile together with its keychain entries, leaving others alone', async () => {
    const { vault, secrets } = makeVault();
    await vault.create({ ...input, id: 'a' });
    await vault.create({ ...input, id: 'b' });
    await vault.setSecret('a', 'client-secret', CLIENT_SECRET);
    await vault.generateWebhookSecret('b');
    await vault.delete('a');
    expect(await secrets.list()).toEqual([{ scope: (await vault.get('b')).keychainKey, kind: 'webhook-secret' }]);
    expect((await vault.list()).profiles.map((v) => v.profile.id)).toEqual(['b']);
  });

  it('keeps the profile when the keychain refuses the delete', async () => {
    const { vault, secrets } = makeVault();
    await vault.create({ ...input, id: 'a' });
    secrets.failWith = new Error('keychain gone');
    await expect(vault.delete('a')).rejects.toThrow();
    secrets.failWith = null;
    expect((await vault.view('a')).profile.id).toBe('a');
  });
});

describe('VaultService secrets', () => {
  it('stores a secret only in the keychain and reports it masked', async () => {
    const { vault, secrets, dataDir } = makeVault();
    await vault.create({ ...input, id: 'p' });
    const status = await vault.setSecret('p', 'client-secret', CLIENT_SECRET);
    expect(status).toMatchObject({ kind: 'client-secret', present: true, secret: { length: CLIENT_SECRET.length, masked: 'eyJ0…AAAA' } });
    expect(await keychainValue(vault, secrets, 'p', 'client-secret')).toBe(CLIENT_SECRET);
    const files = readdirSync(path.join(dataDir, 'profiles'));
    for (const file of files) expect(readFileSync(path.join(dataDir, 'profiles', file), 'utf8')).not.toContain(CLIENT_SECRET.slice(40, 80));
  });

  it.each(['', 'line\nbreak', 'x'.repeat(20000)])('refuses the secret %#', async (value) => {
    const { vault } = makeVault();
    await vault.create({ ...input, id: 'p' });
    await expect(vault.setSecret('p', 'client-secret', value)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('generates a 64-hex webhook secret, different each time', async () => {
    const { vault, secrets } = makeVault();
    await vault.create({ ...input, id: 'p' });
    await vault.generateWebhookSecret('p');
    const first = await keychainValue(vault, secrets, 'p', 'webhook-secret');
    await vault.generateWebhookSecret('p');
    const second = await keychainValue(vault, secrets, 'p', 'webhook-secret');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
  });

  it('forgets all secrets of one profile only', async () => {
    const { vault, secrets } = makeVault();
    await vault.create({ ...input, id: 'a' });
    await vault.create({ ...input, id: 'b' });
    await vault.generateWebhookSecret('a');
    await vault.generateWebhookSecret('b');
    const view = await vault.forgetSecrets('a');
    expect(view.secrets.every((s) => !s.present)).toBe(true);
    expect(view.profile.secrets).toEqual({});
    expect(await secrets.list()).toEqual([{ scope: (await vault.get('b')).keychainKey, kind: 'webhook-secret' }]);
  });

  it('fails closed when the keychain is unavailable: nothing is written anywhere', async () => {
    const { vault, secrets } = makeVault();
    await vault.create({ ...input, id: 'p' });
    secrets.failWith = Object.assign(new Error('no keychain'), {});
    await expect(vault.setSecret('p', 'client-secret', CLIENT_SECRET)).rejects.toThrow();
    secrets.failWith = null;
    expect((await vault.view('p')).profile.secrets).toEqual({});
    expect(await secrets.list()).toEqual([]);
  });

  it('puts the old secret back when the profile cannot be saved', async () => {
    const { vault, secrets, dataDir } = makeVault();
    await vault.create({ ...input, id: 'p' });
    await vault.setSecret('p', 'client-secret', 'old-secret-value-that-works');
    const diskFull = new VaultService({
      profiles: new ProfileStore({ dataDir, fs: { ...nodeAtomicFs, rename: async () => Promise.reject(new Error('ENOSPC')) } }),
      secrets,
    });
    await expect(diskFull.setSecret('p', 'client-secret', 'new-secret-value-that-fails')).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(await keychainValue(vault, secrets, 'p', 'client-secret')).toBe('old-secret-value-that-works');
    await expect(diskFull.generateWebhookSecret('p')).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(await keychainValue(vault, secrets, 'p', 'webhook-secret')).toBeNull();
  });
});

describe('VaultService captures and expiry', () => {
  it('records a new capture with a generated webhook secret and the 60-day ADO expiry', async () => {
    const { vault, secrets, setNow } = makeVault(new Date('2026-11-26T12:00:00Z'));
    await vault.create({ ...input, id: 'p' });
    const view = await vault.applyCapture('p', { appId: APP_ID, authorizeUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize?client_id=x', clientSecret: CLIENT_SECRET }, 'new');
    expect(view.profile.azure.appId).toBe(APP_ID);
    expect(await keychainValue(vault, secrets, 'p', 'webhook-secret')).toMatch(/^[0-9a-f]{64}$/);
    const client = view.secrets.find((s) => s.kind === 'client-secret');
    expect(client).toMatchObject({ present: true, expiresAt: '2027-01-25T12:00:00.000Z', expiresInDays: 60 });
    expect(client?.warning).toBeUndefined();

    setNow(new Date('2027-01-15T12:00:00Z'));
    expect((await vault.secretStatuses('p'))[0]).toMatchObject({ expiresInDays: 10, warning: 'expiring-soon' });
    setNow(new Date('2027-01-26T12:00:00Z'));
    expect((await vault.secretStatuses('p'))[0]).toMatchObject({ expiresInDays: -1, warning: 'expired' });
  });

  it('uses the date the admin entered instead of the default', async () => {
    const { vault } = makeVault(new Date('2026-11-26T12:00:00Z'));
    await vault.create({ ...input, id: 'p', secretExpires: '2026-12-05' });
    await vault.setSecret('p', 'client-secret', CLIENT_SECRET);
    expect((await vault.secretStatuses('p'))[0]).toMatchObject({ expiresAt: '2026-12-05T23:59:59.000Z', expiresInDays: 10, warning: 'expiring-soon' });
  });

  it('rotation replaces only the client secret of the same app', async () => {
    const { vault, secrets } = makeVault();
    await vault.create({ ...input, id: 'p' });
    await vault.applyCapture('p', { appId: APP_ID, clientSecret: CLIENT_SECRET, authorizeUrl: AUTHORIZE_URL }, 'new');
    const webhook = await keychainValue(vault, secrets, 'p', 'webhook-secret');
    await expect(vault.applyCapture('p', { appId: 'ffffffff-4b5a-6978-8796-a5b4c3d2e1f0', clientSecret: 'other-secret-value-0123456789', authorizeUrl: AUTHORIZE_URL }, 'rotate')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await keychainValue(vault, secrets, 'p', 'client-secret')).toBe(CLIENT_SECRET);
    await vault.applyCapture('p', { appId: APP_ID.toUpperCase(), clientSecret: 'rotated-secret-value-0123456789', authorizeUrl: AUTHORIZE_URL }, 'rotate');
    expect(await keychainValue(vault, secrets, 'p', 'client-secret')).toBe('rotated-secret-value-0123456789');
    expect(await keychainValue(vault, secrets, 'p', 'webhook-secret')).toBe(webhook);
    expect((await vault.view('p')).profile.azure.appId).toBe(APP_ID);
  });
});

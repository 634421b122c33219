import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import type { SecretKind } from '../../shared/profile';
import { KeytarSecretStore } from './keytar-store';
import { legacyKeychainKey } from './profile-migrations';
import { ProfileStore } from './profile-store';
import type { SecretStore } from './secret-store';
import { VaultService } from './vault';
import { ConsoleState } from '../console/console-state';

const tempDir = useTempDirs();
const CLIENT_SECRET = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'C'.repeat(300);
const WEBHOOK_SECRET = 'ab12'.repeat(16);
const CONSOLE_PASSWORD = 'kots-Admin-pw-1';
const input = { id: 'prod', label: 'Prod', hostname: 'deepsource.stark.com', organization: 'Stark', provider: 'ado-oauth' as const };

function vaultOn(dataDir: string, secrets: SecretStore) {
  return new VaultService({ profiles: new ProfileStore({ dataDir }), secrets });
}

describe('keychain entries belong to one profile’s life', () => {
  it('a damaged profile set aside and created again starts with no secrets (nothing inherited)', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const vault = vaultOn(dataDir, secrets);
    await vault.create(input);
    await vault.setSecret('prod', 'client-secret', CLIENT_SECRET);
    await vault.generateWebhookSecret('prod');
    writeFileSync(path.join(dataDir, 'profiles', 'prod.json'), '{"schemaVersion": 2, "id": "prod", trunc');
    expect((await vault.list()).problems).toHaveLength(1);

    const again = await vault.create(input);
    expect(again.secrets.map((s) => [s.kind, s.present])).toEqual([
      ['client-secret', false],
      ['webhook-secret', false],
      ['console-password', false],
    ]);
    await expect(vault.readSecret('prod', 'client-secret')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The old entries stay with the kept-aside file (repairing it and moving it back finds them again).
    expect(await secrets.list()).toHaveLength(2);
  });

  it('a second data folder with the same profile id shares no keychain entry', async () => {
    const secrets = new MemorySecretStore();
    const first = vaultOn(tempDir(), secrets);
    const second = vaultOn(tempDir(), secrets);
    await first.create(input);
    await first.setSecret('prod', 'client-secret', CLIENT_SECRET);
    await second.create(input);
    expect((await second.view('prod')).secrets.every((s) => !s.present)).toBe(true);
    await second.setSecret('prod', 'client-secret', 'another-secret-value-for-the-other-folder');
    expect(await first.readSecret('prod', 'client-secret')).toBe(CLIENT_SECRET);
  });

  it('a profile deleted and created again gets a new key', async () => {
    const secrets = new MemorySecretStore();
    const vault = vaultOn(tempDir(), secrets);
    const before = (await vault.create(input)).profile.keychainKey;
    await vault.delete('prod');
    const after = (await vault.create(input)).profile.keychainKey;
    expect(after).toMatch(/^p_[0-9a-f]{32}$/);
    expect(after).not.toBe(before);
  });
});

/** A schema-1 profile file as the previous app wrote it, with its console pinned and the password remembered. */
function writeVersion1(dataDir: string): void {
  const now = '2026-11-20T10:00:00.000Z';
  mkdirSync(path.join(dataDir, 'profiles'), { recursive: true });
  const document = {
    schemaVersion: 1,
    ...input,
    callbackTrailingSlash: false,
    hostDomain: 'dev.azure.com',
    authorityHost: 'app.vssps.visualstudio.com',
    console: { url: 'https://console.stark.com:8800', pinnedFingerprint: `${'AB:'.repeat(31)}AB` },
    azure: {},
    secrets: { 'client-secret': { capturedAt: now }, 'webhook-secret': { capturedAt: now }, 'console-password': { capturedAt: now } },
    consoleItems: {},
    createdAt: now,
    updatedAt: now,
  };
  writeFileSync(path.join(dataDir, 'profiles', 'prod.json'), JSON.stringify(document));
}

const LEGACY: Array<[SecretKind, string]> = [
  ['client-secret', CLIENT_SECRET],
  ['webhook-secret', WEBHOOK_SECRET],
  ['console-password', CONSOLE_PASSWORD],
];

/** The real store, failing like a crash after `budget` writes or deletes (a process killed mid-migration). */
function crashingAfter(store: SecretStore, budget: number): SecretStore {
  let left = budget;
  const spend = () => {
    if (left-- <= 0) throw new Error('killed');
  };
  return {
    get: (scope, kind) => store.get(scope, kind),
    list: () => store.list(),
    set: async (scope, kind, value) => {
      spend();
      await store.set(scope, kind, value);
    },
    delete: async (scope, kind) => {
      spend();
      return store.delete(scope, kind);
    },
  };
}

describe('migrating `<profile id>/<kind>` entries on a real gnome-keyring', () => {
  it('moves every entry under the new key, binds the remembered password to its console, and leaves no old account', async () => {
    const dataDir = tempDir();
    const store = new KeytarSecretStore({ service: `ads-setup-test-${randomBytes(6).toString('hex')}` });
    writeVersion1(dataDir);
    for (const [kind, value] of LEGACY) await store.set('prod', kind, value);

    const vault = vaultOn(dataDir, store);
    const profile = await vault.get('prod');
    expect(profile.keychainKey).toBe(legacyKeychainKey(path.resolve(dataDir), 'prod', '2026-11-20T10:00:00.000Z'));
    expect(profile.keychainMove).toBeUndefined();
    expect(profile.secrets['console-password']?.boundTo).toEqual({ origin: 'https://console.stark.com:8800', pinnedFingerprint: `${'AB:'.repeat(31)}AB` });
    expect(profile.console.establishedAt).toBeDefined();
    expect(await vault.readSecret('prod', 'client-secret')).toBe(CLIENT_SECRET);
    expect(await vault.readSecret('prod', 'webhook-secret')).toBe(WEBHOOK_SECRET);
    expect(await new ConsoleState(vault).remembered(profile, { origin: 'https://console.stark.com:8800', pinnedFingerprint: `${'AB:'.repeat(31)}AB` }, 'console password')).toEqual({ secret: CONSOLE_PASSWORD });
    expect((await store.list()).map((e) => e.scope)).toEqual([profile.keychainKey, profile.keychainKey, profile.keychainKey]);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'profiles', 'prod.json'), 'utf8'))).not.toHaveProperty('keychainMove');
  });

  it('loses no secret when interrupted after any number of keychain writes, and finishes on the next start', async () => {
    // 3 kinds × (copy + delete) = 6 keychain writes; every interruption point from "before the first" to "after the last".
    for (let budget = 0; budget <= 6; budget += 1) {
      const dataDir = tempDir();
      const store = new KeytarSecretStore({ service: `ads-setup-test-${randomBytes(6).toString('hex')}` });
      writeVersion1(dataDir);
      for (const [kind, value] of LEGACY) await store.set('prod', kind, value);

      const interrupted = vaultOn(dataDir, crashingAfter(store, budget));
      const outcome = await interrupted.get('prod').then(
        () => 'finished',
        (error: Error) => error.message,
      );
      expect(outcome, `budget ${budget}`).toBe(budget === 6 ? 'finished' : 'killed');

      const restarted = vaultOn(dataDir, store);
      const profile = await restarted.get('prod');
      expect(await restarted.readSecret('prod', 'client-secret'), `budget ${budget}`).toBe(CLIENT_SECRET);
      expect(await restarted.readSecret('prod', 'webhook-secret'), `budget ${budget}`).toBe(WEBHOOK_SECRET);
      expect(await store.get(profile.keychainKey, 'console-password'), `budget ${budget}`).toBe(CONSOLE_PASSWORD);
      const scopes = (await store.list()).map((e) => e.scope);
      expect(scopes.every((scope) => scope === profile.keychainKey), `budget ${budget}: ${scopes.join(',')}`).toBe(true);
      expect(scopes).toHaveLength(3);
    }
  }, 60_000);
});

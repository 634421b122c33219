import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../test/doubles/temp-dir';
import { isDemoRun } from '../main/app-info/app-info';
import { DEMO_KEYCHAIN_SERVICE, startDemoSession } from './session';
import { KEYCHAIN_SERVICE } from '../main/vault/keytar-store';

const tempDir = useTempDirs();

describe('demo session', () => {
  it('is selected by --demo only', () => {
    expect(isDemoRun(['electron', 'out/main/index.js', '--demo'])).toBe(true);
    expect(isDemoRun(['electron', 'out/main/index.js'])).toBe(false);
    expect(isDemoRun(['electron', '--demonstrate'])).toBe(false);
  });

  it('uses its own keychain service', () => {
    expect(DEMO_KEYCHAIN_SERVICE).not.toBe(KEYCHAIN_SERVICE);
  });

  it('clears leftovers on start and removes its folder and secrets on dispose', async () => {
    const secrets = new MemorySecretStore();
    await secrets.set('old-demo', 'client-secret', 'left over from a crash');
    const session = await startDemoSession(secrets, tempDir());
    expect(await secrets.list()).toEqual([]);
    expect(existsSync(session.dataDir)).toBe(true);
    await secrets.set('demo', 'webhook-secret', 'w'.repeat(64));
    await session.dispose();
    await session.dispose();
    expect(existsSync(session.dataDir)).toBe(false);
    expect(await secrets.list()).toEqual([]);
  });
});

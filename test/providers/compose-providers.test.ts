import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/main/storage';
import { providers } from '../../src/main/registration/providers';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import { useTempDirs } from '../doubles/temp-dir';
import { THROWAWAY_ID, throwawayProvider } from './throwaway';

const tempDir = useTempDirs();

describe('the composition root’s storage takes the run’s provider list', () => {
  it('by default knows exactly the registry, and refuses the throwaway id', async () => {
    const { vault } = openStorage(tempDir(), 'ads-setup-test-unused', new MemorySecretStore());
    expect(vault.providers.ids()).toEqual(providers.map((p) => p.id));
    await expect(vault.create({ label: 'T', hostname: 'ds.example.com', organization: 'O', provider: THROWAWAY_ID })).rejects.toMatchObject({ code: 'UNKNOWN_PROVIDER' });
  });

  it('with one more entry, knows it everywhere the vault is used', async () => {
    const { vault } = openStorage(tempDir(), 'ads-setup-test-unused', new MemorySecretStore(), [...providers, throwawayProvider('https://localhost:9')]);
    expect(vault.providers.descriptors().map((p) => p.id)).toEqual([...providers.map((p) => p.id), THROWAWAY_ID]);
    const view = await vault.create({ label: 'T', hostname: 'ds.example.com', organization: 'O', provider: THROWAWAY_ID });
    expect(view.profile).toMatchObject({ provider: THROWAWAY_ID, authorityHost: 'localhost' });
    await expect(vault.update(view.profile.id, { tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'A tenant ID belongs to Entra ID profiles only, not to Throwaway.' });
  });
});

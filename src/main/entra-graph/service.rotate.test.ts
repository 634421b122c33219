// Rotation through Graph: a new password on the installation's own app, stored and proven; the old one stays valid
// in Azure until the console holds the new one (and the caller says the deploy landed), then it is removed.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtEntra } from '../../../test/entra/double';
import { ADMIN, entraFixture, type EntraFixture } from '../../../test/entra/service-fixture';
import { keychainValue } from '../../../test/doubles/memory-secret-store';
import { ConsoleState } from '../console/console-state';

let f: EntraFixture;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  f = await entraFixture();
  await f.vault.create({ id: 'contoso', label: 'Contoso', hostname: 'deepsource.contoso.example', organization: 'Contoso', provider: 'entra' });
  const started = await f.service.start('contoso', 'new', { cloud: 'public', secretDays: 180, grantConsent: false });
  await signInAtEntra(await f.browser.nextPage(), { ...ADMIN, consent: 'accept' });
  expect((await f.service.finished(started.runId)).phase).toBe('done');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

describe('rotation through Graph', () => {
  it('adds a new password to the same app, stores and proves it, keeps the old one until the new one is deployed', async () => {
    const before = await f.vault.get('contoso');
    const oldKey = before.azure.clientSecretKeyId!;
    const webhook = await keychainValue(f.vault, f.secrets, 'contoso', 'webhook-secret');
    const started = await f.service.start('contoso', 'rotate', { cloud: 'public', secretDays: 90, grantConsent: false });
    const done = await f.service.finished(started.runId);
    expect(done).toMatchObject({ phase: 'done', proof: { status: 'proven' }, result: { reused: true, appId: before.azure.appId } });
    expect(done.calls.filter((c) => c.startsWith('POST'))).toEqual([`POST /applications/${before.azure.objectId}/addPassword → 200`]);
    const app = f.double.tenant.applications.find((a) => a.id === before.azure.objectId)!;
    expect(app.passwordCredentials.map((c) => c.keyId)).toEqual([oldKey, done.result!.secret.keyId]);
    const after = await f.vault.get('contoso');
    expect(after.azure).toMatchObject({ clientSecretKeyId: done.result!.secret.keyId, retiringSecretKeyId: oldKey, appId: before.azure.appId });
    expect(Date.parse(app.passwordCredentials[1]!.endDateTime) - f.clock.ms).toBeLessThan(91 * 86_400_000);
    expect(await keychainValue(f.vault, f.secrets, 'contoso', 'webhook-secret')).toBe(webhook);

    // Not yet in the console: the old secret stays.
    await expect(f.service.retireOldSecret('contoso')).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(app.passwordCredentials).toHaveLength(2);
    // The push saved and read back the new secret: now the old one goes.
    const current = (await keychainValue(f.vault, f.secrets, 'contoso', 'client-secret'))!;
    await new ConsoleState(f.vault).recordPushed('contoso', { clientSecret: { storedSha256: sha256('ciphertext'), secretSha256: sha256(current) } });
    expect(await f.service.retireOldSecret('contoso')).toEqual({ removedKeyId: oldKey });
    expect(app.passwordCredentials.map((c) => c.keyId)).toEqual([done.result!.secret.keyId]);
    expect((await f.vault.get('contoso')).azure.retiringSecretKeyId).toBeUndefined();
    await expect(f.service.retireOldSecret('contoso')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an air-gapped console: the admin’s word that the bundle was deployed lets the old secret go', async () => {
    const started = await f.service.start('contoso', 'rotate', { cloud: 'public', secretDays: 30, grantConsent: false });
    await f.service.finished(started.runId);
    const old = (await f.vault.get('contoso')).azure.retiringSecretKeyId!;
    expect(await f.service.retireOldSecret('contoso', { bundleDeployed: true })).toEqual({ removedKeyId: old });
  });

  it('the registration read back on demand: checks of the stored secret’s key and of the callback', async () => {
    const { registration, checks } = await f.service.check('contoso');
    expect(registration).toMatchObject({ displayName: 'DeepSource Contoso', servicePrincipal: true, permissions: true, passwords: 1 });
    expect(checks.every((c) => c.ok)).toBe(true);
    await f.vault.update('contoso', { callbackTrailingSlash: true });
    const slashed = await f.service.check('contoso');
    expect(slashed.checks.find((c) => c.id === 'graph-redirect-uri')).toMatchObject({ ok: false, message: expect.stringContaining('do not include https://deepsource.contoso.example/accounts/ads/login/callback/bifrost/ exactly') });
  });
});

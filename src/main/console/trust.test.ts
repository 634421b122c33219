import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainValue } from '../../../test/doubles/memory-secret-store';
import { rejection } from '../../../test/doubles/rejection';
import { makeSelfSignedCert } from '../../../test/doubles/certificates';
import { CONSOLE_PASSWORD, usePushFixture, byPassword } from '../../../test/kots/push-fixture';
import { readCaFile } from './session';
import { describeTrustChange, type TrustChange, type TrustDecisions } from './trust';
import { ConsoleState } from './console-state';

const fx = usePushFixture();

/** The main process's question, answered as the admin would: every question is recorded. */
function decisions(answer: boolean): TrustDecisions & { asked: TrustChange[] } {
  const asked: TrustChange[] = [];
  return { asked, confirm: async (change) => (asked.push(change), answer) };
}

const logins = (double: { requests: Array<{ path: string }> }) => double.requests.filter((r) => r.path === '/api/v1/login');

/** Profile "stark" pinned to console A, with its password remembered there. */
async function rememberedOnA() {
  const a = await fx.start({ tls: true });
  const { vault, secrets } = await fx.makeVault(a.url);
  const first = fx.makeService(vault);
  expect((await first.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD, true), trustFingerprint: a.fingerprint as string })).status).toBe('ready');
  first.close();
  return { a, vault, secrets };
}

describe('a remembered console password goes only where it was remembered', () => {
  it('is bound to the origin and the pinned certificate', async () => {
    const { a, vault, secrets } = await rememberedOnA();
    const profile = await vault.get('stark');
    expect(profile.secrets['console-password']?.boundTo).toEqual({ origin: a.url, pinnedFingerprint: a.fingerprint });
    expect(await keychainValue(vault, secrets, 'stark', 'console-password')).toBe(CONSOLE_PASSWORD);
    // Used again without being typed, on the same console and certificate.
    expect((await fx.makeService(vault).plan({ profileId: 'stark' })).status).toBe('ready');
    expect(logins(a)).toHaveLength(2);
  });

  it('is not sent to another console the window names, even with that console’s fingerprint', async () => {
    const { vault } = await rememberedOnA();
    const b = await fx.start({ tls: true });
    const refusing = decisions(false);
    const refused = await rejection(fx.makeService(vault, { trust: refusing }).plan({ profileId: 'stark', consoleUrl: b.url, trustFingerprint: b.fingerprint as string }));
    expect(refused.code).toBe('NEEDS_CONFIRMATION');
    expect(refusing.asked).toEqual([{ kind: 'console', profileId: 'stark', profileLabel: 'Stark', from: (await vault.get('stark')).console.url, to: b.url }]);
    expect(b.requests).toEqual([]);

    // Even when the admin confirms the move, the password stays with A: it is asked for again.
    const before = (await vault.get('stark')).console;
    const approving = decisions(true);
    const asked = await rejection(fx.makeService(vault, { trust: approving }).plan({ profileId: 'stark', consoleUrl: b.url, trustFingerprint: b.fingerprint as string }));
    expect(asked.code).toBe('NEEDS_PASSWORD');
    expect(asked.message).toMatch(/remembered for https:\/\/127\.0\.0\.1:\d+ \(certificate [0-9A-F:]{95}\); this login goes to https:\/\/127\.0\.0\.1:\d+/);
    expect(logins(b)).toEqual([]);
    // A move that did not log in changes nothing (issue 22, finding 5): still A, still pinned, still established.
    expect((await vault.get('stark')).console).toEqual(before);
  });

  it('is not sent after the pin changed (the new certificate is a new console as far as the password goes)', async () => {
    const { a, vault } = await rememberedOnA();
    const renewed = makeSelfSignedCert();
    a.replaceCertificate(renewed);
    const loginsBefore = logins(a).length;
    const asked = await rejection(fx.makeService(vault, { trust: decisions(true) }).plan({ profileId: 'stark', trustFingerprint: renewed.fingerprint }));
    expect(asked.code).toBe('NEEDS_PASSWORD');
    expect(logins(a)).toHaveLength(loginsBefore);
  });
});

describe('a changed certificate is its own decision', () => {
  it('shows the new fingerprint beside the pinned one, and is never accepted by the window’s trust alone', async () => {
    const { a, vault } = await rememberedOnA();
    const pinned = a.fingerprint as string;
    const renewed = makeSelfSignedCert();
    a.replaceCertificate(renewed);
    const seen = a.requests.length;

    const question = await fx.makeService(vault).plan({ profileId: 'stark' });
    expect(question).toMatchObject({ status: 'needs-trust', reason: 'changed', fingerprint: renewed.fingerprint, pinnedFingerprint: pinned });
    expect(a.requests).toHaveLength(seen);

    // The window sends the new fingerprint as if "trusted": the main process asks; the admin says no.
    const refusing = decisions(false);
    const kept = await rejection(fx.makeService(vault, { trust: refusing }).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: renewed.fingerprint }));
    expect(kept.code).toBe('CERT_CHANGED');
    expect(kept.message).toContain(pinned);
    expect(refusing.asked).toEqual([{ kind: 'certificate', profileId: 'stark', profileLabel: 'Stark', console: a.url, pinned, presented: renewed.fingerprint }]);
    expect(a.requests.slice(seen).map((r) => r.path)).toEqual(['/api/v1/login/info']);
    expect((await vault.get('stark')).console.pinnedFingerprint).toBe(pinned);

    // Confirmed through the main process: repinned, and the login goes through.
    const approving = decisions(true);
    const plan = await fx.makeService(vault, { trust: approving }).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: renewed.fingerprint });
    expect(plan.status).toBe('ready');
    expect((await vault.get('stark')).console.pinnedFingerprint).toBe(renewed.fingerprint);
  });

  it('asks nothing about a fingerprint the console does not present, and sends nothing', async () => {
    const { a, vault } = await rememberedOnA();
    const asking = decisions(true);
    const seen = a.requests.length;
    const error = await rejection(fx.makeService(vault, { trust: asking }).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: 'CD'.repeat(32) }));
    expect(error.code).toBe('CONSOLE_TLS');
    expect(asking.asked).toEqual([]);
    expect(a.requests).toHaveLength(seen);
  });

  it('says so loudly, with both fingerprints, in the words of the native dialog', () => {
    const question = describeTrustChange({ kind: 'certificate', profileId: 'p', profileLabel: 'Prod', console: 'https://c:8800', pinned: 'AA:BB', presented: 'CC:DD' });
    expect(question.message).toMatch(/different certificate\. Someone may be intercepting/);
    expect(question.detail).toContain('Pinned: AA:BB');
    expect(question.detail).toContain('Now presented: CC:DD');
    expect(question.keep).toBe('Keep the pinned certificate');
  });
});

describe('the window cannot retarget or repin a profile through a profile edit', () => {
  it('asks before an established console’s address or CA changes; refused, nothing changes', async () => {
    const { a, vault } = await rememberedOnA();
    const refusing = decisions(false);
    const service = fx.makeService(vault, { trust: refusing });
    await expect(service.approveProfilePatch('stark', { consoleUrl: 'https://evil.example:8800' })).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    await expect(service.approveProfilePatch('stark', { caFile: '/tmp/evil-ca.pem' })).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    expect(refusing.asked.map((c) => c.kind)).toEqual(['console', 'ca']);
    // Same console (another spelling of the origin) and unrelated edits need no question.
    await service.approveProfilePatch('stark', { consoleUrl: `${a.url}/`, label: 'Stark 2' });
    expect(refusing.asked).toHaveLength(2);
  });

  it('lets a console that was never used be set freely (first contact)', async () => {
    const { vault } = await fx.makeVault('https://console.stark.com:8800');
    const refusing = decisions(false);
    await fx.makeService(vault, { trust: refusing }).approveProfilePatch('stark', { consoleUrl: 'https://console2.stark.com:8800' });
    expect(refusing.asked).toEqual([]);
  });
});

describe('the CA file is read with the small-file reader', () => {
  it('refuses a FIFO (without blocking), a folder, a file over 1 MB and a file without a certificate', async () => {
    const dir = fx.tempDir();
    const fifo = path.join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = path.join(dir, 'big.pem');
    writeFileSync(big, `-----BEGIN CERTIFICATE-----\n${'A'.repeat(1024 * 1024)}\n`);
    const empty = path.join(dir, 'empty.pem');
    writeFileSync(empty, 'not a certificate');
    for (const file of [fifo, dir, big, path.join(dir, 'missing.pem')]) {
      await expect(readCaFile(file)).rejects.toMatchObject({ code: 'CONSOLE_TLS', message: expect.stringContaining('regular file of at most 1 MB') });
    }
    await expect(readCaFile(empty)).rejects.toMatchObject({ code: 'CONSOLE_TLS', message: expect.stringContaining('no PEM certificate') });
    const good = path.join(dir, 'ca.pem');
    writeFileSync(good, makeSelfSignedCert().cert);
    await expect(readCaFile(good)).resolves.toContain('-----BEGIN CERTIFICATE-----');
  });
});

describe('a typed console password is kept out of the logs', () => {
  it('is registered with the logger before the login, in every form', async () => {
    const { Logger, secretForms } = await import('../log/logger');
    const { ProfileStore } = await import('../vault/profile-store');
    const { VaultService } = await import('../vault/vault');
    const { MemorySecretStore } = await import('../../../test/doubles/memory-secret-store');
    const lines: string[] = [];
    const logger = new Logger({ write: (line) => lines.push(line) });
    const typed = 'Kx"9\\pw';
    const double = await fx.start({ password: typed });
    const vault = new VaultService({ profiles: new ProfileStore({ dataDir: fx.tempDir() }), secrets: new MemorySecretStore(), redactor: logger });
    await vault.create({ id: 'stark', label: 'Stark', hostname: 'deepsource.stark.com', organization: 'stark', provider: 'ado-oauth', consoleUrl: double.url });
    expect((await fx.makeService(vault).plan({ profileId: 'stark', access: byPassword(typed), connectOnly: true })).status).toBe('connected');
    logger.error('login step', { detail: `sent ${JSON.stringify({ password: typed })}`, query: `?p=${encodeURIComponent(typed)}` });
    for (const form of secretForms(typed)) expect(lines[0]).not.toContain(form);
    expect(lines[0]).not.toContain('Kx');
    expect(lines[0]).toMatch(/\[secret:\d+ chars\].*\[secret:\d+ chars\]/);
  });
});

describe('a secret field goes only into a password item unless the admin accepts a plain one', () => {
  it('stops at the mapping when the client secret would land in a plain text item; the explicit acceptance is remembered', async () => {
    const { flatAdsGroups } = await import('../../demo/kots-console/double');
    const groups = flatAdsGroups();
    const secretItem = groups[1]!.items.find((i) => i.name === 'ads_client_secret')!;
    secretItem.type = 'text';
    const double = await fx.start({ apps: [{ slug: 'deepsource', name: 'DeepSource', groups }] });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const plain = await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) });
    expect(plain).toMatchObject({ status: 'needs-mapping', plainSecret: ['clientSecret'], missing: [], ambiguous: [], found: { clientSecret: 'ads_client_secret' } });
    expect(plain.status === 'needs-mapping' && plain.candidates.clientSecret?.map((c) => `${c.name}:${c.type}`)).toEqual(['ads_client_secret:text', 'ads_webhook_secret:password']);
    expect(double.requests.some((r) => r.method === 'PUT')).toBe(false);

    expect((await service.plan({ profileId: 'stark', allowPlainSecretItems: ['ads_client_secret'] })).status).toBe('ready');
    expect((await vault.get('stark')).plainSecretItems).toEqual(['ads_client_secret']);
    expect((await fx.makeService(vault).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) })).status).toBe('ready');
  });
});

describe('a first contact keeps the address the admin typed', () => {
  it('stops at the certificate with the address saved (nothing trusted), so the next command needs no --console', async () => {
    const a = await fx.start({ tls: true });
    const { vault } = await fx.makeVault();
    const service = fx.makeService(vault);
    expect(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), consoleUrl: a.url })).toMatchObject({ status: 'needs-trust', reason: 'untrusted', fingerprint: a.fingerprint });
    const kept = (await vault.get('stark')).console;
    expect(kept.url).toBe(a.url);
    expect(kept.pinnedFingerprint).toBeUndefined();
    expect(kept.establishedAt).toBeUndefined();
    expect(logins(a)).toEqual([]);
    // The next line names only the fingerprint.
    expect((await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: a.fingerprint as string })).status).toBe('ready');
    expect((await vault.get('stark')).console).toMatchObject({ url: a.url, pinnedFingerprint: a.fingerprint, establishedAt: expect.any(String) });
  });

  it('keeps it after a refused password too, but never after a connection that did not answer', async () => {
    const a = await fx.start();
    const { vault } = await fx.makeVault();
    const service = fx.makeService(vault);
    expect((await rejection(service.plan({ profileId: 'stark', access: byPassword('wrong'), consoleUrl: a.url }))).code).toBe('CONSOLE_AUTH');
    expect((await vault.get('stark')).console.url).toBe(a.url);
    const closed = 'http://127.0.0.1:9';
    expect((await rejection(service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), consoleUrl: closed }))).code).toMatch(/^CONSOLE_/);
    expect((await vault.get('stark')).console.url).toBe(a.url);
  });

  it('drops the pin of a previous address that was never used, and never moves an established console', async () => {
    const a = await fx.start({ tls: true });
    const b = await fx.start({ tls: true });
    const { vault } = await fx.makeVault(a.url);
    await new ConsoleState(vault).pin('stark', a.fingerprint as string);
    await fx.makeService(vault).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), consoleUrl: b.url });
    const moved = (await vault.get('stark')).console;
    expect(moved.url).toBe(b.url);
    expect(moved.pinnedFingerprint).toBeUndefined();

    // Established on B, another address is the admin's decision even when that console stops at its certificate.
    expect((await fx.makeService(vault).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: b.fingerprint as string })).status).toBe('ready');
    const refusing = decisions(false);
    expect((await rejection(fx.makeService(vault, { trust: refusing }).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), consoleUrl: a.url }))).code).toBe('NEEDS_CONFIRMATION');
    expect(refusing.asked.map((c) => c.kind)).toEqual(['console']);
    expect((await vault.get('stark')).console).toMatchObject({ url: b.url, pinnedFingerprint: b.fingerprint });
  });
});

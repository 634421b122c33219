
import { rejection } from '../../../test/doubles/rejection';
import { describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../../../test/doubles/certificates';
import { CONSOLE_PASSWORD, ready, usePushFixture, byPassword } from '../../../test/kots/push-fixture';
import { nodeConsoleTransport } from './node-transport';

const fx = usePushFixture();

/** A fingerprint as typed (any case, no colons) in its pinned form. */
const typedPin = (typed: string) => typed.toUpperCase().match(/../g)!.join(':');

// The console's certificate (first contact, pin, change) and the sessions a push leaves behind.
describe('console push: TLS', () => {
  it('shows the fingerprint of an untrusted certificate, pins it only when confirmed, refuses a changed one', async () => {
    const double = await fx.start({ tls: true });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const first = await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) });
    expect(first).toMatchObject({ status: 'needs-trust', reason: 'untrusted', fingerprint: double.fingerprint });
    expect(double.requests).toHaveLength(0);
    expect((await vault.get('stark')).console.pinnedFingerprint).toBeUndefined();

    const wrong = await rejection(service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: 'AB'.repeat(32) }));
    expect(wrong.code).toBe('CONSOLE_TLS');
    expect((await vault.get('stark')).console.pinnedFingerprint).toBeUndefined();

    const typed = (double.fingerprint as string).replace(/:/g, '').toLowerCase();
    ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: typed }));
    expect((await vault.get('stark')).console.pinnedFingerprint).toBe(double.fingerprint);
    expect(double.requests.every((r) => r.method === 'GET' || r.path === '/api/v1/login')).toBe(true);

    // The console now presents another certificate at the same address: refused before anything is sent, with
    // both fingerprints (the full decision is in trust.test.ts).
    const replacement = makeSelfSignedCert();
    double.replaceCertificate(replacement);
    const before = double.requests.length;
    const changed = await fx.makeService(vault).plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) });
    expect(changed).toMatchObject({ status: 'needs-trust', reason: 'changed', fingerprint: replacement.fingerprint, pinnedFingerprint: typedPin(typed) });
    expect(changed.status === 'needs-trust' && changed.message).toContain('certificate of');
    expect(double.requests).toHaveLength(before);
  });

  it('accepts the console certificate through a CA file instead of a pin', async () => {
    const certificate = makeSelfSignedCert();
    const double = await fx.start({ tls: true, certificate });
    const { vault } = await fx.makeVault(double.url);
    await vault.update('stark', { caFile: '/etc/ads/console-ca.pem' });
    const service = fx.makeService(vault, { readCaFile: async (path) => (path === '/etc/ads/console-ca.pem' ? certificate.cert : '') });
    ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    expect((await vault.get('stark')).console.pinnedFingerprint).toBeUndefined();
  });

  it('refuses plain http to a non-loopback host before any connection', async () => {
    const { vault } = await fx.makeVault();
    let transports = 0;
    const service = fx.makeService(vault, { transport: (policy) => (transports++, nodeConsoleTransport(policy)) });
    for (const url of ['http://console.example.com:8800', 'http://10.0.0.5:8800', 'http://localhost.evil.example:8800']) {
      const error = await rejection(service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), consoleUrl: url }));
      expect(error.code).toBe('CONSOLE_INSECURE_URL');
    }
    expect(transports).toBe(0);
  });
});

describe('console sessions end with the push', () => {
  it('a deploy that ended lets its session (and transport) go; a save without deploy keeps it for the deploy', async () => {
    const double = await fx.start({ tls: false });
    const { vault } = await fx.makeVault(double.url);
    let opened = 0;
    let closed = 0;
    const service = fx.makeService(vault, {
      transport: (policy) => {
        opened += 1;
        const transport = nodeConsoleTransport(policy);
        return { fetch: transport.fetch, close: () => ((closed += 1), transport.close()) };
      },
    });
    const plan = ready(await service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD) }));
    const saved = await service.apply({ profileId: 'stark', planId: plan.planId });
    expect([saved.outcome, opened, closed]).toEqual(['done', 1, 0]);
    const deployed = await service.deploy({ profileId: 'stark', sequence: saved.savedSequence! });
    expect(deployed.deploy.status).toBe('deployed');
    expect([opened, closed]).toEqual([1, 1]);
    // The next call logs in afresh (the password is needed again).
    await expect(service.plan({ profileId: 'stark' })).rejects.toMatchObject({ code: 'NEEDS_PASSWORD' });
  });
});

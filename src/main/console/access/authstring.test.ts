import { describe, expect, it } from 'vitest';
import type { ConsoleAccess } from '../../../shared/console';
import { keychainValue } from '../../../../test/doubles/memory-secret-store';
import { rejection } from '../../../../test/doubles/rejection';
import { byPassword, CLIENT_SECRET, CONSOLE_PASSWORD, ready, usePushFixture } from '../../../../test/kots/push-fixture';

/** The authstring route, and what a password push does on a console that takes no passwords. */
const fx = usePushFixture();
const byAuthstring = (authstring: string, remember?: boolean): ConsoleAccess => ({ via: 'authstring', values: { authstring, ...(remember ? { remember: true } : {}) } });

describe('an identity-service console (password login disabled)', () => {
  it('a password push asks login/info first, never sends the password, says why and offers the authstring, kubectl and a bundle', async () => {
    const double = await fx.start({ tls: true, identityService: true });
    const { vault } = await fx.makeVault(double.url);
    let asked = 0;
    const service = fx.makeService(vault, { askSecret: async () => (asked++, CONSOLE_PASSWORD) });
    const withTyped = await rejection(service.plan({ profileId: 'stark', access: byPassword(CONSOLE_PASSWORD), trustFingerprint: double.fingerprint as string }));
    expect(withTyped).toMatchObject({
      code: 'PASSWORD_LOGIN_DISABLED',
      message: `The admin console at ${double.url} does not take passwords: it signs admins in through its identity service. The password was not sent.`,
      remedy: expect.stringMatching(/authstring.*kubectl.*bundle/),
    });
    // Without a typed password, nobody is asked for one either.
    expect((await rejection(service.plan({ profileId: 'stark', trustFingerprint: double.fingerprint as string }))).code).toBe('PASSWORD_LOGIN_DISABLED');
    expect(asked).toBe(0);
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/login/info', 'GET /api/v1/login/info']);
    expect(double.requests.every((r) => r.body === '' && r.authorization === undefined)).toBe(true);
    expect(double.numAttempts).toBe(0);
  });

  it('the authstring deploys there: Authorization: Kots … on every session route, with the same pinned TLS', async () => {
    const double = await fx.start({ tls: true, identityService: true, deployDelayMs: 50 });
    const { vault, secrets } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const untrusted = await service.plan({ profileId: 'stark', access: byAuthstring(double.authstring) });
    expect(untrusted).toMatchObject({ status: 'needs-trust', fingerprint: double.fingerprint });
    expect(double.requests).toEqual([]);
    const plan = ready(await service.plan({ profileId: 'stark', access: byAuthstring(double.authstring), trustFingerprint: double.fingerprint as string }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 2, deploy: { status: 'deployed' } });
    expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_client_secret: CLIENT_SECRET });
    expect(double.requests.map((r) => r.path)).not.toContain('/api/v1/login');
    expect(double.requests.every((r) => r.port === 'console' && r.authorization === double.authstring)).toBe(true);
    // Pinned like a password login; the authstring itself was not stored (not asked to be).
    const profile = await vault.get('stark');
    expect(profile.console).toMatchObject({ url: double.url, pinnedFingerprint: double.fingerprint, access: { via: 'authstring' } });
    expect(profile.secrets['console-password']).toBeUndefined();
    expect(await keychainValue(vault, secrets, 'stark', 'console-password')).toBeNull();
    expect(JSON.stringify(profile)).not.toContain(double.authstring.slice(5));
  });

  it('a rejected authstring is named and tried once; one that is not an authstring is refused before anything is sent', async () => {
    const double = await fx.start({ tls: true, identityService: true });
    const { vault } = await fx.makeVault(double.url);
    const service = fx.makeService(vault);
    const wrong = await rejection(service.plan({ profileId: 'stark', access: byAuthstring('Kots wrong-authstring-0123456789'), trustFingerprint: double.fingerprint as string }));
    expect(wrong).toMatchObject({ code: 'CONSOLE_AUTH', message: expect.stringContaining('refused the authstring: “failed to parse authorization header”'), remedy: expect.stringContaining('kubectl get secret kotsadm-authstring') });
    expect(double.requests.map((r) => r.path)).toEqual(['/api/v1/ping']);
    expect((await rejection(service.plan({ profileId: 'stark', access: byAuthstring('Bearer abc.def.ghi') }))).code).toBe('INVALID_INPUT');
    expect(double.requests).toHaveLength(1);
  });
});

describe('a remembered authstring', () => {
  it('is kept only when asked, in the keychain, bound to origin, pin and route; never sent to another console or as a password', async () => {
    const a = await fx.start({ tls: true });
    const { vault, secrets } = await fx.makeVault(a.url);
    const pin = a.fingerprint as string;
    ready(await fx.makeService(vault).plan({ profileId: 'stark', access: byAuthstring(a.authstring, true), trustFingerprint: pin }));
    expect((await vault.get('stark')).secrets['console-password']?.boundTo).toEqual({ origin: a.url, pinnedFingerprint: pin, via: 'authstring' });
    expect(await keychainValue(vault, secrets, 'stark', 'console-password')).toBe(a.authstring);

    // Used again without being given, on the same console, certificate and route.
    const seen = a.requests.length;
    ready(await fx.makeService(vault).plan({ profileId: 'stark' }));
    expect(a.requests.slice(seen).every((r) => r.authorization === a.authstring)).toBe(true);
    // The password route does not get it.
    const asPassword = await rejection(fx.makeService(vault).plan({ profileId: 'stark', access: { via: 'password' } }));
    expect(asPassword).toMatchObject({ code: 'NEEDS_PASSWORD', message: expect.stringContaining('The remembered console authstring was remembered for') });
    expect(a.requests.filter((r) => r.path === '/api/v1/login')).toEqual([]);
    // Another console (the admin confirmed the move) does not get it either.
    const b = await fx.start({ tls: true });
    const moved = await rejection(fx.makeService(vault, { trust: { confirm: async () => true } }).plan({ profileId: 'stark', consoleUrl: b.url, trustFingerprint: b.fingerprint as string }));
    expect(moved.code).toBe('NEEDS_PASSWORD');
    expect(b.requests.filter((r) => r.authorization !== undefined)).toEqual([]);
  });
});

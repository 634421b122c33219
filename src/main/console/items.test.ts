import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ConsoleFieldRole } from '../../shared/profile';
import { sha256Hex as sha256 } from '../crypto/sha256';
import { checkReadBack, planItems, putGroups, type Desired } from './diff';
import { discoverItems, findDeepSourceHost, type LocatedItem } from './items';
import type { KotsGroup } from './kots-types';

const group = (title: string, items: Array<Partial<KotsGroup['items'][number]> & { name: string }>, name = title.toLowerCase().replace(/\W+/g, '_')): KotsGroup => ({
  name,
  title,
  items: items.map((i) => ({ type: 'text', default: '', value: '', ...i })),
});

const flat = [
  group('Other', [{ name: 'gh', type: 'bool', title: 'GitHub' }]),
  group('VCS', [
    { name: 'e', type: 'bool', title: '  AZURE devops   Services ' },
    { name: 'h', title: 'Azure DevOps Services Host Domain' },
    { name: 'a', title: 'azure devops services authority host' },
    { name: 'i', title: 'Azure DevOps Services Application ID' },
    { name: 's', type: 'password', title: 'Azure DevOps Services Application Client Secret' },
    { name: 'w', type: 'password', title: 'Azure DevOps Services Webhook Secret' },
  ]),
];

describe('discoverItems', () => {
  it('matches the documented titles ignoring case and extra whitespace', () => {
    const found = discoverItems(flat, {}, {});
    expect(Object.fromEntries(Object.entries(found.resolved).map(([role, l]) => [role, l.item.name]))).toEqual({ enable: 'e', hostDomain: 'h', authorityHost: 'a', appId: 'i', clientSecret: 's', webhookSecret: 'w' });
    expect(found.missing).toEqual([]);
  });

  it('matches the group-titled variant, and never matches a short title outside that group', () => {
    const grouped = [
      group('Other', [{ name: 'x', title: 'Application ID' }]),
      group('Azure DevOps Services', [
        { name: 'e', type: 'bool', title: 'Enabled' },
        { name: 'h', title: 'Host Domain' },
        { name: 'a', title: 'Authority Host' },
        { name: 'i', title: 'Application ID' },
        { name: 's', type: 'password', title: 'Application Client Secret' },
        { name: 'w', type: 'password', title: 'Webhook Secret' },
      ]),
    ];
    const found = discoverItems(grouped, {}, {});
    expect(found.resolved.appId?.item.name).toBe('i');
    expect(found.resolved.enable?.item.name).toBe('e');
    expect(found.ambiguous).toEqual([]);
  });

  it("reports ambiguity and absence with candidates; the admin's choice and the saved mapping win", () => {
    const twice = [...flat, group('More', [{ name: 'i2', title: 'Azure DevOps Services Application ID' }])];
    const found = discoverItems(twice, {}, {});
    expect(found.ambiguous).toEqual(['appId']);
    expect(found.candidates.appId?.map((c) => c.name)).toEqual(['i', 'i2']);
    expect(discoverItems(twice, { appId: 'i2' }, {}).resolved.appId?.item.name).toBe('i2');
    expect(discoverItems(twice, {}, { appId: 'i2' }).resolved.appId?.item.name).toBe('i2');
    const without = [group('VCS', [{ name: 'e', type: 'bool', title: 'Azure DevOps Services' }, { name: 'ado_key', type: 'password', title: 'ADO key' }])];
    const missing = discoverItems(without, {}, {});
    expect(missing.missing).toEqual(['hostDomain', 'authorityHost', 'appId', 'clientSecret', 'webhookSecret']);
    expect(missing.candidates.clientSecret?.map((c) => c.name)).toEqual(['ado_key']);
  });

  it('refuses a chosen item that does not exist, has the wrong type, or is used twice', () => {
    const expectCode = (fn: () => unknown) => expect(fn).toThrow(AppError);
    expectCode(() => discoverItems(flat, { appId: 'nope' }, {}));
    expectCode(() => discoverItems(flat, { enable: 'h' }, {}));
    expectCode(() => discoverItems(flat, { appId: 'h' }, {}));
  });
});

describe('planItems, putGroups, checkReadBack', () => {
  const resolved = discoverItems(flat, {}, {}).resolved as Record<ConsoleFieldRole, LocatedItem>;
  const desired: Desired[] = [
    { role: 'enable', value: '1', secret: false },
    { role: 'hostDomain', value: 'dev.azure.com', secret: false },
    { role: 'authorityHost', value: 'app.vssps.visualstudio.com', secret: false },
    { role: 'appId', value: 'guid', secret: false },
    { role: 'clientSecret', value: 'client-secret-value', secret: true },
    { role: 'webhookSecret', value: 'webhook-secret-value', secret: true },
  ];

  it('sends only changed items plus password items (unchanged ones as their current ciphertext)', () => {
    const located = structuredClone(resolved);
    located.hostDomain.item.value = 'dev.azure.com';
    located.webhookSecret.item.value = 'CIPHER-W';
    const planned = planItems(located, desired, { webhookSecret: { storedSha256: sha256('CIPHER-W'), secretSha256: sha256('webhook-secret-value') } });
    expect(planned.map((p) => [p.planItem.role, p.planItem.action])).toEqual([
      ['enable', 'set'], ['hostDomain', 'unchanged'], ['authorityHost', 'set'], ['appId', 'set'], ['clientSecret', 'set'], ['webhookSecret', 'unchanged'],
    ]);
    const groups = putGroups(planned) as Array<{ items: Array<{ name: string; value: string }> }>;
    expect(groups.flatMap((g) => g.items.map((i) => [i.name, i.value]))).toEqual([
      ['e', '1'], ['a', 'app.vssps.visualstudio.com'], ['i', 'guid'], ['s', 'client-secret-value'], ['w', 'CIPHER-W'],
    ]);
    // A recorded hash of another secret: the webhook secret will be replaced.
    const rotated = planItems(located, desired, { webhookSecret: { storedSha256: sha256('CIPHER-W'), secretSha256: sha256('older-secret') } });
    expect(rotated.find((p) => p.planItem.role === 'webhookSecret')?.planItem.action).toBe('replace');
  });

  it('read-back: accepts new ciphertext, refuses a password stored in plaintext; the old ciphertext again is a note', () => {
    const located = structuredClone(resolved);
    located.clientSecret.item.value = 'OLD-CIPHER';
    const planned = planItems(located, desired, {});
    const saved = (values: Record<string, string>) => [group('VCS', Object.entries(values).map(([name, value]) => ({ name, value, type: name === 's' || name === 'w' ? 'password' : name === 'e' ? 'bool' : 'text' })), 'vcs')];
    const good = { e: '1', h: 'dev.azure.com', a: 'app.vssps.visualstudio.com', i: 'guid', s: 'NEW-CIPHER', w: 'W-CIPHER' };
    const ok = checkReadBack(saved(good), planned);
    expect(ok.problems).toEqual([]);
    expect(ok.pushed.clientSecret).toEqual({ storedSha256: sha256('NEW-CIPHER'), secretSha256: sha256('client-secret-value') });
    // KOTS before v1.129.2 seals with a fixed nonce: the same secret re-sent reads back as the same ciphertext.
    const same = checkReadBack(saved({ ...good, s: 'OLD-CIPHER' }), planned);
    expect(same.problems).toEqual([]);
    expect(same.notes).toEqual([expect.stringContaining('"Azure DevOps Services Application Client Secret" already held this secret')]);
    expect(same.pushed.clientSecret).toEqual({ storedSha256: sha256('OLD-CIPHER'), secretSha256: sha256('client-secret-value') });
    expect(ok.notes).toEqual([]);
    expect(checkReadBack(saved({ ...good, w: 'webhook-secret-value' }), planned).problems[0]).toContain('stored unencrypted');
    expect(checkReadBack(saved({ ...good, i: 'other' }), planned).problems[0]).toContain('expected "guid"');
    expect(checkReadBack(saved({ ...good, w: '' }), planned).problems[0]).toContain('is empty');
  });
});

describe("DeepSource's own host name, read from the app's config by title", () => {
  it('takes the "Application hostname" item (value, else default), whatever case and blanks; a pasted scheme or slash is dropped', () => {
    expect(findDeepSourceHost([group('General', [{ name: 'hostname', title: '  application   HOSTNAME ', value: 'deepsource.stark.com' }])])).toBe('deepsource.stark.com');
    expect(findDeepSourceHost([group('General', [{ name: 'app_host', title: 'Application hostname', default: 'https://DeepSource.Stark.com/' }])])).toBe('deepsource.stark.com');
    expect(findDeepSourceHost([group('General', [{ name: 'h', title: 'Hostname', value: 'ds.example.com:8443' }])])).toBe('ds.example.com:8443');
  });

  it('offers nothing when there is no such item, two that disagree, a password item, or no host name in it', () => {
    expect(findDeepSourceHost(flat)).toBeUndefined();
    expect(findDeepSourceHost([group('A', [{ name: 'a', title: 'Application hostname', value: 'one.example.com' }]), group('B', [{ name: 'b', title: 'Application hostname', value: 'two.example.com' }])])).toBeUndefined();
    expect(findDeepSourceHost([group('A', [{ name: 'a', type: 'password', title: 'Application hostname', value: 'c2VjcmV0' }])])).toBeUndefined();
    expect(findDeepSourceHost([group('A', [{ name: 'a', title: 'Application hostname', value: '10.0.0.7' }])])).toBeUndefined();
    expect(findDeepSourceHost([group('A', [{ name: 'a', title: 'Application hostname', value: '' }])])).toBeUndefined();
  });

  it('prefers the documented title over the short one', () => {
    const groups = [group('A', [{ name: 'a', title: 'Hostname', value: 'internal.example.com' }, { name: 'b', title: 'Application hostname', value: 'deepsource.example.com' }])];
    expect(findDeepSourceHost(groups)).toBe('deepsource.example.com');
  });
});

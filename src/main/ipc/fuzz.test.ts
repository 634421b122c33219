import { describe, expect, it } from 'vitest';
import { channels, type Channel } from '../../shared/channels';
import { contract, type RequestOf } from '../../shared/contract';
import { testHandlerTable } from '../../../test/doubles/services';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { createDispatcher, TrustedSenders, type HandlerTable } from './dispatch';

/**
 * IPC fuzz: for every channel, hundreds of malformed payloads derived from a valid one go through the real
 * dispatcher and handler table. Each must come back as a typed BAD_REQUEST without running the handler, without
 * echoing the junk, and without polluting prototypes. A new channel without a sample here fails to compile.
 */
const samples: { [C in Channel]: RequestOf<C> } = {
  appInfo: {},
  providerList: {},
  profileList: {},
  profileGet: { id: 'prod' },
  profileCreate: { label: 'Prod', hostname: 'ds.example.com', organization: 'Ex', provider: 'entra' },
  profileUpdate: { id: 'prod', patch: { label: 'Prod 2' } },
  profileDelete: { id: 'prod' },
  secretSet: { profileId: 'prod', kind: 'client-secret', value: 'secret-value' },
  secretStatus: { profileId: 'prod' },
  secretForget: { profileId: 'prod' },
  webhookSecretGenerate: { profileId: 'prod' },
  bundleSigningKey: {},
  bundleExport: { profileId: 'prod', recipient: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p', expiresInDays: 7 },
  bundleVerify: { publicKey: 'untrusted comment: minisign public key\nRWQ...' },
  bundleSaveHostScript: {},
  bundleDiscoveryScript: { profileId: 'prod' },
  bundleReadDiscovery: { text: '# ads-setup console items v1\nitem\tg\tG\tads_app_id\ttext\tAzure DevOps Services Application ID\n' },
  profileSetMapping: {
    profileId: 'prod',
    mapping: { enable: 'a', hostDomain: 'b', authorityHost: 'c', appId: 'd', clientSecret: 'e', webhookSecret: 'f' },
    source: 'discovery',
  },
  registrationStart: { profileId: 'prod' },
  registrationState: { flowId: 'f-1' },
  registrationNavigate: { flowId: 'f-1', action: 'back' },
  registrationExtract: { flowId: 'f-1' },
  registrationPick: { flowId: 'f-1', field: 'appId' },
  registrationCancelPick: { flowId: 'f-1' },
  registrationEnd: { flowId: 'f-1' },
  registrationSetBounds: { flowId: 'f-1', x: 0, y: 0, width: 800, height: 600 },
  registrationFocus: { flowId: 'f-1' },
  registrationOpenPage: { flowId: 'f-1', page: 'apiPermissions' },
  registrationSave: { flowId: 'f-1', clientSecretExpiresOn: '2027-06-30' },
  secretRotateStart: { profileId: 'prod' },
  consoleRoutes: {},
  consolePlan: { profileId: 'prod', access: { via: 'password', values: { password: 'console-pw' } }, consoleUrl: 'https://console.example.com:8800' },
  graphStart: { profileId: 'prod', purpose: 'new', options: { cloud: 'usgov', secretDays: 90, grantConsent: true, clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e' } },
  graphState: { runId: 'r-1' },
  graphDecide: { runId: 'r-1', choice: 'reuse' },
  graphCancel: { runId: 'r-1' },
  graphCheck: { profileId: 'prod' },
  graphRetireSecret: { profileId: 'prod' },
  secretProve: { profileId: 'prod' },
  consoleApply: { profileId: 'prod', planId: 'a'.repeat(64), deploy: true },
  consoleDeploy: { profileId: 'prod', sequence: 3 },
  consoleStatus: { profileId: 'prod', sequence: 3 },
  consoleFollow: { profileId: 'prod', sequence: 3, timeoutSeconds: 600 },
  consoleProgress: { profileId: 'prod' },
  signinProbe: { profileId: 'prod' },
  signinStart: { profileId: 'prod', waitSeconds: 300 },
  signinState: { runId: 'r-1' },
  signinEnd: { runId: 'r-1' },
  signinSetBounds: { runId: 'r-1', x: 0, y: 0, width: 800, height: 600 },
};

const HUGE = 'A'.repeat(1_000_000);
const junkValues: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  '',
  ' ',
  HUGE,
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000\u0001\u001f',
  [],
  [1, 2, 3],
  new Array(100_000).fill('x'),
  {},
  { nested: { deeper: { deepest: 1 } } },
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
];

function deepObject(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** A small seeded PRNG (mulberry32), so a failing payload can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 6 : 8));
  switch (pick) {
    case 0:
      return Math.floor(next() * 2 ** 31) * (next() < 0.5 ? -1 : 1);
    case 1:
      return String.fromCharCode(...Array.from({ length: Math.floor(next() * 40) }, () => Math.floor(next() * 0xffff)));
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return junkValues[Math.floor(next() * junkValues.length)];
    case 5:
      return 'x'.repeat(Math.floor(next() * 70_000));
    case 6:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}`, randomValue(next, depth + 1)]));
  }
}

const RANDOM_PER_CHANNEL = 300;

/** Payloads that differ from the valid sample: one targeted change each, then seeded random ones. */
function mutations(sample: Record<string, unknown>, seed: number): unknown[] {
  const out: unknown[] = [...junkValues, deepObject(5000), Object.create(null)];
  for (const key of Object.keys(sample)) {
    const { [key]: _dropped, ...missing } = sample;
    out.push(missing);
    for (const junk of junkValues) out.push({ ...sample, [key]: junk });
    out.push({ ...sample, [key]: deepObject(1000) });
  }
  for (const extra of ['__proto__', 'constructor', 'prototype', 'toString', 'x'.repeat(10_000), 'then']) {
    const withExtra = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
    Object.defineProperty(withExtra, extra, { value: { polluted: 'yes' }, enumerable: true, configurable: true, writable: true });
    out.push(withExtra);
  }
  const next = random(seed);
  const keys = Object.keys(sample);
  for (let i = 0; i < RANDOM_PER_CHANNEL; i++) {
    const mutated: Record<string, unknown> = { ...sample };
    if (keys.length > 0 && next() < 0.7) mutated[keys[Math.floor(next() * keys.length)] as string] = randomValue(next);
    if (keys.length === 0 || next() < 0.4) mutated[`extra${Math.floor(next() * 5)}`] = randomValue(next);
    out.push(next() < 0.05 ? randomValue(next) : mutated);
  }
  return out;
}

const tempDir = useTempDirs();

function instrumentedTable(): { table: HandlerTable; calls: string[] } {
  const real = testHandlerTable(tempDir()).table;
  const calls: string[] = [];
  const table = Object.fromEntries(
    channels.map((channel) => [
      channel,
      (request: unknown, context: { senderId: number }) => {
        calls.push(channel);
        return (real[channel] as (r: unknown, c: unknown) => unknown)(request, context);
      },
    ]),
  ) as unknown as HandlerTable;
  return { table, calls };
}

describe('IPC fuzz', () => {
  it.each(channels.map((c) => [c]))('%s: every malformed payload is a typed BAD_REQUEST and nothing runs', async (channel) => {
    const { table, calls } = instrumentedTable();
    const trusted = new TrustedSenders();
    trusted.add(1);
    const dispatch = createDispatcher(table, trusted);
    const schema = contract[channel].request;
    const payloads = mutations(samples[channel] as Record<string, unknown>, channels.indexOf(channel) + 1).filter((p) => !schema.safeParse(p).success);
    expect(payloads.length).toBeGreaterThan(250);

    for (const payload of payloads) {
      const answer = await dispatch(1, channel, payload);
      expect(answer.ok).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.code).toBe('BAD_REQUEST');
      expect(answer.error.message.length).toBeLessThan(600);
      expect(answer.error.message).not.toContain('AAAAAAAAAA');
      expect(answer.error.message).not.toContain('<script>');
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('the valid samples pass validation (so the mutations above are measured against real requests)', () => {
    for (const channel of channels) expect(contract[channel].request.safeParse(samples[channel]).success, channel).toBe(true);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, readyVault, WEBHOOK_SECRET } from '../../../test/doubles/bundle-fixture';
import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { deepsourceItems, makeConsoleHost, type ConsoleHost } from '../../../test/host/console-host';
import type { ExportResult } from '../../shared/bundle';
import { BundleService } from './bundle-service';
import { sha256Hex } from '../crypto/sha256';
import { renderHostScript } from './host-script';

/**
 * The host script, run for real (bash, GNU tar, minisign, openssl, sha256sum, age) on a console host whose kubectl is
 * a recording stub: the attacks of issue 12 §5 (gzip bomb, oversize writes, replayed and older bundles, a failing
 * kubectl) and the way it must succeed.
 */

const tempDir = useTempDirs();
const HOUR = 3600_000;

interface Fixture {
  root: string;
  pub: string;
  pem: string;
  hostKey: string;
  /** Exported an hour apart: `older` first, `newer` later. */
  older: ExportResult;
  newer: ExportResult;
  /** `--deploy`; `--target embedded-cluster-v3`; made ten days ago, valid for an hour. */
  deploying: ExportResult;
  embedded: ExportResult;
  expired: ExportResult;
}
let fx: Fixture;

beforeAll(async () => {
  const root = path.join(process.env['TMPDIR'] ?? '/tmp', `ads-host-script-${process.pid}`);
  mkdirSync(path.join(root, 'out'), { recursive: true });
  const hostKey = path.join(root, 'host.agekey');
  execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
  const secrets = new MemorySecretStore();
  let now = new Date(Date.now() - 3 * HOUR);
  const { vault } = await readyVault({ dataDir: path.join(root, 'data'), secrets, now: () => now });
  const service = new BundleService({ vault, secrets, now: () => now });
  const older = await service.export('prod', { target: { type: 'x25519', recipient } }, path.join(root, 'out', 'older.tar'));
  now = new Date(Date.now() - 2 * HOUR);
  const newer = await service.export('prod', { target: { type: 'x25519', recipient } }, path.join(root, 'out', 'newer.tar'));
  const deploying = await service.export('prod', { target: { type: 'x25519', recipient }, deploy: true }, path.join(root, 'out', 'deploying.tar'));
  const embedded = await service.export('prod', { target: { type: 'x25519', recipient }, hostTarget: 'embedded-cluster-v3' }, path.join(root, 'out', 'embedded.tar'));
  now = new Date(Date.now() - 240 * HOUR);
  const expired = await service.export('prod', { target: { type: 'x25519', recipient }, expiresInSeconds: 3600 }, path.join(root, 'out', 'expired.tar'));
  const key = await service.requireSigningKey();
  writeFileSync(path.join(root, 'signing.pub'), key.minisign);
  writeFileSync(path.join(root, 'signing.pem'), key.pem);
  fx = { root, pub: path.join(root, 'signing.pub'), pem: path.join(root, 'signing.pem'), hostKey, older, newer, deploying, embedded, expired };
  return () => execFileSync('rm', ['-rf', root]);
}, 60_000);

function host(options: Parameters<typeof makeConsoleHost>[1] = {}): ConsoleHost {
  const made = makeConsoleHost(tempDir(), options);
  mkdirSync(made.hostDir, { mode: 0o700 });
  copyFileSync(fx.pub, path.join(made.hostDir, 'signing.pub'));
  copyFileSync(fx.pem, path.join(made.hostDir, 'signing.pem'));
  copyFileSync(fx.hostKey, path.join(made.hostDir, 'host.agekey'));
  return made;
}

/** The script for `bundle`, fed `input` (the bundle itself unless given), as `bash apply.sh ARGS < input`. */
function apply(on: ConsoleHost, bundle: ExportResult, options: { input?: Buffer; args?: string[]; env?: Record<string, string>; madeFor?: Buffer } = {}) {
  const bytes = readFileSync(bundle.path);
  const madeFor = options.madeFor ?? bytes;
  const { script } = renderHostScript(bundle.meta, { fileName: bundle.fileName, tarSha256: sha256Hex(madeFor) });
  return on.run(script, options.input ?? bytes, { ...(options.args ? { args: options.args } : {}), ...(options.env ? { env: options.env } : {}) });
}

const setConfigCalls = (on: ConsoleHost) => on.calls().filter((call) => call.slice(0, 3).join(' ') === 'kots set config');

/** Nothing of the run is left: no work folder, no file holding a secret (work folder stand-in, host folder). */
function expectNothingLeft(on: ConsoleHost): void {
  expect(on.workLeft()).toEqual([]);
  expect(on.filesHolding([CLIENT_SECRET.slice(0, 48), WEBHOOK_SECRET])).toEqual([]);
}

describe('the host script', () => {
  it('is one bash script that starts with set -euo pipefail, umask 077 and a trap removing its work folder', () => {
    const { script } = renderHostScript(fx.newer.meta, { fileName: 'b.tar', tarSha256: sha256Hex(readFileSync(fx.newer.path)) });
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toMatch(/\nset -euo pipefail\numask 077\n/);
    expect(script).toContain(`trap 'cd / && rm -rf -- "$W"' EXIT`);
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
  });

  it('applies a bundle once, records it, and leaves no plaintext behind', () => {
    const on = host();
    const result = apply(on, fx.newer);
    expect(result.status, result.stderr).toBe(0);
    expect(setConfigCalls(on)).toHaveLength(1);
    expect(on.state().values).toMatchObject({ ads_client_secret: CLIENT_SECRET, ads_webhook_secret: WEBHOOK_SECRET });
    const record = readFileSync(path.join(on.hostDir, 'applied'), 'utf8');
    expect(record).toMatch(new RegExp(`^bundle_id=${fx.newer.meta.bundleId}\ncreated_at=${fx.newer.meta.createdAt}\napp=deepsource\napplied_at=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n$`));
    expect(statSync(path.join(on.hostDir, 'applied')).mode & 0o777).toBe(0o600);
    expectNothingLeft(on);
  });

  it('creates the host folder with 0700 when it is missing (the keys are then still to be pinned)', () => {
    const on = makeConsoleHost(tempDir());
    const result = apply(on, fx.newer);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no pinned signing key');
    expect(statSync(on.hostDir).mode & 0o777).toBe(0o700);
    expect(setConfigCalls(on)).toEqual([]);
    expectNothingLeft(on);
  });

  it('refuses a gzip bomb before unpacking anything (a 200 MB expansion never happens)', () => {
    const on = host();
    const bomb = execFileSync('bash', ['-c', 'head -c 201M /dev/zero | gzip -9']);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // Even with the script made for exactly these bytes, the plain-tar check stops it.
    const result = apply(on, fx.newer, { input: bomb, madeFor: bomb });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not a plain (ustar) tar, e.g. compressed: refused before unpacking');
    expect(on.calls()).toEqual([]);
    expectNothingLeft(on);
    // The real bundle, gzipped, is refused the same way.
    const gzipped = execFileSync('gzip', ['-c', fx.newer.path]);
    expect(apply(on, fx.newer, { input: gzipped, madeFor: gzipped }).stderr).toContain('not a plain (ustar) tar');
  });

  it('writes no file larger than a bundle: a plain tar with a sparse 200 MB member is stopped by the write limit', () => {
    const on = host();
    const dir = tempDir();
    execFileSync('bash', ['-c', 'mkdir -p ads-bundle-x && truncate -s 200M ads-bundle-x/MANIFEST && tar --sparse --format=gnu -cf sparse.tar ads-bundle-x'], { cwd: dir });
    const sparse = readFileSync(path.join(dir, 'sparse.tar'));
    expect(sparse.length).toBeLessThan(1024 * 1024);
    const result = apply(on, fx.newer, { input: sparse, madeFor: sparse });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('did not unpack within its size');
    expectNothingLeft(on);
  });

  it('refuses any other input than the bundle it was made for, and more than 1 MiB', () => {
    const on = host();
    const other = apply(on, fx.newer, { input: readFileSync(fx.older.path) });
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('this is not the bundle newer.tar this script was made for');
    const big = Buffer.alloc(2 * 1024 * 1024);
    expect(apply(on, fx.newer, { input: big }).stderr).toContain('more than 1048576 bytes arrived on standard input');
    expect(on.calls()).toEqual([]);
    expectNothingLeft(on);
  });

  it('refuses a replayed bundle (the same one again) unless told --allow-older', () => {
    const on = host();
    expect(apply(on, fx.newer).status).toBe(0);
    const replayed = apply(on, fx.newer);
    expect(replayed.status).toBe(1);
    expect(replayed.stderr).toContain(`bundle ${fx.newer.meta.bundleId} (created ${fx.newer.meta.createdAt}) is not newer than bundle ${fx.newer.meta.bundleId}`);
    expect(replayed.stderr).toContain('--allow-older');
    expect(setConfigCalls(on)).toHaveLength(1);
    expectNothingLeft(on);
    const forced = apply(on, fx.newer, { args: ['--allow-older'] });
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('applying the older bundle');
    expect(setConfigCalls(on)).toHaveLength(2);
  });

  it('refuses an older bundle after a newer one (a rollback to older secrets)', () => {
    const on = host();
    expect(apply(on, fx.newer).status).toBe(0);
    const rollback = apply(on, fx.older);
    expect(rollback.status).toBe(1);
    expect(rollback.stderr).toContain(`bundle ${fx.older.meta.bundleId} (created ${fx.older.meta.createdAt}) is not newer than bundle ${fx.newer.meta.bundleId} (created ${fx.newer.meta.createdAt})`);
    expect(setConfigCalls(on)).toHaveLength(1);
    expect(readFileSync(path.join(on.hostDir, 'applied'), 'utf8')).toContain(`bundle_id=${fx.newer.meta.bundleId}`);
    expectNothingLeft(on);
    // The other way round is an ordinary update.
    const fresh = host();
    expect(apply(fresh, fx.older).status).toBe(0);
    expect(apply(fresh, fx.newer).status).toBe(0);
  });

  it('leaves no plaintext when kubectl fails, records nothing, and can simply be run again', () => {
    const on = host();
    const failed = apply(on, fx.newer, { env: { STUB_KOTS_FAIL: 'set-config' } });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('Error: failed to start port forwarding');
    expect(setConfigCalls(on)).toHaveLength(1);
    expect(on.state().values).toEqual({});
    expect(existsSync(path.join(on.hostDir, 'applied'))).toBe(false);
    expectNothingLeft(on);
    const retried = apply(on, fx.newer);
    expect(retried.status, retried.stderr).toBe(0);
    expectNothingLeft(on);
  });

  it('fails closed on an unreadable record of the last bundle', () => {
    const on = host();
    writeFileSync(path.join(on.hostDir, 'applied'), 'garbage\n');
    const result = apply(on, fx.newer);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is unreadable');
    expect(on.calls()).toEqual([]);
  });
});

describe('the host script checks before it writes, and applies as the bundle says (issue 16)', () => {
  it('lists the app\'s items with kubectl kots get config first, and refuses a bundle whose item is missing, with no set config', () => {
    const on = host({ items: deepsourceItems().filter((item) => item.name !== 'ads_webhook_secret') });
    const result = apply(on, fx.newer);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the app has no config item(s) ads_webhook_secret: this bundle was mapped for another console or app version; nothing was changed');
    expect(on.calls()).toEqual([['kots', 'get', 'config', '--appslug', 'deepsource', '-n', 'deepsource-application']]);
    expect(existsSync(path.join(on.hostDir, 'applied'))).toBe(false);
    expectNothingLeft(on);
  });

  it('refuses a bundle signed by another key, and an expired one, before any kubectl call', () => {
    const on = host();
    const other = tempDir();
    execFileSync('minisign', ['-G', '-W', '-p', path.join(other, 'k.pub'), '-s', path.join(other, 'k.sec')], { stdio: 'ignore' });
    copyFileSync(path.join(other, 'k.pub'), path.join(on.hostDir, 'signing.pub'));
    const wrongKey = apply(on, fx.newer, { env: { ADS_SETUP_VERIFIER: 'minisign' } });
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr).toContain('the minisign signature does not verify with the pinned key');
    const expired = apply(host(), fx.expired);
    expect(expired.status).toBe(1);
    expect(expired.stderr).toContain(`the bundle expired at ${fx.expired.meta.expiresAt}`);
    expect(on.calls()).toEqual([]);
    expectNothingLeft(on);
  });

  it('deploys when the bundle records --deploy', () => {
    expect(fx.deploying.meta.apply).toEqual({ deploy: true, target: 'kots', mappingSource: 'console' });
    const on = host();
    const result = apply(on, fx.deploying);
    expect(result.status, result.stderr).toBe(0);
    expect(setConfigCalls(on)).toEqual([['kots', 'set', 'config', 'deepsource', '--config-file', 'values.yaml', '--merge', '--deploy', '-n', 'deepsource-application']]);
    expect(on.state().versions.at(-1)).toMatchObject({ deployed: true });
    expect(result.stdout).toContain(', deploying it.');
  });

  it('honours ADS_SETUP_NAMESPACE (a console installed elsewhere)', () => {
    const on = host({ namespace: 'ds' });
    expect(apply(on, fx.newer).status).toBe(1);
    const result = apply(on, fx.newer, { env: { ADS_SETUP_NAMESPACE: 'ds' } });
    expect(result.status, result.stderr).toBe(0);
    expect(setConfigCalls(on)[0]).toContain('ds');
  });
});

describe('Embedded Cluster v3 (no KOTS): the host script applies with APP upgrade --headless --config-values', () => {
  /** The installation's ConfigValues, as `kubectl kots get config` would have written it at install time. */
  const INSTALLED = [
    'apiVersion: kots.io/v1beta1',
    'kind: ConfigValues',
    'metadata:',
    '  creationTimestamp: null',
    'spec:',
    '  values:',
    '    ads_app_id: {}',
    '    ads_authority_host: {}',
    '    ads_client_secret:',
    '      value: old-client-secret-value',
    '    ads_enabled:',
    '      default: "0"',
    '      value: "0"',
    '    ads_host_domain:',
    '      default: dev.azure.com',
    '    ads_webhook_secret: {}',
    '    hostname:',
    '      value: deepsource.stark.com',
    '    smtp_password:',
    '      valuePlaintext: keep-me-smtp',
    'status: {}',
    '',
  ].join('\n');

  function ecHost(values = INSTALLED) {
    const on = host();
    writeFileSync(path.join(on.root, 'license.yaml'), 'apiVersion: kots.io/v1beta1\nkind: License\n');
    writeFileSync(path.join(on.root, 'config-values.yaml'), values);
    copyFileSync(path.join(on.root, 'bin', 'deepsource'), path.join(on.root, 'deepsource'));
    return on;
  }
  const ecEnv = (on: ConsoleHost) => ({ ADS_SETUP_EC_CONFIG_VALUES: path.join(on.root, 'config-values.yaml') });

  it('merges the bundle\'s items into the installation\'s ConfigValues and runs one headless upgrade; no kubectl', () => {
    expect(fx.embedded.meta.apply).toMatchObject({ target: 'embedded-cluster-v3' });
    const on = ecHost();
    const result = apply(on, fx.embedded, { env: ecEnv(on) });
    expect(result.status, result.stderr).toBe(0);
    expect(on.calls()).toEqual([['APP', 'upgrade', '--license', path.join(on.root, 'license.yaml'), '--headless', '--config-values', 'merged.configvalues.yaml', '--yes']]);
    const merged = (on.state() as unknown as { ecConfigValues: string }).ecConfigValues;
    expect(merged).toContain('    hostname:\n      value: deepsource.stark.com\n');
    expect(merged).toContain('    smtp_password:\n      valuePlaintext: keep-me-smtp\n');
    expect(merged).not.toContain('old-client-secret-value');
    expect(merged).toContain(`    "ads_client_secret":\n      valuePlaintext: "${CLIENT_SECRET}"\n`);
    expect(merged).toContain('    "ads_enabled":\n      value: "1"\n');
    expect(merged.endsWith('status: {}\n')).toBe(true);
    expect(merged.match(/ads_enabled/g)).toHaveLength(1);
    expect(readFileSync(path.join(on.hostDir, 'applied'), 'utf8')).toContain(`bundle_id=${fx.embedded.meta.bundleId}`);
    expectNothingLeft(on);
  });

  it('refuses, running nothing, when an item is missing from the installation\'s values, or the values file is not given', () => {
    const on = ecHost(INSTALLED.replace('    ads_webhook_secret: {}\n', ''));
    const missing = apply(on, fx.embedded, { env: ecEnv(on) });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('the app has no config item(s) ads_webhook_secret');
    const unset = apply(on, fx.embedded);
    expect(unset.stderr).toContain('set ADS_SETUP_EC_CONFIG_VALUES');
    expect(on.calls()).toEqual([]);
    expectNothingLeft(on);
  });

  it('leaves no plaintext when the upgrade fails', () => {
    const on = ecHost();
    const failed = apply(on, fx.embedded, { env: { ...ecEnv(on), STUB_EC_FAIL: '1' } });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('upgrade failed');
    expect(existsSync(path.join(on.hostDir, 'applied'))).toBe(false);
    expectNothingLeft(on);
  });
});

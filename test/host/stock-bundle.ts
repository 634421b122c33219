import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import { ALL_BUNDLE_FILES, type ExportResult } from '../../src/shared/bundle';
import { BundleService } from '../../src/main/bundle/bundle-service';
import { renderHostScript } from '../../src/main/bundle/host-script';
import { sha256Hex } from '../../src/main/crypto/sha256';
import { readTar } from '../../src/main/bundle/tar';
import { readyVault } from '../doubles/bundle-fixture';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import { makeConsoleHost, type ConsoleHost } from './console-host';

/**
 * One exported bundle for a whole test file, with its signing key written as minisign and PEM files and a console
 * host's age key: what the stock-tool tests (src/main/bundle/stock-tools*.test.ts) check with the real tools.
 */
export const TOOLS = ['tar', 'minisign', 'openssl', 'sha256sum', 'age', 'age-keygen', 'find', 'bash'];

export function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface StockBundle {
  dir: string;
  exported: ExportResult;
  service: BundleService;
  secrets: MemorySecretStore;
  pubFile: string;
  pemFile: string;
  pubText: string;
  pemText: string;
  hostKey: string;
  recipient: string;
  files: Map<string, Buffer>;
  folder: string;
}

/**
 * Registers the file's beforeAll that exports the bundle; `use` receives it. useTempDirs removes its folders after
 * each test, so the shared fixture lives in its own folder for the whole file.
 */
export function useStockBundle(name: string, use: (bundle: StockBundle) => void): void {
  const fixtureRoot = path.join(process.env['TMPDIR'] ?? '/tmp', `ads-bundle-stock-${name}-${process.pid}`);
  beforeAll(async () => {
    for (const tool of TOOLS) {
      expect(run('sh', ['-c', `command -v ${tool}`], '/').status, `${tool} is not installed (see README: Linux notes)`).toBe(0);
    }
    const dir = fixtureRoot;
    mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(dir, 'out'));
    const hostKey = path.join(dir, 'host.key');
    execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
    const secrets = new MemorySecretStore();
    const { vault } = await readyVault({ dataDir: path.join(dir, 'data'), secrets });
    const service = new BundleService({ vault, secrets });
    const exported = await service.export('prod', { target: { type: 'x25519', recipient } }, path.join(dir, 'out', 'stark.tar'));
    const key = await service.requireSigningKey();
    const pubFile = path.join(dir, 'signing.pub');
    const pemFile = path.join(dir, 'signing.pem');
    writeFileSync(pubFile, key.minisign);
    writeFileSync(pemFile, key.pem);
    const { files, folder } = readTar(readFileSync(exported.path), { expected: ALL_BUNDLE_FILES, maxBytes: 1 << 20 });
    use({ dir, exported, service, secrets, pubFile, pemFile, pubText: key.minisign, pemText: key.pem, hostKey, recipient, files, folder });
    return () => execFileSync('rm', ['-rf', dir]);
  }, 60_000);
}

/** A console host with this fixture's keys pinned (minisign and PEM) and its age key. */
export function consoleHost(fx: StockBundle, root: string): ConsoleHost {
  const host = makeConsoleHost(root);
  mkdirSync(host.hostDir, { recursive: true, mode: 0o700 });
  copyFileSync(fx.pubFile, path.join(host.hostDir, 'signing.pub'));
  copyFileSync(fx.pemFile, path.join(host.hostDir, 'signing.pem'));
  copyFileSync(fx.hostKey, path.join(host.hostDir, 'host.agekey'));
  return host;
}

/** The host script for `file` (made for exactly its bytes), run on `host` with the bundle on stdin. */
export function runHostScript(fx: StockBundle, host: ConsoleHost, file: string, options: { verifier?: 'auto' | 'minisign' | 'openssl' | 'both'; args?: string[]; env?: Record<string, string>; meta?: ExportResult['meta'] } = {}) {
  const bytes = readFileSync(file);
  const { script } = renderHostScript(options.meta ?? fx.exported.meta, { fileName: path.basename(file), tarSha256: sha256Hex(bytes) });
  return host.run(script, bytes, { ...(options.args ? { args: options.args } : {}), env: { ADS_SETUP_VERIFIER: options.verifier ?? 'auto', ...options.env } });
}


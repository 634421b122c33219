// Export + verify of a signed config bundle, timed in process (`npm run bench:bundle` builds and runs this).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { BundleService } from '../src/main/bundle/bundle-service';
import { readyVault } from '../test/doubles/bundle-fixture';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 20);
const GOAL_MS = 300;
const GOAL_BYTES = 32 * 1024;

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ads-bench-bundle-'));
  try {
    const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
    const service = new BundleService({ vault, secrets });
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const ageKey = { type: 'identity' as const, identityFile: identity };
    // Warm-up: creates the signing key and loads everything once.
    await service.export('prod', { target: { type: 'x25519', recipient } }, path.join(dir, 'warm.tar'));
    const publicKey = (await service.requireSigningKey()).minisign;
    const exportMs: number[] = [];
    const verifyMs: number[] = [];
    const totalMs: number[] = [];
    let size = 0;
    for (let i = 0; i < RUNS; i++) {
      const file = path.join(dir, `b${i}.tar`);
      const t0 = performance.now();
      const result = await service.export('prod', { target: { type: 'x25519', recipient } }, file);
      const t1 = performance.now();
      const report = await service.verifyFile(file, publicKey, ageKey);
      const t2 = performance.now();
      if (!report.valid || !report.secrets.checked) throw new Error(`verify failed: ${report.reason ?? 'secrets not checked'}`);
      exportMs.push(t1 - t0);
      verifyMs.push(t2 - t1);
      totalMs.push(t2 - t0);
      size = Math.max(size, result.size);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const max = (values: number[]) => Math.max(...values);
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    const timeOk = median(totalMs) <= GOAL_MS;
    const sizeOk = size <= GOAL_BYTES;
    console.log(`bundle bench: ${RUNS} runs (X25519 recipient, secrets decrypted and checked on verify)`);
    console.log(`  export          median ${f(median(exportMs))}, max ${f(max(exportMs))}`);
    console.log(`  verify          median ${f(median(verifyMs))}, max ${f(max(verifyMs))}`);
    console.log(`  export+verify   median ${f(median(totalMs))}, max ${f(max(totalMs))}  (goal ≤ ${GOAL_MS} ms: ${timeOk ? 'met' : 'NOT met'})`);
    console.log(`  bundle size     ${size} bytes  (goal ≤ ${GOAL_BYTES} bytes: ${sizeOk ? 'met' : 'NOT met'})`);
    return timeOk && sizeOk ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : 'bench failed');
    process.exitCode = 1;
  },
);

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const outMain = path.join(repoRoot, 'out', 'main');
const entry = path.join(outMain, 'index.js');

/** Names only the demo defines: its replicas and the KOTS console double. */
const DEMO_ONLY = ['startKotsDouble', 'startAzureReplica', 'startFrontDoor', 'startDemoEnvironment', 'flatAdsGroups', 'makeThrowawayCertificate'];

describe('the built main process (out/main, after `npm run build`)', () => {
  it('holds no demo code in its entry; the demo is a separate chunk it loads only for --demo', () => {
    expect(existsSync(entry), `${entry} is missing: run \`npm run build\` first`).toBe(true);
    const main = readFileSync(entry, 'utf8');
    for (const name of DEMO_ONLY) expect(main, `${name} is in out/main/index.js`).not.toContain(name);
    // The one way in: a lazy require of the demo chunk behind the --demo check, and that chunk is in out/main.
    const loads = [...main.matchAll(/require\("\.\/([^"]+\.js)"\)/g)].map((match) => match[1]!);
    expect(loads).toHaveLength(1);
    const chunk = loads[0]!;
    expect(readdirSync(outMain)).toContain(chunk);
    const loading = main.split('\n').filter((line) => line.includes(`require("./${chunk}")`));
    expect(loading).toHaveLength(1);
    expect(loading[0]).toContain('isDemoRun(environment.argv)');
    const demo = readFileSync(path.join(outMain, chunk), 'utf8');
    for (const name of ['startKotsDouble', 'startAzureReplica', 'startFrontDoor', 'composeDemo']) expect(demo).toContain(name);
  });
});

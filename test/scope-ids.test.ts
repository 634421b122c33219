import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Azure DevOps permission ids are read from the tenant's own service principal at run time, never written in
 * product code: only third-party dumps give them (reference/entra-graph.md), and a tenant's may differ. The demo's
 * double makes its own per run, so a hard-coded id would fail there too.
 */
const THIRD_PARTY_IDS = ['028ffaf1-6f06-490a-979e-38011f92fb7c', '7082e756-8e76-4ebc-a2b0-353809a642c2', '7b1a2725-1134-40f5-a891-d20bbb122919', 'ee69721e-6c3a-468f-a9ec-302d16a4c599'];
const root = path.resolve(__dirname, '..');

function productFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => /\.(ts|tsx|mjs|js)$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith(path.join(root, 'src', 'demo') + path.sep));
}

describe('Azure DevOps permission ids', () => {
  it('appear nowhere in src/ outside the tests and the demo', () => {
    const found = productFiles(path.join(root, 'src')).filter((file) => THIRD_PARTY_IDS.some((id) => readFileSync(file, 'utf8').toLowerCase().includes(id)));
    expect(found).toEqual([]);
  });
});

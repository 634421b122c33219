// `npm run bench:bundle`: builds scripts/bench-bundle-entry.ts for plain Node (like the CLI) and runs it.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'bench');
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  ssr: { noExternal: [/^age-encryption(\/|$)/, /^@noble\//, /^@scure\//] },
  build: {
    ssr: path.join(root, 'scripts', 'bench-bundle-entry.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      external: (id) => builtinModules.includes(id.replace(/^node:/, '')) || id === 'zod' || id.startsWith('zod/') || id === 'keytar',
      output: { format: 'cjs', entryFileNames: 'bench-bundle.js' },
    },
  },
});
const result = spawnSync(process.execPath, [path.join(outDir, 'bench-bundle.js')], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;

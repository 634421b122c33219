import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};
/** ESM-only packages (age-encryption and its @noble/@scure dependencies) are bundled into the CommonJS CLI. */
const bundled = ['age-encryption', '@noble/hashes'];
const noExternal = [/^age-encryption(\/|$)/, /^@noble\//, /^@scure\//];
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  // Runtime dependencies load from node_modules (keytar is a native addon and cannot be bundled).
  ...Object.keys(pkg.dependencies ?? {}).filter((name) => !bundled.includes(name)),
];

/** The `ads-setup` CLI: the same services as the app, built for plain Node into out/cli/. */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  ssr: { noExternal },
  build: {
    ssr: 'src/main/cli/index.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: (id: string) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: { format: 'cjs', entryFileNames: 'index.js', banner: '#!/usr/bin/env node' },
    },
  },
});

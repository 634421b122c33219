import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { devOnlyCsp } from './build/dev-csp';

export default defineConfig({
  main: {
    // age-encryption is ESM-only: bundled into the CommonJS main build instead of require()d from node_modules.
    build: { outDir: 'out/main', externalizeDeps: { exclude: ['age-encryption', '@noble/hashes'] } },
  },
  preload: {
    // A sandboxed preload must be a single CommonJS file that requires nothing but 'electron'.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), devOnlyCsp()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});

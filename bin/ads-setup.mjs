#!/usr/bin/env node
// `ads-setup` as `npm link` puts it on PATH: runs the CLI built into out/cli/, or says how to build it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'out', 'cli', 'index.js');
if (existsSync(cli)) {
  await import(pathToFileURL(cli).href);
} else {
  process.stderr.write(`error: the ads-setup CLI is not built yet (${cli} is missing).\n  remedy: run \`npm run build\` in ${root}, then run the command again.\n`);
  process.exitCode = 1;
}

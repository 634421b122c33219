// `npm run sample-pages`: writes the sample Azure pages (test/fixtures/registration/, made from the demo's Azure
// markup) into ./sample-pages/, for trying `ads-setup prefill` and `ads-setup extract` by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runnerImport } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const into = path.join(process.cwd(), 'sample-pages');
const { module } = await runnerImport(path.join(root, 'test/fixtures/registration/sample-pages.ts'), { root, configFile: false, logLevel: 'warn' });
const pages = module.samplePages();
mkdirSync(into, { recursive: true });
for (const [name, content] of Object.entries(pages)) writeFileSync(path.join(into, name), content);
console.log(`${Object.keys(pages).length - 1} sample pages in ${path.relative(process.cwd(), into) || '.'}/ (index.json gives each page's --as-url and provider)`);

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed contract: src/main/shell/ipc.ts (main) or src/preload/index.ts (preload) are the only IPC wrappers.',
};
const electronClipboard = {
  name: 'electron',
  importNames: ['clipboard'],
  message: 'The app never touches the clipboard: credentials travel from the page to the main process only.',
};
const nodeBuiltins = { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'buffer'], message: 'This layer runs without Node.' };
const noElectron = { group: ['electron', 'electron/*'], message: 'Electron is used only under src/main/shell/ and in the preload.' };
const noMain = { group: ['**/main/**', '**/main'], message: 'The renderer never imports the main process: call it through the contract.' };
const noMainFromPage = { group: ['**/main/**', '**/main', '**/renderer/**', '**/preload/**'], message: 'The page script runs in the browser: it imports only src/page/ and shared types.' };
const noRenderer = { group: ['**/renderer/**', '**/renderer'], message: 'The main process never imports the renderer.' };
const noTests = {
  group: ['**/test/**', '**/test', '**/e2e/**', '**/e2e'],
  message: 'Product code never imports test/ or e2e/: test doubles stay out of the shipped path (the demo\'s own replicas live in src/demo/).',
};
const noDemo = {
  group: ['**/demo/**', '**/demo'],
  message: 'The demo is loaded only by the composition root (src/main/index.ts), with import() under --demo; product code never imports it.',
};
/** A dynamic import() of the demo anywhere but the composition root. */
const demoImportExpression = {
  selector: "ImportExpression[source.value=/(^|\\/)demo(\\/|$)/]",
  message: 'Only src/main/index.ts loads the demo, with import() under --demo.',
};

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

/**
 * One layer's import rule, twice: product files also may not import test/ or e2e/ (nor, unless `demo` allows it, the
 * demo); the tests beside them may. A file gets the options of the last block that matches it, so each block is whole.
 */
function layer({ files, ignores = [], paths = [], patterns = [], demo = false }) {
  const rule = (list) => ({ 'no-restricted-imports': ['error', { ...(paths.length > 0 ? { paths } : {}), patterns: list }] });
  return [
    { files, ignores: [...ignores, ...TESTS], rules: rule([...patterns, noTests, ...(demo ? [] : [noDemo])]) },
    { files: files.map((glob) => [glob, '**/*.test.{ts,tsx}']), ignores, rules: rule(patterns) },
  ];
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronIpc, electronClipboard] }],
    },
  },
  ...layer({ files: ['src/shared/**/*.ts'], patterns: [noElectron, nodeBuiltins, noMain, noRenderer] }),
  { files: ['src/shared/**/*.ts'], languageOptions: { globals: {} } },
  ...layer({ files: ['src/renderer/**/*.{ts,tsx}'], patterns: [noElectron, nodeBuiltins, noMain] }),
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...layer({ files: ['src/preload/**/*.ts'], paths: [electronClipboard], patterns: [noMain, noRenderer, nodeBuiltins] }),
  ...layer({ files: ['src/main/**/*.ts'], ignores: ['src/main/shell/**'], paths: [electronIpc, electronClipboard], patterns: [noElectron, noRenderer] }),
  { files: ['src/main/**/*.ts'], ignores: ['src/main/index.ts', ...TESTS], rules: { 'no-restricted-syntax': ['error', demoImportExpression] } },
  // The demo runs in the main process under --demo only: Node, no Electron (the shell serves it like any service).
  ...layer({ files: ['src/demo/**/*.ts'], paths: [electronIpc, electronClipboard], patterns: [noElectron, noRenderer], demo: true }),
  // The page script runs inside web pages (the registration view, Chromium under Playwright and the CLI): DOM
  // globals; it imports only its own modules and shared types (it is bundled into one script), no Node, no Electron.
  ...layer({ files: ['src/page/**/*.ts'], patterns: [noElectron, nodeBuiltins, noMainFromPage] }),
  { files: ['src/page/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  ...layer({ files: ['src/main/shell/**/*.ts'], paths: [electronIpc, electronClipboard], patterns: [noRenderer] }),
  ...layer({ files: ['src/main/shell/ipc.ts'], paths: [electronClipboard], patterns: [noRenderer] }),
);

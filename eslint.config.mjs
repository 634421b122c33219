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
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, nodeBuiltins, noMain, noRenderer] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noElectron, nodeBuiltins, noMain] }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronClipboard], patterns: [noMain, noRenderer, nodeBuiltins] }],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/shell/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronIpc, electronClipboard], patterns: [noElectron, noRenderer] }] },
  },
  {
    // The page script runs inside web pages (the registration view, Chromium under Playwright and the CLI): DOM
    // globals; it imports only its own modules and shared types (it is bundled into one script), no Node, no Electron.
    files: ['src/page/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, nodeBuiltins, noMainFromPage] }] },
  },
  {
    files: ['src/main/shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronIpc, electronClipboard], patterns: [noRenderer] }] },
  },
  {
    files: ['src/main/shell/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronClipboard], patterns: [noRenderer] }] },
  },
);

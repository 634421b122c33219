import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: repoRoot });

/** Lints a snippet as if it lived at `file`, and returns the restricted-import messages. */
async function importViolations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules (eslint)', () => {
  it.each([
    ['src/shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;", /without Node/],
    ['src/shared/x.ts', "import { app } from 'electron';\nexport const a = app;", /Electron is used only/],
    ['src/renderer/src/x.ts', "import { createDispatcher } from '../../main/ipc/dispatch';\nexport const a = createDispatcher;", /never imports the main/],
    ['src/main/vault/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;", /never imports the renderer/],
    ['src/main/vault/x.ts', "import { app } from 'electron';\nexport const a = app;", /Electron is used only/],
    ['src/main/shell/window2.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;", /typed contract/],
    ['src/main/shell/window2.ts', "import { clipboard } from 'electron';\nexport const a = clipboard;", /never touches the clipboard/],
    ['src/preload/other.ts', "import { clipboard } from 'electron';\nexport const a = clipboard;", /never touches the clipboard/],
    ['src/page/x.ts', "import fs from 'node:fs';\nexport const a = fs;", /without Node/],
    ['src/page/x.ts', "import { app } from 'electron';\nexport const a = app;", /Electron is used only/],
    ['src/page/x.ts', "import { acceptValue } from '../main/registration/values';\nexport const a = acceptValue;", /runs in the browser/],
  ])('refuses in %s: %s', async (file, code, message) => {
    const messages = await importViolations(file, code);
    expect(messages.some((m) => message.test(m)), messages.join('\n')).toBe(true);
  });

  it.each([
    ['src/main/shell/ipc.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;"],
    ['src/main/shell/window2.ts', "import { BrowserWindow } from 'electron';\nexport const a = BrowserWindow;"],
    ['src/preload/index.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
    ['src/renderer/src/x.ts', "import { channels } from '../../shared/channels';\nexport const a = channels;"],
    ['src/page/x.ts', "import type { PageRequest } from '../shared/page-protocol';\nexport type A = PageRequest;"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await importViolations(file, code)).toEqual([]);
  });
});

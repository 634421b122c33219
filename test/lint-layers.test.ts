import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: repoRoot });

/** Lints a snippet as if it lived at `file`, and returns the restricted-import messages. */
async function importViolations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
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
    // Test doubles and specs stay out of every product file under src/.
    ['src/main/vault/x.ts', "import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';\nexport const a = MemorySecretStore;", /never imports test\/ or e2e\//],
    ['src/main/shell/x.ts', "import { startStandIn } from '../../../test/electron-stand-in';\nexport const a = startStandIn;", /never imports test\/ or e2e\//],
    ['src/demo/x.ts', "import { makeSelfSignedCert } from '../../test/doubles/certificates';\nexport const a = makeSelfSignedCert;", /never imports test\/ or e2e\//],
    ['src/shared/x.ts', "import { fixture } from '../../e2e/fixtures';\nexport const a = fixture;", /never imports test\/ or e2e\//],
    ['src/renderer/src/x.ts', "import { harness } from '../../../e2e/harness/harness';\nexport const a = harness;", /never imports test\/ or e2e\//],
    ['src/page/x.ts', "import { corpus } from '../../test/fixtures/registration/corpus';\nexport const a = corpus;", /never imports test\/ or e2e\//],
    ['src/preload/x.ts', "import { page } from '../../e2e/harness/chromium';\nexport const a = page;", /never imports test\/ or e2e\//],
    // The demo is the composition root's to load, with import() under --demo only.
    ['src/main/shell/x.ts', "import { startDemoEnvironment } from '../../demo/environment';\nexport const a = startDemoEnvironment;", /loaded only by the composition root/],
    ['src/main/index.ts', "import { composeDemo } from '../demo';\nexport const a = composeDemo;", /loaded only by the composition root/],
    ['src/main/shell/x.ts', "export const a = () => import('../../demo');", /Only src\/main\/index.ts loads the demo/],
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
    // Tests beside the code may use the doubles; the demo may use the product it demonstrates.
    ['src/main/vault/x.test.ts', "import { MemorySecretStore } from '../../../test/doubles/memory-secret-store';\nexport const a = MemorySecretStore;"],
    ['src/main/shell/x.test.ts', "import { startFrontDoor } from '../../demo/deepsource-front-door/server';\nexport const a = startFrontDoor;"],
    ['src/demo/x.ts', "import { VaultService } from '../main/vault/vault';\nexport const a = VaultService;"],
    ['src/main/index.ts', "export const a = () => import('../demo');"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await importViolations(file, code)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, type InlineConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import config from '../electron.vite.config';

const root = path.resolve(__dirname, '..');
const strict = /script-src 'self';/;

describe("the renderer's CSP under `npm run dev`", () => {
  it('is relaxed only by the dev server, for the inline React-refresh preamble, styles and the HMR socket', async () => {
    const { renderer } = config as { renderer: InlineConfig };
    const server = await createServer({ ...renderer, configFile: false, root: path.join(root, 'src/renderer'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
    await server.listen();
    try {
      const html = await (await fetch(server.resolvedUrls!.local[0]!)).text();
      expect(html).toContain("script-src 'self' 'unsafe-inline'");
      expect(html).toContain("connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
      expect(html).toContain('/@react-refresh'); // the inline preamble the relaxation is for
    } finally {
      await server.close();
    }
  });

  it('stays strict in the source page that builds ship', () => {
    expect(readFileSync(path.join(root, 'src/renderer/index.html'), 'utf8')).toMatch(strict);
    const plugin = (config as { renderer: { plugins: { name: string; apply?: string }[] } }).renderer.plugins.find((p) => p.name === 'ads-setup:dev-only-csp');
    expect(plugin?.apply).toBe('serve');
  });
});

describe('`npm run dev` end to end, on the Electron stand-in', () => {
  it('the main process loads the dev server; its page renders under the relaxed CSP and its calls are answered', async () => {
    const { chromium } = await import('playwright-core');
    const { startElectronStandIn } = await import('../test/electron-stand-in');
    const { chromiumExecutable, chromiumFlags } = await import('../src/main/registration/chromium/launch');
    const { renderer } = config as { renderer: InlineConfig };
    const server = await createServer({ ...renderer, configFile: false, root: path.join(root, 'src/renderer'), server: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
    await server.listen();
    const browser = await chromium.launch({ executablePath: chromiumExecutable(process.env), args: chromiumFlags });
    const devUrl = server.resolvedUrls!.local[0]!;
    const electron = startElectronStandIn(browser, { userDataDir: '/nonexistent-dev', name: 'ADS Setup Assistant', version: '0.0.0-dev', argv: ['electron', root], env: { ELECTRON_RENDERER_URL: devUrl } });
    try {
      const violations: string[] = [];
      await electron.boot(path.join(root, 'out/main/index.js'));
      const window = await electron.firstWindow();
      const page = await electron.pageOf(window.webContents);
      page.on('console', (message) => {
        if (/Content Security Policy/.test(message.text())) violations.push(message.text());
      });
      await page.getByRole('heading', { name: 'ADS Setup Assistant' }).waitFor({ timeout: 20_000 });
      expect(window.webContents.getURL()).toBe(devUrl);
      const answer = await page.evaluate(() => (window as unknown as { ads: { appInfo: (r: object) => Promise<{ ok: boolean }> } }).ads.appInfo({}));
      expect(answer.ok).toBe(true);
      expect(violations).toEqual([]);
    } finally {
      await electron.shutdown();
      await browser.close();
      await server.close();
    }
  }, 60_000);
});

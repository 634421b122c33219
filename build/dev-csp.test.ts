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

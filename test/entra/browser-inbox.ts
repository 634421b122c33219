import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ChromiumSystemBrowser } from './double';

/**
 * Where the CLI's $BROWSER (test/entra/fake-browser.mjs) hands the sign-in address: each one is opened in real
 * Chromium, for the test to sign in as the admin.
 */
export async function startBrowserInbox(): Promise<{ env: Record<string, string>; browser: ChromiumSystemBrowser; close: () => Promise<void> }> {
  const browser = new ChromiumSystemBrowser();
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.end();
      void browser.open(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { BROWSER: `${process.execPath} ${path.join(__dirname, 'fake-browser.mjs')}`, ADS_TEST_BROWSER_INBOX: `http://127.0.0.1:${port}/` },
    browser,
    close: async () => {
      server.close();
      await browser.close();
    },
  };
}

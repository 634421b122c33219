import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ORIGIN, resolveRendererFile } from '../../src/main/renderer-files/resolve';

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves the built renderer on loopback with the same path rules the app:// protocol uses
 * (a module script from file:// stays blank in Chromium).
 */
export async function serveRendererOnLoopback(rendererDir: string): Promise<RunningServer> {
  const server = http.createServer((request, response) => {
    const file = resolveRendererFile(rendererDir, `${APP_ORIGIN}${request.url ?? '/'}`);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    readFile(file.filePath).then(
      (body) => response.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

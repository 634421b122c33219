import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRendererFile } from './resolve';

const root = path.resolve('/srv/renderer');

describe('resolveRendererFile', () => {
  it('serves index.html for the root and files inside the folder with their type', () => {
    expect(resolveRendererFile(root, 'app://ads-setup/')).toEqual({ filePath: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveRendererFile(root, 'app://ads-setup/assets/index-abc.js')).toEqual({
      filePath: path.join(root, 'assets/index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it.each(['app://ads-setup/../../etc/x.js', 'app://ads-setup/%2e%2e/%2e%2e/etc/x.js'])('keeps %s inside the folder', (url) => {
    expect(resolveRendererFile(root, url)?.filePath).toBe(path.join(root, 'etc/x.js'));
  });

  it.each([
    'app://ads-setup/assets/..%2f..%2f..%2fetc%2fpasswd.js',
    'app://ads-setup/a%00.js',
    'app://other-host/index.html',
    'https://ads-setup/index.html',
    'app://ads-setup/%E0%A4%A.js',
    'app://ads-setup/script.sh',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(root, url)).toBeNull();
  });
});

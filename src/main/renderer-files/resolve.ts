import path from 'node:path';

/** The privileged scheme the app window is served from (not file://, so the origin is fixed and CSP 'self' is exact). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ads-setup';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface ResolvedFile {
  filePath: string;
  contentType: string;
}

/**
 * Maps an app:// URL to a file inside the built renderer folder, or null when the URL is off-origin, tries to
 * climb out of the folder, or names a type we do not serve.
 */
export function resolveRendererFile(rendererDir: string, url: string): ResolvedFile | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  if (relative.includes('\0')) return null;
  const root = path.resolve(rendererDir);
  const filePath = path.resolve(root, '.' + relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  return contentType ? { filePath, contentType } : null;
}

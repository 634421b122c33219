import type { Plugin } from 'vite';

/**
 * `npm run dev` only: Vite's dev server injects an inline React-refresh preamble, inline <style> tags and an HMR
 * websocket, which the app's strict CSP (script-src 'self') blocks. This relaxes exactly those three directives while
 * serving; built output (npm start, installers) keeps the strict policy.
 */
export function devOnlyCsp(): Plugin {
  return {
    name: 'ads-setup:dev-only-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return relaxCspForDevServer(html);
    },
  };
}

export function relaxCspForDevServer(html: string): string {
  return html
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
}

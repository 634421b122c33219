import { spawn } from 'node:child_process';
import type { SystemBrowser } from '../entra-graph/admin-sign-in';

/**
 * The CLI's way to the admin's own browser: $BROWSER when set (the first of its colon-separated commands; `%s` is
 * replaced by the address, else the address is appended), else the OS opener (xdg-open, open, or Windows' URL
 * handler). The browser's own output never reaches our stdout (`--json` keeps one document there): its stdio is
 * ignored. The address (no secret in it) is printed on stderr in case no browser opens.
 */
export function browserCommand(env: Readonly<Record<string, string | undefined>>, url: string, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  const chosen = (env['BROWSER'] ?? '').split(':').map((entry) => entry.trim()).find(Boolean);
  if (chosen) {
    const [command = '', ...rest] = chosen.split(/\s+/);
    const substituted = rest.some((arg) => arg.includes('%s'));
    return { command, args: substituted ? rest.map((arg) => arg.replaceAll('%s', url)) : [...rest, url] };
  }
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

export function cliSystemBrowser(env: Readonly<Record<string, string | undefined>>, stderr: (text: string) => void): SystemBrowser {
  return {
    open: (url) =>
      new Promise<void>((resolve) => {
        const { command, args } = browserCommand(env, url);
        stderr(`Sign in to Microsoft Entra in your browser. If none opened, open this address:\n  ${url}\n`);
        const child = spawn(command, args, { stdio: 'ignore', detached: true });
        child.once('spawn', () => {
          child.unref();
          resolve();
        });
        // No browser here (a server, an SSH session): the address above still works from another machine's browser
        // only if it can reach this one's loopback, so say it plainly.
        child.once('error', (error: NodeJS.ErrnoException) => {
          stderr(`Could not start ${command} (${error.code ?? 'error'}): open the address above in a browser on this computer, or set BROWSER.\n`);
          resolve();
        });
      }),
  };
}

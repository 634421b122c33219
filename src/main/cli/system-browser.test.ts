import { describe, expect, it } from 'vitest';
import { browserCommand } from './system-browser';

const URL_ = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x&state=y';

describe('the CLI’s system browser', () => {
  it('uses $BROWSER when set: its first command, the address appended or put where %s is', () => {
    expect(browserCommand({ BROWSER: 'firefox' }, URL_)).toEqual({ command: 'firefox', args: [URL_] });
    expect(browserCommand({ BROWSER: 'w3m:lynx' }, URL_)).toEqual({ command: 'w3m', args: [URL_] });
    expect(browserCommand({ BROWSER: 'chromium --new-window %s' }, URL_)).toEqual({ command: 'chromium', args: ['--new-window', URL_] });
  });

  it('else the OS default opener', () => {
    expect(browserCommand({}, URL_, 'linux')).toEqual({ command: 'xdg-open', args: [URL_] });
    expect(browserCommand({ BROWSER: '' }, URL_, 'darwin')).toEqual({ command: 'open', args: [URL_] });
    expect(browserCommand({}, URL_, 'win32')).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', URL_] });
  });
});

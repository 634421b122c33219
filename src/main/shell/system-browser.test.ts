// The shell's system browser on the typed Electron stand-in: Microsoft's sign-in goes to shell.openExternal, and
// only https addresses do.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startElectronStandIn, type ElectronStandIn } from '../../../test/electron-stand-in';
import { electronSystemBrowser } from './system-browser';

const current = vi.hoisted(() => ({ electron: undefined as undefined | Record<string, unknown> }));
vi.mock('electron', () => ({
  get shell() {
    return current.electron!['shell'];
  },
}));

let stand: ElectronStandIn;
beforeEach(() => {
  // No page is opened here, so the stand-in needs no browser.
  stand = startElectronStandIn(undefined as never, { userDataDir: '/nonexistent', name: 'ADS Setup Assistant', version: '0.0.0', argv: ['electron', '.'] });
  current.electron = stand.electron as unknown as Record<string, unknown>;
});
afterEach(async () => stand.shutdown());

describe('electronSystemBrowser', () => {
  it('opens the sign-in address with shell.openExternal', async () => {
    const url = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=14d82eec-204b-4c2f-b7e8-296a70dab67e&response_mode=form_post';
    await electronSystemBrowser.open(url);
    expect(stand.shell.opened).toEqual([url]);
  });

  it('refuses anything but https, and opens nothing then', async () => {
    await expect(electronSystemBrowser.open('http://login.microsoftonline.com/x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(electronSystemBrowser.open('file:///etc/passwd')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(stand.shell.opened).toEqual([]);
  });
});

import { shell } from 'electron';
import { AppError } from '../../shared/errors';
import type { SystemBrowser } from '../entra-graph/admin-sign-in';

/**
 * The admin's own browser, for Microsoft's sign-in (the Graph route): shell.openExternal, only ever with an https
 * address (Electron's checklist: openExternal for vetted URLs only). The Entra capability vets the origin as well.
 */
export const electronSystemBrowser: SystemBrowser = {
  open: async (url) => {
    if (new URL(url).protocol !== 'https:') throw new AppError('INVALID_INPUT', 'Only https addresses are opened in the system browser.', 'This is a bug: report it.');
    await shell.openExternal(url);
  },
};

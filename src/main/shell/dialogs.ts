import { BrowserWindow, dialog, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { BundleFilePicker } from '../bundle/bundle-channels';
import { describeTrustChange, type TrustDecisions } from '../console/trust';

/** Electron's native file dialogs for bundles, attached to the focused app window. No logic beyond the dialog. */
export const electronBundlePicker: BundleFilePicker = {
  async chooseSavePath(defaultName, kind = 'bundle') {
    const options: SaveDialogOptions = {
      title: kind === 'script' ? 'Save host script' : 'Save signed config bundle',
      defaultPath: defaultName,
      filters: [kind === 'script' ? { name: 'Host script', extensions: ['sh'] } : { name: 'Signed config bundle', extensions: ['tar'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const parent = BrowserWindow.getFocusedWindow();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
  async chooseOpenPath() {
    const options: OpenDialogOptions = {
      title: 'Open signed config bundle',
      filters: [{ name: 'Signed config bundle', extensions: ['tar'] }],
      properties: ['openFile'],
    };
    const parent = BrowserWindow.getFocusedWindow();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};

/**
 * A trust change (another console address, certificate or CA) asked in a native dialog owned by the main process:
 * the window cannot draw, answer or skip it. "Keep" is the default and what Escape chooses.
 */
export const electronTrustDecisions: TrustDecisions = {
  async confirm(change) {
    const question = describeTrustChange(change);
    const options: MessageBoxOptions = {
      type: 'warning',
      title: question.title,
      message: question.message,
      detail: question.detail,
      buttons: [question.keep, question.accept],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const parent = BrowserWindow.getFocusedWindow();
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 1;
  },
};

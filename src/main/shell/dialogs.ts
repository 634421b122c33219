import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { BundleFilePicker } from '../bundle/bundle-channels';

/** Electron's native file dialogs for bundles, attached to the focused app window. No logic beyond the dialog. */
export const electronBundlePicker: BundleFilePicker = {
  async chooseSavePath(defaultName) {
    const options: SaveDialogOptions = {
      title: 'Save signed config bundle',
      defaultPath: defaultName,
      filters: [{ name: 'Signed config bundle', extensions: ['tar'] }],
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

import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channels, wireName } from '../../shared/channels';
import type { Dispatch } from '../ipc/dispatch';
import { APP_ORIGIN } from '../renderer-files/resolve';

/** Origin of the frame that sent the call; only the app's own top frame passes. */
function senderFrameIsApp(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || isDevServer(frame.url);
  } catch {
    return false;
  }
}

function isDevServer(url: string): boolean {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  return dev !== undefined && new URL(url).origin === new URL(dev).origin;
}

/** The only place ipcMain is touched: every channel goes through the dispatcher, which checks the sender id. */
export function registerIpc(dispatch: Dispatch): void {
  for (const channel of channels) {
    ipcMain.handle(wireName(channel), (event, payload: unknown) =>
      dispatch(senderFrameIsApp(event) ? event.sender.id : -1, channel, payload),
    );
  }
}

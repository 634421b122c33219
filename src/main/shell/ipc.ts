import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channels, wireName } from '../../shared/channels';
import type { Dispatch } from '../ipc/dispatch';
import { isTrustedSenderFrame, type SenderPolicy } from '../ipc/sender-policy';
import { APP_ORIGIN } from '../renderer-files/resolve';

function senderFrameOf(event: IpcMainInvokeEvent) {
  // senderFrame is null once the frame navigated or was destroyed; reading a disposed frame throws.
  try {
    const frame = event.senderFrame;
    return frame ? { url: frame.url, origin: frame.origin, isTopFrame: frame.parent === null } : null;
  } catch {
    return null;
  }
}

/** The only place ipcMain is touched: the sender frame passes the policy, then the dispatcher checks the sender id. */
export function registerIpc(dispatch: Dispatch): void {
  const policy: SenderPolicy = {
    appOrigin: APP_ORIGIN,
    // electron-vite's dev server is trusted only in an unpackaged app.
    devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  };
  for (const channel of channels) {
    ipcMain.handle(wireName(channel), (event, payload: unknown) =>
      dispatch(isTrustedSenderFrame(senderFrameOf(event), policy) ? event.sender.id : -1, channel, payload),
    );
  }
}

import { app, session, type Session, type WebContents } from 'electron';

/** Deny every permission request and check (camera, notifications, geolocation, clipboard…) on a session. */
export function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

/** Applied to every webContents the app ever creates: no popups, no <webview>. */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Process-wide switches that must be set before `ready`. */
export function applyProcessBaseline(): void {
  app.enableSandbox();
  // No crash reports leave the machine, no spell-check dictionaries are fetched, nothing phones home.
  app.commandLine.appendSwitch('disable-breakpad');
  app.commandLine.appendSwitch('disable-background-networking');
  app.commandLine.appendSwitch('disable-component-update');
  app.on('session-created', lockDownSession);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}

export function lockDownDefaultSession(): void {
  lockDownSession(session.defaultSession);
  session.defaultSession.setSpellCheckerEnabled(false);
}

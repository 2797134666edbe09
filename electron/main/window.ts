// The console window and the guards every web contents and the session get:
// no navigation away, no new windows, no webviews, and no permissions but notifications.
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAllowedExternalUrl, isAppUrl, isPermissionAllowed, secureWebPreferences } from './security.ts';

/** Opens allow-listed https links in the user's browser; drops everything else. */
function openExternally(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url).catch(() => undefined);
}

/** Applied to every web contents the app creates (app.on('web-contents-created')). */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    // Our own pages may reload themselves; anything else goes to the browser or nowhere.
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}

export interface MainWindowOptions {
  preloadPath: string;
  title: string;
  devTools: boolean;
  onLoadFailed: (err: unknown) => void;
}

export function createMainWindow({ preloadPath, title, devTools, onLoadFailed }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(preloadPath, { devTools }),
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch(onLoadFailed);
  return win;
}

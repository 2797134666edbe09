// The app menu as a plain template, so tests can read it without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Development builds get reload and the developer tools. */
  isDev: boolean;
  showLogs: () => void;
}

export function menuTemplate({ isDev, showLogs }: MenuActions): MenuItemConstructorOptions[] {
  const devItems: MenuItemConstructorOptions[] = isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    { label: '&File', submenu: [{ role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [...devItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: '&Help',
      submenu: [{ label: 'Show logs', click: showLogs }, { type: 'separator' }, { role: 'about' }],
    },
  ];
}

// The Electron shell's entry: one instance, one window, the menu, and the core started in
// a utilityProcess. Everything with logic lives in the small modules beside this one.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, shell, utilityProcess } from 'electron';
import type { Channel } from '../../shared/contract.ts';
import type { Result } from '../../shared/result.ts';
import { CONNECTION_EVENT, EVENT_CHANNEL } from '../../shared/desktop-bridge.ts';
import { osOperator } from '../core/operator.ts';
import { handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { CoreHost } from './core-process.ts';
import { createEventRelay, registerIpc } from './ipc.ts';
import { createMainLogger, logsDir, type ClosableLogger } from './logs.ts';
import { menuTemplate } from './menu.ts';
import { registerPrintToPdf } from './print.ts';
import { answerSecret } from './secrets.ts';
import { Backends } from './backends.ts';
import { registerTeamIpc } from './team-ipc.ts';
import { TilePolicy } from './tile-policy.ts';
import { createMainWindow, guardWebContents, hardenSession } from './window.ts';

// Tests (and anyone keeping two data sets apart) point the app at another data folder.
const dataDirOverride = process.env['B2B_DATA_DIR'];
if (dataDirOverride) app.setPath('userData', path.resolve(dataDirOverride));

registerAppScheme();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

const windows = new Set<BrowserWindow>();

function openWindow(log: ClosableLogger): BrowserWindow {
  const appDir = app.getAppPath();
  const win = createMainWindow({
    preloadPath: path.join(appDir, 'dist', 'electron', 'preload.cjs'),
    title: app.getName(),
    devTools: !app.isPackaged,
    onLoadFailed: (err) => log.error('window failed to load', { err }),
  });
  const id = win.webContents.id;
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.webContents.on('render-process-gone', (_e, details) => log.error('renderer gone', { reason: details.reason, webContents: id }));
  return win;
}

function start(): void {
  const userData = app.getPath('userData');
  const isDev = !app.isPackaged;
  const log = createMainLogger(userData, isDev);
  const appDir = app.getAppPath();
  log.info('starting', { version: app.getVersion(), electron: process.versions.electron, userData });

  hardenSession(session.defaultSession);
  const tiles = new TilePolicy();
  handleAppProtocol(path.join(appDir, 'dist', 'renderer'), () => tiles.template);

  const relayEvent = createEventRelay(() => [...windows].map((w) => w.webContents), log);
  const startLocal = () => {
    const core = new CoreHost({
      fork: () => utilityProcess.fork(path.join(appDir, 'dist', 'electron', 'core.cjs'), [], {
          serviceName: 'B2B Fleet Console core',
          stdio: 'inherit',
          // A smaller young generation: V8 otherwise keeps ~200 MB of slack after a burst of polls.
          execArgv: ['--max-semi-space-size=16'],
        }),
      init: { dataDir: userData, version: app.getVersion(), mode: 'desktop' },
      onEvent: relayEvent,
      onSecret: (req) => answerSecret(safeStorage, req),
      log,
    });
    core.start();
    return core;
  };
  // The CSP on app:// follows the map setting; a page holding an older policy reloads itself (renderer/src/fleet/map/stale-policy.ts).
  const noteTiles = (channel: Channel, result: Result<unknown>) => {
    if (tiles.observe(channel, result)) log.info('map tile host changed; new pages get its policy');
  };
  // This computer's own core, or a team server ("Connect to a team server" in Settings).
  const backends: Backends = new Backends({
    dataDir: userData,
    storage: safeStorage,
    log,
    operator: osOperator().actor,
    startLocal,
    onEvent: relayEvent,
    onConnection: (state) => {
      for (const w of windows) if (!w.webContents.isDestroyed()) w.webContents.send(EVENT_CHANNEL, CONNECTION_EVENT, { state });
    },
    onSwitched: () => {
      void backends.request('settings.get', {}).then((r) => noteTiles('settings.get', r));
      for (const w of windows) if (!w.webContents.isDestroyed()) w.webContents.reload();
    },
  });
  backends.start();
  void backends.request('settings.get', {}).then((r) => noteTiles('settings.get', r));

  const ourIds = () => new Set([...windows].map((w) => w.webContents.id));
  const relay = async (channel: Channel, payload: unknown) => {
    const result = await backends.request(channel, payload);
    noteTiles(channel, result);
    return result;
  };
  registerIpc(ipcMain, { isOurWebContents: (id) => ourIds().has(id), relay, log });
  registerPrintToPdf(ipcMain, { isOurWebContents: (id) => ourIds().has(id), log });
  registerTeamIpc(ipcMain, { isOurWebContents: (id) => ourIds().has(id), log, status: () => backends.status(), choose: (choice) => backends.choose(choice) });

  app.setAboutPanelOptions({ applicationName: app.getName(), applicationVersion: app.getVersion() });
  const showLogs = () => {
    void shell.openPath(logsDir(userData)).then((error) => {
      if (error) log.warn('could not open the logs folder', { error });
    });
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isDev, showLogs })));

  openWindow(log);

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    // Let the core close its database cleanly before the process goes.
    closing = true;
    event.preventDefault();
    void backends.stop().finally(() => {
      log.info('stopped');
      log.close();
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = windows;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      process.stderr.write(`B2B Fleet Console failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      app.exit(1);
    });
}

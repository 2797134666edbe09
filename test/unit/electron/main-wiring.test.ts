// Loads the real main.ts against a stand-in `electron` module (no binary is needed) and
// checks the wiring: scheme registered before ready, one locked instance, a hardened
// session, the core forked and initialised, every channel handled, the window loading
// app://console/ with the CSP on every response.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../shared/contract.ts';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import { PRINT_PDF_CHANNEL, TEAM_SERVER_GET_CHANNEL, TEAM_SERVER_SET_CHANNEL } from '../../../shared/desktop-bridge.ts';
import { startServer } from '../../../electron/server/serve.ts';

type Handler = (...args: unknown[]) => unknown;

const world = vi.hoisted(() => {
  const calls: string[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  return { calls, ready, markReady: () => markReady(), appDir: '', handlers: new Map<string, Handler>(), windows: [] as unknown[], children: [] as unknown[], protocolHandler: null as Handler | null, appEvents: new Map<string, Handler>() };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    readonly id = 41;
    readonly sent: unknown[][] = [];
    isDestroyed = () => false;
    send = (...args: unknown[]) => this.sent.push(args);
    reloads = 0;
    reload = () => this.reloads++;
    setWindowOpenHandler = () => undefined;
  }
  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    readonly options: unknown;
    loadedUrl = '';
    constructor(options: unknown) {
      super();
      this.options = options;
      world.calls.push('BrowserWindow');
      world.windows.push(this);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show = () => undefined;
    isMinimized = () => false;
    restore = () => undefined;
    focus = () => undefined;
  }
  class FakeChild extends Emitter {
    readonly posted: unknown[] = [];
    postMessage(m: unknown) {
      this.posted.push(m);
      // A clean shutdown ends the process, as the real core does.
      if ((m as { type?: string }).type === 'shutdown') setImmediate(() => this.emit('exit', 0));
    }
    kill = () => true;
  }
  return {
    app: {
      isPackaged: true, // quiet: no log echo to stderr
      getPath: () => path.join(world.appDir, 'userData'),
      setPath: () => undefined,
      getAppPath: () => world.appDir,
      getName: () => 'B2B Fleet Console',
      getVersion: () => '0.1.0',
      on: (event: string, handler: Handler) => world.appEvents.set(event, handler),
      whenReady: () => world.ready,
      requestSingleInstanceLock: () => {
        world.calls.push('requestSingleInstanceLock');
        return true;
      },
      quit: () => world.calls.push('quit'),
      exit: () => world.calls.push('exit'),
      setAboutPanelOptions: () => undefined,
    },
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, h: Handler) => world.handlers.set(channel, h), removeHandler: (c: string) => world.handlers.delete(c) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => world.calls.push('setApplicationMenu') },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => world.calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => world.calls.push('setPermissionCheckHandler'),
        setDevicePermissionHandler: () => undefined,
      },
    },
    shell: { openPath: () => Promise.resolve(''), openExternal: () => Promise.resolve() },
    utilityProcess: {
      fork: (script: string) => {
        world.calls.push(`fork ${path.relative(world.appDir, script)}`);
        const child = new FakeChild();
        world.children.push(child);
        return child;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: () => world.calls.push('registerSchemesAsPrivileged'),
      handle: (_scheme: string, h: Handler) => {
        world.protocolHandler = h;
      },
    },
  };
});

interface FakeChild extends EventEmitter { posted: { type: string; id?: number; channel?: string }[] }
interface FakeWindow { loadedUrl: string; options: { webPreferences: Record<string, unknown> }; webContents: { id: number; sent: unknown[][]; reloads: number } }

beforeAll(async () => {
  world.appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-main-'));
  fs.mkdirSync(path.join(world.appDir, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(world.appDir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>B2B Fleet Console</title>');
  await import('../../../electron/main/main.ts');
  world.markReady();
  await vi.waitFor(() => expect(world.calls).toContain('BrowserWindow'));
});
afterAll(() => {
  fs.rmSync(world.appDir, { recursive: true, force: true });
});

const child = () => world.children[0] as FakeChild;
const win = () => world.windows[0] as FakeWindow;

describe('main process wiring', () => {
  it('registers the app scheme and takes the single-instance lock before anything else', () => {
    expect(world.calls.slice(0, 2)).toEqual(['registerSchemesAsPrivileged', 'requestSingleInstanceLock']);
    expect(world.appEvents.has('second-instance')).toBe(true);
    expect(world.appEvents.has('web-contents-created')).toBe(true);
  });

  it('hardens the session and sets the menu, then opens one secure window on app://console/', () => {
    expect(world.calls).toEqual(expect.arrayContaining(['setPermissionRequestHandler', 'setPermissionCheckHandler', 'setApplicationMenu']));
    expect(world.calls.indexOf('setPermissionRequestHandler')).toBeLessThan(world.calls.indexOf('BrowserWindow'));
    expect(win().loadedUrl).toBe('app://console/index.html');
    expect(win().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: path.join(world.appDir, 'dist', 'electron', 'preload.cjs') });
  });

  it('forks the core from dist/electron/core.cjs and sends it init with the userData folder', () => {
    expect(world.calls).toContain(`fork ${path.join('dist', 'electron', 'core.cjs')}`);
    expect(child().posted[0]).toEqual({ type: 'init', dataDir: path.join(world.appDir, 'userData'), version: '0.1.0', mode: 'desktop' });
  });

  it('handles every contract channel and relays our window’s requests to the core', async () => {
    // Plus print to PDF, which main answers itself.
    expect([...world.handlers.keys()].sort()).toEqual([...channelNames, PRINT_PDF_CHANNEL, TEAM_SERVER_GET_CHANNEL, TEAM_SERVER_SET_CHANNEL].sort());
    child().emit('message', { type: 'ready' });
    const event = { sender: { id: win().webContents.id }, senderFrame: { url: 'app://console/index.html', parent: null } };
    const answer = world.handlers.get('sites.list')?.(event, {}) as Promise<unknown>;
    const request = child().posted.find((m) => m.type === 'request' && m.channel === 'sites.list');
    expect(request).toMatchObject({ channel: 'sites.list' });
    child().emit('message', { type: 'response', id: request?.id, result: { ok: true, data: [] } });
    await expect(answer).resolves.toEqual({ ok: true, data: [] });
  });

  it('asks the core for the map tiles, and serves the CSP for that host', async () => {
    const serve = (url: string) => world.protocolHandler?.({ url, method: 'GET' }) as Promise<Response>;
    expect((await serve('app://console/index.html')).headers.get('content-security-policy')).toContain("img-src 'self' data: https://tile.openstreetmap.org;");
    const ask = child().posted.find((m) => m.type === 'request' && m.channel === 'settings.get');
    expect(ask).toBeDefined();
    child().emit('message', { type: 'response', id: ask?.id, result: { ok: true, data: { ...DEFAULT_SETTINGS, map: { tiles: 'os', osApiKey: 'k' } } } });
    await vi.waitFor(async () => expect((await serve('app://console/index.html')).headers.get('content-security-policy')).toContain("img-src 'self' data: https://api.os.uk;"));
  });

  it('pushes core events to the window', () => {
    child().emit('message', { type: 'event', name: 'sites.changed', payload: { reason: 'removed', ids: [3] } });
    expect(win().webContents.sent).toContainEqual(['b2b:event', 'sites.changed', { reason: 'removed', ids: [3] }]);
  });

  it('serves the renderer over app:// with the CSP, and nothing outside it', async () => {
    const serve = (url: string) => world.protocolHandler?.({ url, method: 'GET' }) as Promise<Response>;
    const page = await serve('app://console/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    await expect(page.text()).resolves.toContain('B2B Fleet Console');
    expect((await serve('app://console/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await serve('app://console/missing.js')).status).toBe(404);
  });
});

// Last: it switches the app onto a team server and back, replacing the core the tests above use.
describe('Settings → Team server', () => {
  it('refuses other senders and bad choices, then moves the window onto a collector and back to a new local core', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-team-'));
    const token = 'T'.repeat(32);
    const server = await startServer({ dataDir: dir, staticDir: dir, token });
    try {
      const ours = { sender: { id: win().webContents.id }, senderFrame: { url: 'app://console/index.html', parent: null } };
      const foreign = { sender: { id: 99 }, senderFrame: { url: 'https://example.org/', parent: null } };
      const get = (e: unknown) => world.handlers.get(TEAM_SERVER_GET_CHANNEL)?.(e) as Promise<unknown>;
      const set = (e: unknown, choice: unknown) => world.handlers.get(TEAM_SERVER_SET_CHANNEL)?.(e, choice) as Promise<unknown>;
      await expect(get(ours)).resolves.toEqual({ ok: true, data: { mode: 'local', address: null, state: 'local', error: null, tokenKept: null } });
      await expect(set(foreign, { mode: 'local' })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await expect(set(ours, { mode: 'team', address: server.url, token, extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'validation' } });

      // This fake safeStorage has no keyring: the token is kept for the session only.
      await expect(set(ours, { mode: 'team', address: server.url, token })).resolves.toMatchObject({ ok: true, data: { mode: 'team', state: 'open', tokenKept: 'session' } });
      expect(win().webContents.reloads).toBe(1);
      expect(child().posted).toContainEqual({ type: 'shutdown' });
      const ask = (channel: string) => world.handlers.get(channel)?.(ours, {}) as Promise<unknown>;
      await expect(ask('app.info')).resolves.toMatchObject({ ok: true, data: { mode: 'browser' } });

      await expect(set(ours, { mode: 'local' })).resolves.toMatchObject({ ok: true, data: { mode: 'local' } });
      expect(world.children).toHaveLength(2);
      expect(win().webContents.reloads).toBe(2);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

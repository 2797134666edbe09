// Launches the built desktop app and checks the shell end to end: a window with our title,
// the sites view drawn from the core (in its utilityProcess), window.b2b present and no
// Node in the page. Each run gets its own data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { SitesPage } from '../e2e/pages/sites-page.ts';
import { findElectronBinary, missingDisplay } from './electron-binary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = findElectronBinary();
const skipReason = binary.found ? missingDisplay() : binary.reason;
if (skipReason) console.log(`[electron smoke] skipped: ${skipReason}`);
test.skip(skipReason !== null, skipReason ?? '');

let app: ElectronApplication | undefined;
let win: Page;
let dataDir: string | undefined;

test.beforeEach(async () => {
  if (!binary.found) return;
  if (!fs.existsSync(path.join(root, 'dist', 'electron', 'main.cjs'))) throw new Error('Build the app first: npm run build');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-electron-'));
  // Chromium refuses to run as root with its OS sandbox; CI containers run as root.
  const args = [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root];
  app = await electron.launch({ executablePath: binary.path, args, cwd: root, env: { ...process.env, B2B_DATA_DIR: dataDir, NODE_ENV: 'test' } });
  win = await app.firstWindow();
  await expect(win.getByTestId('app-ready')).toBeVisible();
});

test.afterEach(async () => {
  await app?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('opens the console window with the sites view', async () => {
  await expect(win).toHaveTitle('B2B Fleet Console');
  const sites = new SitesPage(win);
  await expect(sites.table.or(win.getByTestId('sites-empty'))).toBeVisible();
  expect(win.url()).toBe('app://console/index.html');
});

test('exposes window.b2b, and no Node, to the page', async () => {
  const globals = await win.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    const bridge = g['b2b'] as Record<string, unknown> | undefined;
    return { b2b: typeof bridge, methods: Object.keys(bridge ?? {}).sort(), require: typeof g['require'], process: typeof g['process'], module: typeof g['module'] };
  });
  expect(globals).toMatchObject({ b2b: 'object', require: 'undefined', process: 'undefined', module: 'undefined' });
  expect(globals.methods).toContain('sitesList');
  expect(globals.methods).not.toContain('invoke');
});

test('answers over IPC from the core, with data under the chosen folder', async () => {
  const info = await win.evaluate(() => {
    const bridge = (globalThis as unknown as { b2b: { appInfo(req: object): Promise<unknown> } }).b2b;
    return bridge.appInfo({});
  });
  expect(info).toMatchObject({ ok: true, data: { mode: 'desktop', dataDir } });
  expect(dataDir && fs.existsSync(path.join(dataDir, 'console.sqlite'))).toBe(true);
});

test('keeps the window on our page: navigation and window.open are refused', async () => {
  const opened = await win.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'));
  expect(opened).toBeNull();
  await win.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  // The page is still ours and still talks to the core.
  const info = await win.evaluate(() => (globalThis as unknown as { b2b: { appInfo(req: object): Promise<unknown> } }).b2b.appInfo({}));
  expect(info).toMatchObject({ ok: true });
  expect(win.url()).toBe('app://console/index.html');
  expect(app?.windows()).toHaveLength(1);
});

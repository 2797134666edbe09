// Each test gets its own console server (browser mode) with its own data folder,
// and a page already logged in with that run's token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { startServer, type RunningServer } from '../../electron/server/serve.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STATIC_DIR = path.join(root, 'dist', 'renderer');

export const test = base.extend<{ dataDir: string; server: RunningServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring.
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  server: async ({ dataDir }, use) => {
    if (!fs.existsSync(path.join(STATIC_DIR, 'index.html'))) throw new Error('Build the renderer first: npm run build:renderer');
    const server = await startServer({ dataDir, staticDir: STATIC_DIR });
    await use(server);
    await server.close();
  },
  page: async ({ page, server }, use) => {
    await page.goto(server.loginUrl);
    await expect(page.getByTestId('app-ready')).toBeVisible();
    await use(page);
  },
});

export { expect };

// Each test gets its own console server (browser mode) with its own data folder,
// and a page already logged in with that run's token, its session named for OPERATOR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { startServer, type RunningServer } from '../../electron/server/serve.ts';
import { channels, events } from '../../shared/contract.ts';
import type { FleetSnapshot } from '../../shared/fleet.ts';
import { OperatorPage } from './pages/operator-page.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built renderer; E2E_STATIC_DIR points elsewhere (e.g. a private build while others rebuild dist/). */
export const STATIC_DIR = process.env.E2E_STATIC_DIR ?? path.join(root, 'dist', 'renderer');
/** Who the `page` fixture's browser session says is using the console. */
export const OPERATOR = 'Sam Patel';

/** The demo fleet as the core holds it once every school has been polled at least once. */
export interface RunningDemo {
  snapshot: FleetSnapshot;
}

const DEMO_FIRST_POLLS_MS = 30_000;

/**
 * Starts the built-in demo (simulated schools over real SSH) and waits, on the core's own
 * fleet.changed events, until every demo site has a first poll result.
 */
export async function startDemo(server: RunningServer): Promise<RunningDemo> {
  const polled = new Set<number>();
  let wanted: Set<number> | null = null;
  let done: () => void = () => undefined;
  const allPolled = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    if (wanted && [...wanted].every((id) => polled.has(id))) done();
  };
  const off = server.core.onEvent((name, payload) => {
    if (name !== 'fleet.changed') return;
    for (const s of events['fleet.changed'].parse(payload).statuses) if (s.polledAt !== null) polled.add(s.siteId);
    check();
  });
  try {
    const started = await server.core.request('demo.start', {});
    if (!started.ok) throw new Error(`demo.start failed: ${started.error.message}`);
    const first = await server.core.request('fleet.snapshot', {});
    if (!first.ok) throw new Error(first.error.message);
    const snap = channels['fleet.snapshot'].response.parse(first.data);
    for (const s of snap.statuses) if (s.polledAt !== null) polled.add(s.siteId);
    wanted = new Set(snap.sites.map((s) => s.id));
    check();
    // Rather than wait for each site's scheduled first poll (spread out with jitter).
    const polledNow = await server.core.request('poll.now', {});
    if (!polledNow.ok) throw new Error(`poll.now failed: ${polledNow.error.message}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('The demo sites were not all polled in time')), DEMO_FIRST_POLLS_MS)));
    await Promise.race([allPolled, timeout]).finally(() => clearTimeout(timer));
    const after = await server.core.request('fleet.snapshot', {});
    if (!after.ok) throw new Error(after.error.message);
    return { snapshot: channels['fleet.snapshot'].response.parse(after.data) };
  } finally {
    off();
  }
}

export const test = base.extend<{ dataDir: string; server: RunningServer; demo: RunningDemo }>({
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
  /** The demo fleet, started through the core (the first-run spec starts it through the UI). */
  demo: async ({ server }, use) => {
    await use(await startDemo(server));
  },
  page: async ({ page, server }, use) => {
    await page.goto(server.loginUrl);
    await new OperatorPage(page).nameAs(OPERATOR);
    await use(page);
  },
});

export { expect };

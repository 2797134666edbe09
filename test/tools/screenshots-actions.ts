// Screenshots of remote actions for docs/: the preview of a restart over the sites that
// need attention, a bulk resync part way through, and the queue of actions waiting for
// schools that are off. The ordinary browser-mode server runs the demo fleet (simulated
// schools over real SSH); faults are set through the simulator's control. Build first.
// Run: node test/tools/screenshots-actions.ts [--out docs/screenshots]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { startServer } from '../../electron/server/serve.ts';
import { channels, type Channel, type RequestOf, type ResponseOf } from '../../shared/contract.ts';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const out = path.resolve(values.out);
const root = path.resolve(import.meta.dirname, '../..');
fs.mkdirSync(out, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-shots-actions-'));
const server = await startServer({ dataDir, staticDir: path.join(root, 'dist', 'renderer') });

async function ask<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await server.core.request(channel, request, { actor: 'Sam Patel' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return channels[channel].response.parse(r.data) as ResponseOf<C>;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await ask('demo.start', {});
const control = server.core.context.demo.control;
if (!control) throw new Error('no demo');
await ask('poll.now', {});
for (let i = 0; i < 60 && (await ask('fleet.snapshot', {})).statuses.some((s) => s.polledAt === null); i++) await sleep(500);
const snap = await ask('fleet.snapshot', {});
const healthy = snap.sites.filter((s) => snap.statuses.find((t) => t.siteId === s.id)?.verdict === 'healthy');

// Three schools switched off, each with a restart waiting for it: the queue.
const off = healthy.slice(0, 3);
for (const s of off) await control.inject(s.urn, { name: 'host-off' });
// A crash loop and a busy agent, so the preview and the run show more than one outcome.
const [crash, busy] = healthy.slice(3, 5);
if (crash) await control.inject(crash.urn, { name: 'crash-loop' });
if (busy) await control.inject(busy.urn, { name: 'agent-busy' });
for (let i = 0; i < 2; i++) await ask('poll.now', {});
for (const s of off) await ask('actions.start', { params: { kind: 'restart' }, siteIds: [s.id], whenBack: false, pacing: {} });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
async function open(hash: string, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height }, colorScheme: 'light' });
  await page.goto(server.loginUrl);
  await page.getByTestId('app-ready').waitFor();
  await page.goto(`${server.url.replace(/\/$/, '')}/${hash}`);
  return page;
}

// The preview: a restart of every site that needs attention, from the grid's filter.
const grid = await open('#/grid', 1000);
await grid.getByTestId('filter-verdict').selectOption('attention');
await grid.getByTestId('act-on-shown').click();
await grid.getByTestId('action-preview').waitFor();
await grid.getByTestId('action-kind-restart').check();
await grid.getByTestId('action-preview').waitFor();
await grid.screenshot({ path: path.join(out, 'action-preview.png') });
await grid.close();

// A bulk resync paced in waves, caught between two of them.
const bulk = healthy.slice(5, 25).map((s) => s.id);
if (busy) bulk.unshift(busy.id);
const run = await ask('actions.start', { params: { kind: 'resync', dataset: 'attendance' }, siteIds: bulk, whenBack: false, pacing: { concurrency: 4, waveSize: 8, wavePauseS: 60 } });
const progress = await open(`#/run/${run.id}`, 1250);
await progress.locator('[data-testid="run-progress"][data-done="8"]').waitFor({ timeout: 30_000 });
await progress.screenshot({ path: path.join(out, 'bulk-progress.png') });
await progress.close();
await ask('actions.cancelRun', { runId: run.id });

const queue = await open('#/actions', 900);
await queue.getByTestId('queue-table').waitFor();
await queue.screenshot({ path: path.join(out, 'action-queue.png') });
await queue.close();

await browser.close();
await server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`wrote action-preview.png, bulk-progress.png and action-queue.png to ${out}`);

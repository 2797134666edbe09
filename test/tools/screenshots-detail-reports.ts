// Screenshots of the site detail and reports views with a lived-in history, for docs/.
// A Brackenfield fleet on a frozen sim clock is stepped an hour at a time through the last
// DAYS days (faults coming and going at random), a core polling it each step into a data
// folder; then the ordinary browser-mode server opens that folder at real time and Chromium
// takes the pictures. Build the renderer first.
// Run: node test/tools/screenshots-detail-reports.ts [--days 14] [--out docs/screenshots]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { createCore } from '../../electron/core/core.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { startServer } from '../../electron/server/serve.ts';
import { calendarSettings, loadGiasSchools, startFleet, type FaultName } from '../../sim/index.ts';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.ts';

const HOUR = 3_600_000;
const FAULTS: FaultName[] = ['service-stopped', 'mis-unreachable', 'hung-transfer', 'credentials-expired', 'host-off', 'crash-loop'];

const { values } = parseArgs({ options: { days: { type: 'string', default: '14' }, out: { type: 'string', default: 'docs/screenshots' } } });
const days = Number(values.days);
const out = path.resolve(values.out);
const root = path.resolve(import.meta.dirname, '../..');
fs.mkdirSync(out, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-shots-'));

const { schools } = await loadGiasSchools(path.join(root, 'sim', 'data', 'gias-brackenfield.csv'));
const now = Date.now();
const fleet = await startFleet({ schools, seed: 'docs', faultRate: 0.08, start: now - days * 24 * HOUR, speed: 0, controlPort: false });
const core = await createCore({ dataDir, mode: 'browser', version: 'docs', clock: fleet.clock, startPolling: false });
const ctx = core.context;
const cal = calendarSettings();
await ctx.settings.set('terms', cal.terms);
await ctx.settings.set('closures', cal.closures);
await ctx.settings.set('dampingPolls', 1);
// Hourly steps: an hour between samples must count as observed time, not a gap.
await ctx.settings.set('pollIntervalS', 3600);
await ctx.credentials.save('default', { privateKey: fleet.clientKey.privateKey });
await importSites({ store: ctx.store, now: () => ctx.clock.now() }, fleet.sites, { approvedBy: 'docs' });
ctx.poller.reloadSettings();
await ctx.poller.start();

// A fixed-seed generator, so the same days give the same pictures.
let seed = 42;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
for (let t = now - days * 24 * HOUR; t <= now; t += HOUR) {
  await fleet.control.setClock({ time: t, speed: 0 });
  for (const { urn } of fleet.sites) {
    const faulty = fleet.control.truthOf(urn).faults.length > 0;
    if (faulty && rand() < 0.08) await fleet.control.clear(urn);
    else if (!faulty && rand() < 0.004) await fleet.control.inject(urn, { name: FAULTS[Math.floor(rand() * FAULTS.length)] ?? 'service-stopped' });
  }
  await ctx.poller.pollNow();
}
await ctx.settings.set('pollIntervalS', 300);
await core.close();
await fleet.control.setClock({ time: Date.now(), speed: 1 });

const server = await startServer({ dataDir, staticDir: path.join(root, 'dist', 'renderer') });
await server.core.request('poll.now', {});
const { statuses } = await server.core.context.poller.snapshot();
const siteId = statuses.find((s) => s.datasets.some((d) => d.state === 'stale' || d.state === 'failed'))?.siteId ?? 1;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

async function shoot(hash: string, file: string, colorScheme: 'light' | 'dark', height: number, ready: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1440, height }, colorScheme });
  await page.goto(server.loginUrl);
  await page.getByTestId('operator-name-input').fill('Sam Patel');
  await page.getByTestId('operator-name-submit').click();
  await page.getByTestId('app-ready').waitFor();
  await page.goto(`${server.url.replace(/\/$/, '')}/${hash}`);
  await ready(page);
  await page.screenshot({ path: path.join(out, file) });
  await page.close();
}
const siteReady = async (page: Page): Promise<void> => {
  await page.getByTestId('site-verdict').waitFor();
  await page.getByTestId('timeline-summary').or(page.getByTestId('timeline-empty')).waitFor();
  await page.getByTestId('log-fetch').click();
  await page.getByTestId('log-lines').or(page.getByTestId('log-error')).waitFor();
};
await shoot(`#/site/${siteId}`, 'site-detail.png', 'light', 1700, siteReady);
await shoot(`#/site/${siteId}`, 'site-detail-dark.png', 'dark', 1700, siteReady);
await shoot('#/reports', 'reports.png', 'light', 2350, (page) => page.locator('[data-testid="reports"][data-loading="false"][data-range-from]').waitFor());

await browser.close();
await server.close();
await fleet.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`site ${siteId}: wrote site-detail.png, site-detail-dark.png and reports.png to ${out}`);

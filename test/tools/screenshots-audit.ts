// Screenshot of the audit view for docs/: the demo fleet, a few people's changes through the
// core (each under its own operator, as browser sessions would make them), then Chromium
// names its session, verifies the chain and opens one entry's detail. Build the renderer first.
// Run: node test/tools/screenshots-audit.ts [--out docs/screenshots]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startServer } from '../../electron/server/serve.ts';
import { channels } from '../../shared/contract.ts';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const out = path.resolve(values.out);
const root = path.resolve(import.meta.dirname, '../..');
fs.mkdirSync(out, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-shots-'));
const server = await startServer({ dataDir, staticDir: path.join(root, 'dist', 'renderer') });

async function as(actor: string, channel: keyof typeof channels, payload: unknown): Promise<unknown> {
  const r = await server.core.request(channel, payload, { actor });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data;
}

await as('Sam Patel', 'demo.start', {});
await as('Sam Patel', 'poll.now', {});
const sites = channels['sites.list'].response.parse(await as('Sam Patel', 'sites.list', {}));
const [a, b, c] = sites;
if (!a || !b || !c) throw new Error('the demo fleet has too few sites');
await as('Priya Shah', 'settings.update', { patch: { pollIntervalS: 600 } });
await as('Priya Shah', 'maintenance.add', { siteId: a.id, startsAt: Date.now() + 86_400_000, endsAt: Date.now() + 90_000_000, reason: 'Network switch swap in the server room' });
await as('Alex Jones', 'alerts.mute', { siteId: b.id, muted: true });
const now = Date.now();
await as('Alex Jones', 'maintenance.add', { siteId: c.id, startsAt: now, endsAt: now + 4 * 3_600_000, reason: 'Server replacement, agreed with the school office' });
const open = channels['incidents.list'].response.parse(await as('Sam Patel', 'incidents.list', { state: 'open' }));
const incident = open.find((i) => i.kind === 'site');
if (incident) {
  await as('Sam Patel', 'incidents.acknowledge', { id: incident.id });
  await as('Sam Patel', 'incidents.assign', { id: incident.id, assignee: 'Priya Shah' });
  await as('Priya Shah', 'incidents.addNote', { id: incident.id, text: 'Rang the school: the B2B service was stopped after a Windows update. Restarted by the caretaker.' });
}
await as('Sam Patel', 'alerts.mute', { siteId: b.id, muted: false });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
await page.goto(server.loginUrl);
await page.getByTestId('operator-name-input').fill('Sam Patel');
await page.getByTestId('operator-name-submit').click();
await page.getByTestId('app-ready').waitFor();
await page.getByTestId('nav-audit').click();
await page.getByTestId('audit-table').waitFor();
await page.getByTestId('audit-verify').click();
await page.getByTestId('audit-verify-result').waitFor();
const withDetail = page.locator('[data-testid^="audit-detail-toggle-"]').nth(2);
await withDetail.click();
await page.mouse.move(0, 0);
await page.screenshot({ path: path.join(out, 'audit.png') });

await browser.close();
await server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`wrote audit.png to ${out}`);

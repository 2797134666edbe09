// Screenshots of fleet configuration for docs/: the template editor, a rollout's diff grouped
// by what changes, a rollout in progress (waiting for approval after its canary) and its
// report. The ordinary browser-mode server runs the demo fleet (simulated schools over real
// SSH). Build first.
// Run: node test/tools/screenshots-config.ts [--out docs/screenshots]
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
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-shots-config-'));
const server = await startServer({ dataDir, staticDir: process.env.E2E_STATIC_DIR ?? path.join(root, 'dist', 'renderer') });

async function ask<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await server.core.request(channel, request, { actor: 'Sam Patel' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return channels[channel].response.parse(r.data) as ResponseOf<C>;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await ask('demo.start', {});
await ask('poll.now', {});
for (let i = 0; i < 60 && (await ask('fleet.snapshot', {})).statuses.some((s) => s.polledAt === null); i++) await sleep(500);
const snap = await ask('fleet.snapshot', {});

// The SaaS move: a new endpoint for every school, and for one area a later attendance return.
await ask('config.saveTemplate', { name: 'Capita One', fields: { endpointUrl: 'https://one.brackenfield.gov.uk/b2b', logLevel: 'info' }, note: 'Today’s on-premises endpoint, as every school has it', baseVersion: 0 });
const v2 = await ask('config.saveTemplate', { name: 'Capita One', fields: { endpointUrl: 'https://brackenfield.one-saas.example.com/b2b', logLevel: 'info' }, note: 'Move to the vendor’s SaaS endpoint (cabinet decision, item 7)', baseVersion: 1 });
await ask('config.assign', { siteIds: 'all', template: v2.name });
const area = snap.sites.find((s) => s.area)?.area;
if (area) await ask('config.saveOverride', { scope: 'area', key: area, fields: { schedule: { attendance: ['09:30', '13:30'] } }, note: 'Attendance after registration and after lunch for the welfare team' });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
async function open(hash: string, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height }, colorScheme: 'light' });
  await page.goto(server.loginUrl);
  await page.getByTestId('operator-name-input').fill('Sam Patel');
  await page.getByTestId('operator-name-submit').click();
  await page.getByTestId('app-ready').waitFor();
  await page.goto(`${server.url.replace(/\/$/, '')}/${hash}`);
  return page;
}

// The template editor, part way through an edit, with its versions below.
const editor = await open('#/config', 1300);
await editor.getByTestId('template-editor').waitFor();
await editor.getByTestId('field-schedule.assessment').fill('18:00');
await editor.getByTestId('field-days.assessment').getByLabel('Assessment days: Fri').check();
await editor.getByTestId('template-note').fill('Assessment once a week, Friday evening');
await editor.screenshot({ path: path.join(out, 'config-template.png') });

// The plan's preview: what changes, grouped, one group opened to its sites.
// A rollout takes a saved version: start again from the saved template.
await editor.reload();
await editor.getByTestId('template-editor').waitFor();
await editor.getByTestId('template-rollout').click();
const plan = editor.getByTestId('rollout-plan');
await plan.getByTestId('action-field-canary').fill('3');
await plan.getByTestId('action-field-waves').fill('25%');
await plan.getByTestId('action-field-waitMin').fill('0');
await plan.getByTestId('action-field-gateWindowMin').fill('2');
await plan.getByTestId('rollout-approval').check();
await plan.getByTestId('rollout-preview').click();
const group = plan.getByTestId('diff-group').last();
await group.locator('summary').click();
await group.locator('[data-testid^="site-diff-"]').first().waitFor();
await editor.screenshot({ path: path.join(out, 'config-diff.png') });

// Started: the canary goes first and the next wave waits for approval.
const n = await plan.getByTestId('rollout-preview-count').getAttribute('data-count');
await plan.getByTestId('rollout-confirm-count').fill(n ?? '');
await plan.getByTestId('rollout-start').click();
await editor.getByTestId('rollout-view').waitFor();
await editor.locator('[data-testid="rollout-state"][data-state="awaiting-approval"]').waitFor({ timeout: 180_000 });
await editor.screenshot({ path: path.join(out, 'rollout-progress.png') });

// Its report so far.
await editor.getByTestId('rollout-report').scrollIntoViewIfNeeded();
await editor.getByTestId('rollout-report').screenshot({ path: path.join(out, 'rollout-report.png') });
await editor.close();

await browser.close();
await server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`wrote config-template.png, config-diff.png, rollout-progress.png and rollout-report.png to ${out}`);

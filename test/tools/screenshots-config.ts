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
import { slugOf } from '../../sim/profile.ts';
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

// The demo's template (today's endpoint, an override per area), then a weekly assessment
// return; the SaaS move itself is per area (each area's SaaS address differs), so it is an
// area override's endpoint.
const [v1] = await ask('config.templates', {});
if (v1?.name !== 'Brackenfield schools') throw new Error('The demo has no template');
const v2 = await ask('config.saveTemplate', {
  name: 'Brackenfield schools',
  fields: { ...v1.fields, logLevel: 'info', schedule: { assessment: ['18:00'] }, days: { assessment: [5] } },
  note: 'Assessment once a week, Friday 18:00, after the data manager’s entry window',
  baseVersion: 1,
});
await ask('config.assign', { siteIds: 'all', template: v2.name });
const areas = [...new Set(snap.sites.map((s) => s.area).filter((a): a is string => a !== null))].sort();
for (const area of areas.slice(0, Math.ceil(areas.length / 2))) {
  await ask('config.saveOverride', { scope: 'area', key: area, fields: { endpointUrl: `https://one-saas.example.net/b2b/${slugOf(area)}` }, note: `SaaS move, first areas: ${area}` });
}

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
await editor.getByTestId('field-schedule.attendance').fill('09:30, 13:30');
for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await editor.getByTestId('field-days.attendance').getByLabel(`Attendance days: ${day}`).check();
await editor.getByTestId('template-note').fill('Attendance after registration and after lunch, for the welfare team');
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
// After its canary the rollout waits for approval (or, if a canary school failed its check, halts).
await editor.locator('[data-testid="rollout-state"]:is([data-state="awaiting-approval"], [data-state="halted"])').waitFor({ timeout: 180_000 });
await editor.screenshot({ path: path.join(out, 'rollout-progress.png') });

// Approved wave by wave to the end; its report as printed (the print stylesheet drops the controls).
const id = Number(await editor.getByTestId('rollout-view').getAttribute('data-rollout-id'));
for (let i = 0; i < 360; i++) {
  const { rollout } = await ask('rollouts.get', { id });
  if (rollout.state === 'completed' || rollout.state === 'halted' || rollout.state === 'aborted') break;
  if (rollout.state === 'awaiting-approval') await ask('rollouts.approve', { id, typed: rollout.name });
  await sleep(500);
}
await editor.locator('[data-testid="rollout-state"]:is([data-state="completed"], [data-state="halted"])').waitFor();
await editor.emulateMedia({ media: 'print' });
await editor.getByTestId('rollout-report').screenshot({ path: path.join(out, 'rollout-report.png') });
await editor.close();

await browser.close();
await server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`wrote config-template.png, config-diff.png, rollout-progress.png and rollout-report.png to ${out}`);

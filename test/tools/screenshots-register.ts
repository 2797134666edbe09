// Screenshots of the site register for docs/: a GIAS import's preview, the host keys waiting
// for a person (simulated schools over real SSH, one rebuilt), and a term-dates import's preview.
// Build first.
// Run: node test/tools/screenshots-register.ts [--out docs/screenshots]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startServer } from '../../electron/server/serve.ts';
import { channels, type Channel, type RequestOf, type ResponseOf } from '../../shared/contract.ts';
import { startFleet } from '../../sim/index.ts';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.ts';
import { GiasImportPage } from '../e2e/pages/gias-page.ts';
import { HostKeysPage } from '../e2e/pages/host-keys-page.ts';
import { TermImportPage } from '../e2e/pages/term-import-page.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const out = path.resolve(values.out);
const root = path.resolve(import.meta.dirname, '../..');
fs.mkdirSync(out, { recursive: true });
const staticDir = process.env.E2E_STATIC_DIR ?? path.join(root, 'dist', 'renderer');
const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** A console of its own on a fresh store, a page signed in as Sam Patel, and a way to ask its core. */
async function consoleAt(hash: string, height: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-shots-register-'));
  const server = await startServer({ dataDir, staticDir });
  const page: Page = await browser.newPage({ viewport: { width: 1440, height }, colorScheme: 'light' });
  await page.goto(server.loginUrl);
  await page.getByTestId('operator-name-input').fill('Sam Patel');
  await page.getByTestId('operator-name-submit').click();
  await page.getByTestId('app-ready').waitFor();
  await page.goto(`${server.url.replace(/\/$/, '')}/${hash}`);
  const ask = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = await server.core.request(channel, request, { actor: 'Sam Patel' });
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return channels[channel].response.parse(r.data) as ResponseOf<C>;
  };
  const close = async () => {
    await page.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { page, server, ask, close };
}

// 1. A GIAS extract previewed: counts, the changes, rows with problems by line.
{
  const c = await consoleAt('#/sites', 1200);
  const gias = new GiasImportPage(c.page);
  await gias.open();
  await gias.preview('edubasealldata20261201.csv', fs.readFileSync(path.join(root, 'test/fixtures/gias-brackenfield.csv')));
  await gias.dialog.screenshot({ path: path.join(out, 'gias-preview.png') });
  await c.close();
}

// 2. Host keys waiting: five first-seen schools and one whose server was rebuilt.
{
  const c = await consoleAt('#/triage', 900);
  const fleet = await startFleet({ sites: 6, seed: 'docs-host-keys', faultRate: 0, transientFailureRate: 0, speed: 1, controlPort: false });
  try {
    await c.server.core.context.credentials.save('default', { privateKey: fleet.clientKey.privateKey });
    const ids: number[] = [];
    for (const s of fleet.sites) ids.push((await c.ask('sites.create', { site: { urn: s.urn, name: s.name, area: s.area ?? null, host: s.host, port: s.port, user: s.user } })).id);
    await c.ask('poll.now', { ids });
    const last = fleet.sites.length - 1;
    await c.ask('hostkeys.decide', { decision: 'approve', items: [{ siteId: ids[last] ?? 0, fingerprint: fleet.control.truthOf(fleet.sites[last]?.urn ?? 0).hostKeyFingerprint }] });
    await fleet.control.inject(fleet.sites[last]?.urn ?? 0, { name: 'host-key-changed' });
    await c.ask('poll.now', { ids: [ids[last] ?? 0] });
    const keys = new HostKeysPage(c.page);
    await keys.open();
    await keys.rows.nth(5).waitFor();
    await keys.select(ids[0] ?? 0, ids[1] ?? 0, ids[2] ?? 0);
    await keys.view.screenshot({ path: path.join(out, 'host-keys.png') });
  } finally {
    await fleet.close();
    await c.close();
  }
}

// 3. An LA's term dates (.ics) previewed before they are saved.
{
  const c = await consoleAt('#/settings', 1400);
  const terms = new TermImportPage(c.page);
  await terms.choose(path.join(root, 'test/fixtures/term-dates-2026-27.ics'));
  await terms.preview.screenshot({ path: path.join(out, 'term-dates.png') });
  await c.close();
}

await browser.close();
console.log(`wrote gias-preview.png, host-keys.png and term-dates.png to ${out}`);

// Issue 12, item 2: a school that became an academy under a new URN is carried over in the
// browser: the same server moves to the new URN, and the new site's timeline goes back past
// the conversion, to the old URN's polls.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sample } from '../../electron/core/store/history-types.ts';
import { formatLondonShort } from '../../renderer/src/components/format.ts';
import { formatDuration } from '../../shared/uptime.ts';
import { axe, seriousFindings } from './a11y.ts';
import { expect, OPERATOR, test } from './fixtures.ts';
import { ConversionsPage } from './pages/conversions-page.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gias-brackenfield.csv');
const HOUR = 3_600_000;

test('an academy conversion is carried over, and the new URN shows the old one\u2019s history', async ({ page, server }) => {
  const { core } = server;
  // Port 1: nothing listens, so the console's own polls are refused at once and touch no one.
  const created = await core.request('sites.create', { site: { urn: 141043, name: 'Birchwood Academy', area: 'North', host: '127.0.0.1', port: 1, user: 'b2b', tags: ['secondary'] } });
  if (!created.ok) throw new Error(created.error.message);
  const pred = created.data as { id: number };
  // Five days of hourly polls under the old URN, one of them down, ending two days ago.
  const start = Math.floor(Date.now() / HOUR) * HOUR - 5 * 24 * HOUR;
  const samples: Sample[] = [];
  for (let ts = start; ts <= start + 3 * 24 * HOUR; ts += HOUR) {
    const verdict = ts === start + 24 * HOUR ? 'unreachable' : 'healthy';
    samples.push({ siteId: pred.id, ts, verdict, rawVerdict: verdict, latencyMs: 30, reasons: [], returns: {}, lastSuccess: {}, intervalMs: HOUR });
  }
  await core.context.history.recordRound(samples);

  const conversions = new ConversionsPage(page);
  await conversions.openFromSites(server.url);
  await conversions.find(FIXTURE);
  const row = conversions.pair(141043);
  await expect(row).toContainText('Birchwood Academy (URN 141885) — new site');
  await expect(row).toContainText('same address, closed 31-08-2021 as Academy converter, opened 01-09-2021');
  await expect(row).toContainText('host 127.0.0.1:1');
  await expect(row).toContainText('Ready');
  expect(await seriousFindings(axe(page))).toEqual([]);

  await conversions.confirm();
  await expect(conversions.done).toContainText('Birchwood Academy (URN 141885)');
  const audit = (await core.context.audit.recent()).map((e) => [e.actor, e.action]);
  expect(audit.slice(0, 3).reverse()).toEqual([
    [OPERATOR, 'site.create'],
    [OPERATOR, 'site.convert'],
    [OPERATOR, 'site.remove'],
  ]);

  await conversions.done.getByRole('link').click();
  await expect(page.getByTestId('site-urn')).toHaveText('141885');
  await expect(page.getByTestId('site-lineage')).toHaveText('Formerly URN 141043 (converted 01-09-2021)');
  // The timeline of the new URN starts at the old URN's first poll, days before the conversion.
  await page.getByTestId('timeline-days-7').check();
  await expect(page.getByTestId('timeline-summary')).toContainText(`monitored since ${formatLondonShort(start)}`);
  // The old URN's 71 healthy hours count under the new one (its own polls here are all refused).
  const healthy = page.getByRole('list', { name: 'Time per verdict' }).getByRole('listitem').filter({ hasText: 'Healthy' });
  await expect(healthy).toContainText(formatDuration(71 * 3600));
  expect(await seriousFindings(axe(page, '[data-testid="site-detail"] .sd-head'))).toEqual([]);

  // The old URN is removed, history kept, and points to the new one.
  await page.getByTestId('site-lineage').getByRole('link', { name: 'Formerly URN 141043' }).click();
  await expect(page.getByTestId('site-urn')).toHaveText('141043');
  await expect(page.getByTestId('site-lineage')).toHaveText('Now URN 141885 (converted 01-09-2021)');

  // Nothing is offered twice.
  await conversions.openFromSites(server.url);
  await conversions.find(FIXTURE);
  await expect(page.getByTestId('conv-none')).toBeVisible();
});

// A manager's report over the demo fleet: the CSV exports must carry exactly what the store
// holds, so a board paper built from them agrees with the console.
import { DATASET_LABELS, DATASETS } from '../../shared/protocol/v1.ts';
import type { GroupColumnName, UptimeReportView } from '../../shared/reports.ts';
import { formatPercent, termPeriods } from '../../shared/uptime.ts';
import { ask } from './core-ask.ts';
import { axe, seriousFindings } from './a11y.ts';
import { expect, test } from './fixtures.ts';
import { ReportsPage } from './pages/reports-page.ts';

type Totals = UptimeReportView['fleet'];

test.beforeEach(async ({ server }) => {
  expect(await server.core.request('demo.start', {})).toMatchObject({ ok: true });
  // Two rounds, so there is time between samples to count as up or down.
  expect(await server.core.request('poll.now', {})).toMatchObject({ ok: true });
  expect(await server.core.request('poll.now', {})).toMatchObject({ ok: true });
  // Hold the history still while the page and the spec read it.
  expect(await server.core.request('poll.pause', {})).toMatchObject({ ok: true });
});

/** The columns of a CSV row as a record, by header. */
function records(rows: string[][]): Record<string, string>[] {
  const [head, ...body] = rows;
  if (!head) return [];
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

function expectTotals(row: Record<string, string> | undefined, store: Omit<Totals, 'sites'>): void {
  expect(row, 'a CSV row for these totals').toBeDefined();
  expect(Number(row?.['Seconds up'])).toBe(store.secondsUp);
  expect(Number(row?.['Seconds down'])).toBe(store.secondsDown);
  expect(Number(row?.['Seconds excluded'])).toBe(store.secondsExcluded);
  expect(Number(row?.['Returns made'])).toBe(DATASETS.reduce((n, d) => n + store.returns[d], 0));
  for (const d of DATASETS) expect(Number(row?.[`${DATASET_LABELS[d]} returns`])).toBe(store.returns[d]);
}

test('a manager exports the uptime CSV and its totals match the store', async ({ page, server }) => {
  const reports = new ReportsPage(page);
  await reports.open();
  const range = await reports.range();
  const sites = await ask(server, 'sites.list', {});
  const urnOf = new Map(sites.map((s) => [s.id, String(s.urn)]));

  // The league: one row per site, each equal to the store's figures for it, then the fleet.
  const league = await reports.exportCsv('league');
  expect(league.download.suggestedFilename()).toMatch(/^uptime-league_\d{4}-\d{2}-\d{2}_to_\d{4}-\d{2}-\d{2}\.csv$/);
  const store = await ask(server, 'uptime.report', { range });
  expect(store.fleet.secondsUp + store.fleet.secondsDown).toBeGreaterThan(0);
  const leagueRows = records(league.rows);
  const fleetRow = leagueRows.at(-1);
  expect(fleetRow?.['Site']).toBe('All sites (fleet)');
  expectTotals(fleetRow, store.fleet);
  const siteRows = leagueRows.slice(0, -1);
  expect(siteRows).toHaveLength(sites.length);
  for (const s of store.sites) expectTotals(siteRows.find((r) => r['URN'] === urnOf.get(s.siteId)), s);
  const sum = (rows: Record<string, string>[], col: string) => rows.reduce((n, r) => n + Number(r[col]), 0);
  expect(sum(siteRows, 'Seconds up')).toBe(store.fleet.secondsUp);
  expect(sum(siteRows, 'Seconds down')).toBe(store.fleet.secondsDown);

  // The group splits: every group of every split equal to the store, and each split adding up to the fleet.
  const groups = records((await reports.exportCsv('groups')).rows);
  const splits: [string, GroupColumnName][] = [
    ['Area', 'area'],
    ['Phase', 'phase'],
    ['Type group', 'type_group'],
  ];
  for (const [label, groupBy] of splits) {
    const byGroup = await ask(server, 'uptime.report', { range, groupBy });
    const rows = groups.filter((r) => r['Split'] === label);
    expect(rows).toHaveLength(byGroup.groups.length);
    for (const g of byGroup.groups) {
      const row = rows.find((r) => r['Group'] === (g.group ?? 'Not recorded'));
      expectTotals(row, g);
      expect(Number(row?.['Sites'])).toBe(g.sites);
    }
    expect(sum(rows, 'Seconds up')).toBe(store.fleet.secondsUp);
    expect(sum(rows, 'Seconds down')).toBe(store.fleet.secondsDown);
  }
  expectTotals(groups.find((r) => r['Split'] === 'Fleet'), store.fleet);
});

test('the report follows the chosen period and shows the fleet figures on screen', async ({ page, server }) => {
  const reports = new ReportsPage(page);
  await reports.open();
  const week = await reports.range();
  const store = await ask(server, 'uptime.report', { range: week });
  await expect(page.getByTestId('kpi-uptime')).toContainText(formatPercent(store.fleet.uptime));
  await expect(reports.league.locator('tbody tr')).toHaveCount(40);

  // "This term" is the latest term to have started by now, from the calendar the demo set up.
  const { terms } = await ask(server, 'settings.get', {});
  const now = Date.now();
  const latest = termPeriods(0, now + 1, terms).filter((p) => p.from <= now).at(-1);
  await reports.choosePeriod('this-term');
  if (!latest) {
    await expect(page.getByTestId('period-problem')).toContainText('No term dates');
    return;
  }
  await reports.waitForRange(latest.from);
  await expect(page.getByTestId('report-range')).toContainText(latest.name);
});

test('Print / PDF opens the browser’s print in browser mode', async ({ page }) => {
  const reports = new ReportsPage(page);
  await reports.open();
  // The real dialog would block a headless page; record the call instead.
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await page.getByTestId('print-report').click();
  await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');
});

test('the reports view has no serious accessibility violations', async ({ page }) => {
  const reports = new ReportsPage(page);
  await reports.open();
  await expect(page.getByTestId('trend-chart').or(page.getByTestId('trend-empty'))).toBeVisible();
  // Both themes: contrast that holds in light can fail in dark.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page, '[data-testid="reports"]'), colorScheme)).toEqual([]);
  }
});

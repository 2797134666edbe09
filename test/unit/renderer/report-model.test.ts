import { describe, expect, it } from 'vitest';
import { groupsCsv, leagueCsv, LEAGUE_HEADERS, percentCell } from '../../../renderer/src/views/reports/report-csv.ts';
import { chartPoints, groupRows, leagueRows, SPLITS } from '../../../renderer/src/views/reports/report-model.ts';
import { parse } from 'csv-parse/sync';
import type { TtrReport } from '../../../shared/incidents.ts';
import type { UptimeReportView } from '../../../shared/reports.ts';
import type { Site } from '../../../shared/site.ts';

const site = (id: number, name: string, area: string | null, typeGroup: string): Site => ({
  id, urn: 100000 + id, laestab: `999${String(id).padStart(4, '0')}`, name, type: null, typeGroup, phase: 'Primary', trust: null, area, pupils: 100,
  latitude: null, longitude: null, host: 'h', port: 22, user: 'u', tags: [], demo: false, createdAt: '', updatedAt: '', archivedAt: null, archivedBy: null,
  postcode: null, street: null, town: null, giasStatus: null, locationSource: null, notes: '',
});
const returns = (n: number) => ({ pupils: n, attendance: n, exclusions: 0, assessment: 0 });
const SITES = [site(1, 'Alpha Academy', 'North', 'Academies'), site(2, '=Beta, "School"', 'North', 'Local authority maintained schools'), site(3, 'Gamma', null, 'Academies'), site(4, 'Delta (new)', 'South', 'Academies')];
const REPORT: UptimeReportView = {
  from: 0, to: 3_600_000, sources: [],
  sites: [
    { siteId: 1, secondsUp: 3000, secondsDown: 600, secondsExcluded: 0, uptime: 3000 / 3600, returns: returns(2) },
    { siteId: 2, secondsUp: 3600, secondsDown: 0, secondsExcluded: 0, uptime: 1, returns: returns(0) },
    { siteId: 3, secondsUp: 1800, secondsDown: 1800, secondsExcluded: 10, uptime: 0.5, returns: returns(1) },
  ],
  groups: [
    { group: 'North', sites: 2, secondsUp: 6600, secondsDown: 600, secondsExcluded: 0, uptime: 6600 / 7200, returns: returns(2) },
    { group: null, sites: 1, secondsUp: 1800, secondsDown: 1800, secondsExcluded: 10, uptime: 0.5, returns: returns(1) },
  ],
  fleet: { sites: 3, secondsUp: 8400, secondsDown: 2400, secondsExcluded: 10, uptime: 8400 / 10800, returns: returns(3) },
};
const TTR: TtrReport = {
  from: '', to: '', groupBy: 'area', overall: { count: 2, meanMs: 90_000, medianMs: 90_000, maxMs: 120_000 },
  groups: [{ group: 'North', count: 2, meanMs: 90_000, medianMs: 90_000, maxMs: 120_000 }],
  sites: [{ siteId: 1, siteName: 'Alpha Academy', siteUrn: 100001, group: 'North', count: 2, meanMs: 90_000, medianMs: 90_000, maxMs: 120_000 }],
};

describe('league rows', () => {
  it('ranks worst uptime first and puts sites with nothing counted last', () => {
    const rows = leagueRows(SITES, REPORT, TTR);
    expect(rows.map((r) => r.siteId)).toEqual([3, 1, 2, 4]);
    expect(rows[1]).toMatchObject({ incidents: 2, returnsTotal: 4, ttr: { meanMs: 90_000 } });
    expect(rows[3]).toMatchObject({ uptime: null, secondsUp: 0, returnsTotal: 0 });
  });
});

describe('group rows', () => {
  it('keeps the store’s totals and counts the sites that made a return', () => {
    const rows = groupRows(REPORT, TTR, 'area', SITES);
    expect(rows[0]).toMatchObject({ group: 'North', sites: 2, secondsUp: 6600, returnsTotal: 4, sitesReturning: 1, ttr: { count: 2 } });
    expect(rows[1]).toMatchObject({ group: null, sitesReturning: 1, ttr: null });
  });
});

describe('CSV exports', () => {
  it('the league CSV has a row per site and a fleet row equal to the store, and guards formulas', () => {
    const rows = parse(leagueCsv(leagueRows(SITES, REPORT, TTR), REPORT.fleet));
    expect(rows[0]).toEqual(LEAGUE_HEADERS);
    const col = (name: string) => LEAGUE_HEADERS.indexOf(name);
    const body = rows.slice(1, -1);
    const total = rows.at(-1) ?? [];
    expect(body).toHaveLength(4);
    expect(body.reduce((n, r) => n + Number(r[col('Seconds down')]), 0)).toBe(REPORT.fleet.secondsDown);
    expect(Number(total[col('Seconds up')])).toBe(REPORT.fleet.secondsUp);
    expect(Number(total[col('Returns made')])).toBe(6);
    expect(body.find((r) => r[0]?.includes('Beta'))?.[0]).toBe(`'=Beta, "School"`);
  });

  it('the group CSV lists every split and ends with the fleet', () => {
    const splits = SPLITS.map((s) => ({ label: s.label, rows: groupRows(REPORT, null, s.column, SITES) }));
    const rows = parse(groupsCsv(splits, REPORT.fleet));
    expect(rows.filter((r) => r[0] === 'Area').map((r) => r[1])).toEqual(['North', 'Not recorded']);
    expect(rows.at(-1)?.slice(0, 4)).toEqual(['Fleet', 'All sites', '3', String(percentCell(REPORT.fleet.uptime))]);
  });

  it('floors percentages so a site with any down time never shows 100', () => {
    expect(percentCell(0.999999)).toBe(99.999);
    expect(percentCell(1)).toBe(100);
    expect(percentCell(null)).toBeNull();
  });
});

describe('chart points', () => {
  it('breaks the line where nothing was counted instead of showing 0%', () => {
    expect(chartPoints([{ t: 1, up: 0, down: 0, excluded: 5, returns: returns(0) }, { t: 2, up: 90, down: 10, excluded: 0, returns: returns(1) }])).toEqual([
      { t: 1, uptimePct: null, returns: 0 },
      { t: 2, uptimePct: 90, returns: 2 },
    ]);
  });
});

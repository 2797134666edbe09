import { describe, expect, it } from 'vitest';
import { summariseTtr, TtrReports, ttrStats, type TtrRow } from '../../../electron/core/store/sqlite/ttr-report.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { MIN, obs, openFleet, START } from './fleet-fixture.ts';

const tempDir = useTempDir();

describe('ttrStats', () => {
  it.each<[number[], { count: number; meanMs: number | null; medianMs: number | null; maxMs: number | null }]>([
    [[], { count: 0, meanMs: null, medianMs: null, maxMs: null }],
    [[10], { count: 1, meanMs: 10, medianMs: 10, maxMs: 10 }],
    [[30, 10, 20], { count: 3, meanMs: 20, medianMs: 20, maxMs: 30 }],
    [[40, 10, 20, 10], { count: 4, meanMs: 20, medianMs: 15, maxMs: 40 }],
    [[5, 5, 5, 1000], { count: 4, meanMs: 253.75, medianMs: 5, maxMs: 1000 }],
  ])('%j', (durations, stats) => {
    expect(ttrStats(durations)).toEqual(stats);
  });
});

describe('summariseTtr', () => {
  it('groups per site and per group, worst median first', () => {
    const row = (siteId: number, group: string | null, ttrMs: number): TtrRow => ({ siteId, siteName: `S${siteId}`, siteUrn: 100000 + siteId, group, ttrMs });
    const out = summariseTtr([row(1, 'North', 10), row(1, 'North', 30), row(2, 'North', 100), row(3, null, 50)]);
    expect(out.overall).toMatchObject({ count: 4, medianMs: 40 });
    expect(out.sites.map((s) => [s.siteId, s.count, s.medianMs])).toEqual([
      [2, 1, 100],
      [3, 1, 50],
      [1, 2, 20],
    ]);
    expect(out.groups.map((g) => [g.group, g.count, g.meanMs])).toEqual([
      [null, 1, 50],
      ['North', 3, 140 / 3],
    ]);
  });
});

describe('TtrReports', () => {
  it('reports incidents that recovered in the range, grouped by the chosen column', async () => {
    const f = openFleet(tempDir(), 6);
    const tracker = f.tracker();
    // Distinct faults, so six sites down at once in a fleet of six stay individual incidents.
    for (const [i, s] of f.sites.entries()) await tracker.observe(obs(f, s, 'failing', [{ code: `fault-${i}`, severity: 'bad', message: 'x' }]));
    for (const [i, s] of f.sites.entries()) {
      f.clock.set(START + (i + 1) * 10 * MIN);
      await tracker.observe(obs(f, s, 'healthy'));
    }
    const report = new TtrReports(f.db).report(START, START + 45 * MIN, 'area');
    expect(report.overall).toEqual({ count: 4, meanMs: 25 * MIN, medianMs: 25 * MIN, maxMs: 40 * MIN });
    expect(report.groups.map((g) => [g.group, g.count])).toEqual([
      ['East', 1],
      ['North', 2],
      ['South', 1],
    ]);
    expect(report).toMatchObject({ from: new Date(START).toISOString(), groupBy: 'area' });
    expect(new TtrReports(f.db).report(START, START + 24 * 60 * MIN, 'phase').groups.map((g) => g.group).sort()).toEqual(['Primary', 'Secondary']);
    await f.close();
  });
});

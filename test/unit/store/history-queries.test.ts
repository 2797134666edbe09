import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/store/sqlite/db.ts';
import { HistoryRepo } from '../../../electron/core/store/sqlite/history-repo.ts';
import type { HistoryOptions, Sample } from '../../../electron/core/store/history-types.ts';
import { SitesRepo } from '../../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
/** A Monday in winter, so London days are UTC days and the arithmetic below stays readable. */
const D0 = Date.parse('2026-11-16T00:00:00Z');

/**
 * Three days of polls every 15 minutes. A fails 10:00–12:00 daily and makes an attendance
 * return at 08:00; B is in maintenance 02:00–03:00 and sends pupils at 07:00; C is unreachable
 * all of day 2. D is registered but never polled.
 */
function verdictOf(site: 'A' | 'B' | 'C', ts: number): Verdict {
  const tod = (ts - D0) % DAY || (ts > D0 ? DAY : 0);
  const day = Math.ceil((ts - D0) / DAY);
  if (site === 'A') return tod > 10 * H && tod <= 12 * H ? 'failing' : 'healthy';
  if (site === 'B') return tod > 2 * H && tod <= 3 * H ? 'maintenance' : 'healthy';
  return day === 2 ? 'unreachable' : 'healthy';
}

const sample = (siteId: number, ts: number, verdict: Verdict, returns: Sample['returns'] = {}): Sample => ({ siteId, ts, verdict, rawVerdict: verdict, latencyMs: 80, reasons: [], returns, lastSuccess: {} });

describe('HistoryRepo: queries and retention', () => {
  let db: Db;
  let clock: ManualClock;
  let repo: HistoryRepo;
  let ids: { A: number; B: number; C: number; D: number };

  const open = (options: Partial<HistoryOptions> = {}) => {
    repo = new HistoryRepo(db, clock, options);
    for (let t = D0; t <= D0 + 3 * DAY; t += 15 * MIN) {
      clock.set(t);
      const tod = (t - D0) % DAY;
      repo.recordRound([
        sample(ids.A, t, verdictOf('A', t), tod === 8 * H ? { attendance: 1 } : {}),
        sample(ids.B, t, verdictOf('B', t), tod === 7 * H ? { pupils: 1 } : {}),
        sample(ids.C, t, verdictOf('C', t)),
      ]);
    }
  };

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'h.sqlite'));
    clock = new ManualClock(D0);
    const fields = [
      { urn: 100001, area: 'North', phase: 'Primary', typeGroup: 'Academies' },
      { urn: 100002, area: 'North', phase: 'Secondary', typeGroup: 'Local authority maintained schools' },
      { urn: 100003, area: 'South', phase: 'Primary', typeGroup: 'Academies' },
      { urn: 100004 },
    ].map((f) => SiteInputSchema.parse({ ...f, name: `School ${f.urn}`, host: '127.0.0.1', user: 'b2b' }));
    const [A, B, C, D] = new SitesRepo(db, clock).createMany(fields).map((s) => s.id) as [number, number, number, number];
    ids = { A, B, C, D };
    return () => db.close();
  });

  const hours = (n: number) => n * 3600;

  it('gives uptime and returns per site and for the fleet, leaving excluded time out', () => {
    open();
    const report = repo.uptime({ from: D0, to: D0 + 3 * DAY });
    expect(report.sources).toEqual([{ bucket: 'hour', from: D0, to: D0 + 3 * DAY }]);
    const by = new Map(report.sites.map((s) => [s.siteId, s]));
    expect(by.get(ids.A)).toMatchObject({ secondsUp: hours(66), secondsDown: hours(6), secondsExcluded: 0, uptime: 66 / 72, returns: { attendance: 3, pupils: 0 } });
    expect(by.get(ids.B)).toMatchObject({ secondsUp: hours(69), secondsDown: 0, secondsExcluded: hours(3), uptime: 1, returns: { pupils: 3 } });
    expect(by.get(ids.C)).toMatchObject({ secondsUp: hours(48), secondsDown: hours(24), uptime: 48 / 72 });
    expect(by.get(ids.D)).toMatchObject({ secondsUp: 0, secondsDown: 0, uptime: null });
    expect(report.fleet).toMatchObject({ sites: 4, secondsUp: hours(183), secondsDown: hours(30), secondsExcluded: hours(3), uptime: 183 / 213 });
  });

  it.each([
    { name: 'an hour bucket counts when its start is in range', from: D0 + 10.5 * H, to: D0 + 11.5 * H, up: 0, down: hours(1) },
    { name: 'a morning with a failure', from: D0 + 9 * H, to: D0 + 12 * H, up: hours(1), down: hours(2) },
    { name: 'an empty range', from: D0 + 9 * H, to: D0 + 9 * H, up: 0, down: 0 },
    { name: 'before any history', from: D0 - 10 * DAY, to: D0, up: 0, down: 0 },
  ])('$name', ({ from, to, up, down }) => {
    open();
    const a = repo.uptime({ from, to }).sites.find((s) => s.siteId === ids.A);
    expect(a).toMatchObject({ secondsUp: up, secondsDown: down });
  });

  it('totals per area, phase or type group, and filters by group or site', () => {
    open();
    const areas = repo.uptime({ from: D0, to: D0 + 3 * DAY, groupBy: 'area' }).groups;
    expect(areas.map((g) => [g.group, g.sites, g.secondsUp, g.secondsDown])).toEqual([
      ['North', 2, hours(135), hours(6)],
      ['South', 1, hours(48), hours(24)],
      [null, 1, 0, 0],
    ]);
    const academies = repo.uptime({ from: D0, to: D0 + 3 * DAY, groupBy: 'phase', group: { by: 'type_group', value: 'Academies' } });
    expect(academies.sites.map((s) => s.siteId)).toEqual([ids.A, ids.C]);
    expect(academies.groups.map((g) => [g.group, g.sites])).toEqual([['Primary', 2]]);
    expect(repo.uptime({ from: D0, to: D0 + 3 * DAY, siteIds: [ids.C] }).fleet).toMatchObject({ sites: 1, secondsDown: hours(24) });
  });

  it('answers from daily rollups once hourly ones are pruned, and mixes both across the boundary', async () => {
    open();
    const before = repo.uptime({ from: D0, to: D0 + 3 * DAY });
    clock.set(D0 + 100 * DAY);
    const pruned = await repo.prune();
    expect(pruned).toMatchObject({ hourly: 3 * 72, daily: 0 });

    const old = repo.uptime({ from: D0, to: D0 + 3 * DAY });
    expect(old.sources.map((s) => s.bucket)).toEqual(['day']);
    expect(old.sites).toEqual(before.sites);
    // Beyond hourly retention the first day counts whole.
    expect(repo.uptime({ from: D0 + 10 * H, to: D0 + 3 * DAY }).sites).toEqual(before.sites);

    // Polling resumes after the long gap: the gap is unknown, daily before the boundary and hourly after it.
    for (let t = D0 + 100 * DAY; t <= D0 + 100 * DAY + 2 * H; t += 15 * MIN) {
      clock.set(t);
      repo.recordRound([sample(ids.A, t, 'healthy')]);
    }
    const all = repo.uptime({ from: D0, to: clock.now(), siteIds: [ids.A] });
    expect(all.sources.map((s) => s.bucket)).toEqual(['day', 'hour']);
    expect(all.sites[0]).toMatchObject({ secondsUp: hours(66) + hours(2) + 900, secondsDown: hours(6), secondsExcluded: 97 * 86_400 - 900 });
  });

  it('reads running totals from rows inside the range, so a pruned past cannot leak in', async () => {
    open();
    clock.set(D0 + 3 * DAY);
    // Keep hourly rows for the last day only; the range then starts at the first row left.
    repo = new HistoryRepo(db, clock, { hourlyRetentionMs: DAY + H });
    await repo.prune(D0 + 3 * DAY + H);
    const sums = db.prepare('SELECT sum(s_healthy) AS up, sum(s_failing) AS down FROM history_hourly WHERE site_id = ?').get(ids.A) as { up: number; down: number };
    const first = (db.prepare('SELECT min(hour) AS h FROM history_hourly').get() as { h: number }).h * 1000;
    expect(first).toBe(D0 + 2 * DAY);
    const a = repo.uptime({ from: first, to: D0 + 3 * DAY }).sites.find((s) => s.siteId === ids.A);
    expect(a).toMatchObject({ secondsUp: sums.up, secondsDown: sums.down });
  });

  it('gives chart series per site and for the fleet, empty buckets included', () => {
    open();
    const site = repo.series({ siteId: ids.A, from: D0 - 2 * H, to: D0 + 13 * H, bucket: 'hour' });
    expect(site).toHaveLength(15);
    expect(site.slice(0, 2).map((p) => [p.up, p.down])).toEqual([[0, 0], [0, 0]]);
    expect(site.slice(11).map((p) => [new Date(p.t).toISOString().slice(11, 16), p.up, p.down])).toEqual([
      ['09:00', 3600, 0],
      ['10:00', 0, 3600],
      ['11:00', 0, 3600],
      ['12:00', 3600, 0],
    ]);
    const fleet = repo.series({ siteId: null, from: D0, to: D0 + 3 * DAY, bucket: 'day' });
    expect(fleet.map((p) => [p.t, p.up, p.down, p.excluded, p.returns.attendance, p.returns.pupils])).toEqual([
      [D0, hours(69), hours(2), hours(1), 1, 1],
      [D0 + DAY, hours(45), hours(26), hours(1), 1, 1],
      [D0 + 2 * DAY, hours(69), hours(2), hours(1), 1, 1],
    ]);
  });

  it('draws the timeline from samples while they are kept, from rollups after', async () => {
    open();
    const span = (from: number, to: number, verdict: Verdict) => ({ from, to, verdict });
    const day2 = D0 + 2 * DAY;
    expect(repo.timeline(ids.A, day2 + 9 * H, day2 + 13 * H)).toMatchObject({
      resolution: 'sample',
      spans: [span(day2 + 9 * H, day2 + 10 * H, 'healthy'), span(day2 + 10 * H, day2 + 12 * H, 'failing'), span(day2 + 12 * H, day2 + 13 * H, 'healthy')],
    });
    const hourly = repo.timeline(ids.A, D0, D0 + DAY);
    expect(hourly.resolution).toBe('hour');
    expect(hourly.spans).toEqual([span(D0, D0 + 10 * H, 'healthy'), span(D0 + 10 * H, D0 + 12 * H, 'failing'), span(D0 + 12 * H, D0 + DAY, 'healthy')]);

    clock.set(D0 + 100 * DAY);
    await repo.prune();
    expect(repo.timeline(ids.C, D0, D0 + 3 * DAY)).toMatchObject({
      resolution: 'day',
      spans: [span(D0, D0 + DAY, 'healthy'), span(D0 + DAY, D0 + 2 * DAY, 'unreachable'), span(D0 + 2 * DAY, D0 + 3 * DAY, 'healthy')],
    });
  });

  it('prunes each tier at its own age, in small batches', async () => {
    open({ pruneBatchRows: 50 });
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const first = await repo.prune(D0 + 3 * DAY);
    expect(first).toMatchObject({ samples: 3 * 96, hourly: 0, daily: 0 });
    expect(first.batches).toBeGreaterThan(5);
    expect(count('history_samples')).toBe(3 * (2 * 96 + 1));

    expect(await repo.prune(D0 + 100 * DAY)).toMatchObject({ samples: 3 * (2 * 96 + 1), hourly: 3 * 72, daily: 0 });
    expect(await repo.prune(D0 + 6 * 365 * DAY)).toMatchObject({ samples: 0, hourly: 0, daily: 9 });
    expect(count('site_latest')).toBe(3);
  });
});

import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/store/sqlite/db.ts';
import { HistoryRepo } from '../../../electron/core/store/sqlite/history-repo.ts';
import type { Sample } from '../../../electron/core/store/history-types.ts';
import { SitesRepo } from '../../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const MIN = 60_000;
const H = 60 * MIN;
const at = (iso: string): number => Date.parse(iso);
const T0 = at('2026-11-16T09:00:00Z');

const sample = (siteId: number, ts: number, verdict: Verdict, extra: Partial<Sample> = {}): Sample => ({
  siteId,
  ts,
  verdict,
  rawVerdict: verdict,
  latencyMs: 120,
  reasons: verdict === 'healthy' ? [] : [{ code: 'dataset-overdue', severity: 'bad', message: 'Attendance is overdue', dataset: 'attendance' }],
  returns: {},
  lastSuccess: {},
  ...extra,
});

describe('HistoryRepo: recording rounds', () => {
  let db: Db;
  let clock: ManualClock;
  let repo: HistoryRepo;
  let a: number;
  let b: number;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'h.sqlite'));
    clock = new ManualClock(T0);
    const sites = new SitesRepo(db, clock).createMany(
      [100001, 100002].map((urn) => SiteInputSchema.parse({ urn, name: `School ${urn}`, host: '127.0.0.1', user: 'b2b' })),
    );
    [a, b] = sites.map((s) => s.id) as [number, number];
    repo = new HistoryRepo(db, clock);
    return () => db.close();
  });

  const round = (ts: number, samples: Sample[]) => {
    clock.set(ts);
    return repo.recordRound(samples);
  };
  const rows = (table: string, siteId: number) => db.prepare(`SELECT * FROM ${table} WHERE site_id = ? ORDER BY 2`).all(siteId) as Record<string, number>[];

  it('writes samples, rollups and the latest state of every site in a round', () => {
    round(T0, [sample(a, T0, 'healthy'), sample(b, T0, 'healthy')]);
    const r = round(T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'healthy', { returns: { attendance: 1 }, lastSuccess: { attendance: '2026-11-16T09:03:00Z' } }), sample(b, T0 + 5 * MIN, 'failing')]);
    expect(r).toEqual({ recorded: 2, skipped: 0 });

    expect(repo.samples(a, T0 - 1, T0 + 10 * MIN).map((s) => [s.ts, s.verdict, s.returns.attendance])).toEqual([
      [T0, 'healthy', 0],
      [T0 + 5 * MIN, 'healthy', 1],
    ]);
    expect(rows('history_hourly', a)).toEqual([expect.objectContaining({ hour: T0 / 1000, s_healthy: 300, r_attendance: 1, c_up: 300, c_down: 0, c_attendance: 1 })]);
    expect(rows('history_daily', b)).toEqual([expect.objectContaining({ day: at('2026-11-16T00:00:00Z') / 1000, s_failing: 300, c_up: 0, c_down: 300 })]);

    expect(repo.latestFor(a)).toMatchObject({ verdict: 'healthy', since: T0, ts: T0 + 5 * MIN, lastSuccess: { attendance: '2026-11-16T09:03:00.000Z', pupils: null } });
    expect(repo.latestFor(b)).toMatchObject({ verdict: 'failing', since: T0 + 5 * MIN, reasons: [expect.objectContaining({ code: 'dataset-overdue' })] });
    expect(repo.latest().map((l) => l.siteId)).toEqual([a, b]);
  });

  it('splits time across hours and London days, keeping running totals', () => {
    // 2026-10-25 is the 25-hour day: it ends at 00:00 UTC. A sample's verdict covers the time since the previous one.
    const start = at('2026-10-25T23:30:00Z');
    for (let t = start; t <= at('2026-10-26T01:10:00Z'); t += 5 * MIN) round(t, [sample(a, t, t < at('2026-10-26T00:20:00Z') ? 'healthy' : 'unreachable')]);

    const hourly = rows('history_hourly', a);
    expect(hourly.map((h) => [new Date((h.hour ?? 0) * 1000).toISOString().slice(11, 16), h.s_healthy, h.s_unreachable, h.c_up, h.c_down])).toEqual([
      ['23:00', 1800, 0, 1800, 0],
      ['00:00', 900, 2700, 2700, 2700],
      ['01:00', 0, 600, 2700, 3300],
    ]);
    const daily = rows('history_daily', a);
    expect(daily.map((d) => [new Date((d.day ?? 0) * 1000).toISOString(), d.s_healthy, d.s_unreachable, d.c_up, d.c_down])).toEqual([
      ['2026-10-24T23:00:00.000Z', 1800, 0, 1800, 0],
      ['2026-10-26T00:00:00.000Z', 900, 3300, 2700, 3300],
    ]);
  });

  it.each([
    { name: 'within the cap the gap is credited', gap: 15, intervalMs: undefined, expected: { s_failing: 900, s_unknown: 0 } },
    { name: 'beyond the cap the older part is unknown', gap: 40, intervalMs: undefined, expected: { s_failing: 900, s_unknown: 1500 } },
    { name: "a slow site's own interval widens the cap", gap: 40, intervalMs: 30 * MIN, expected: { s_failing: 2400, s_unknown: 0 } },
  ])('$name', ({ gap, intervalMs, expected }) => {
    round(T0, [sample(a, T0, 'healthy')]);
    round(T0 + gap * MIN, [sample(a, T0 + gap * MIN, 'failing', intervalMs ? { intervalMs } : {})]);
    expect(rows('history_hourly', a)[0]).toMatchObject(expected);
  });

  it('draws the recent timeline exactly as the rollups count, gaps and slow sites included', () => {
    round(T0, [sample(a, T0, 'healthy'), sample(b, T0, 'healthy')]);
    round(T0 + 40 * MIN, [sample(a, T0 + 40 * MIN, 'failing'), sample(b, T0 + 40 * MIN, 'failing', { intervalMs: 30 * MIN })]);
    expect(repo.timeline(a, T0, T0 + H).spans).toEqual([
      { from: T0, to: T0 + 25 * MIN, verdict: 'unknown' },
      { from: T0 + 25 * MIN, to: T0 + 40 * MIN, verdict: 'failing' },
    ]);
    expect(repo.timeline(b, T0, T0 + H).spans).toEqual([{ from: T0, to: T0 + 40 * MIN, verdict: 'failing' }]);
    expect(rows('history_hourly', b)[0]).toMatchObject({ s_failing: 2400, s_unknown: 0 });
  });

  it('keeps the last known transfer when a poll could not see it, and records a "never"', () => {
    round(T0, [sample(a, T0, 'healthy', { lastSuccess: { pupils: '2026-11-16T09:00:00+01:00', attendance: '2026-11-16T08:30:00Z' } })]);
    round(T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'unreachable', { lastSuccess: { attendance: null } })]);
    expect(repo.latestFor(a)?.lastSuccess).toEqual({ pupils: '2026-11-16T08:00:00.000Z', attendance: null, exclusions: null, assessment: null });
  });

  it('skips a sample that is not newer than the site\'s latest', () => {
    round(T0, [sample(a, T0, 'healthy')]);
    expect(round(T0, [sample(a, T0, 'failing'), sample(a, T0 - MIN, 'failing'), sample(b, T0, 'healthy')])).toEqual({ recorded: 1, skipped: 2 });
    expect(repo.latestFor(a)?.verdict).toBe('healthy');
  });

  it('writes nothing of a round that fails part way', () => {
    round(T0, [sample(a, T0, 'healthy'), sample(b, T0, 'healthy')]);
    expect(() => round(T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'failing'), sample(b, T0 + 5 * MIN, 'failing'), sample(999, T0 + 5 * MIN, 'failing')])).toThrow(/FOREIGN KEY/);
    expect(repo.latestFor(a)?.ts).toBe(T0);
    expect(db.prepare('SELECT count(*) AS n FROM history_samples').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM history_hourly').get()).toEqual({ n: 0 });
  });

  it('caps what a chatty agent can put in a sample', () => {
    const reasons = Array.from({ length: 30 }, (_, i) => ({ code: `c${i}`, severity: 'warn' as const, message: 'x'.repeat(1000) }));
    round(T0, [sample(a, T0, 'lagging', { reasons })]);
    const latest = repo.latestFor(a);
    expect(latest?.reasons).toHaveLength(10);
    expect(latest?.reasons[0]?.message.length).toBe(240);
  });

  it("keeps a removed site's history for reports", () => {
    round(T0, [sample(a, T0, 'healthy')]);
    round(T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'healthy')]);
    const count = (table: string) => db.prepare(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`).get(a);
    const before = ['history_samples', 'history_hourly', 'history_daily', 'site_latest'].map(count);
    expect(before[0]).toEqual({ n: 2 });
    new SitesRepo(db, clock).archive(a, 'sam');
    expect(['history_samples', 'history_hourly', 'history_daily', 'site_latest'].map(count)).toEqual(before);
    expect(repo.latestFor(a)?.ts).toBe(T0 + 5 * MIN);
  });
});

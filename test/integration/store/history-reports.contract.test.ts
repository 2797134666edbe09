// The history area's reading contract, on both backends: uptime per site, group and fleet, chart
// series, timelines and retention. Ported from test/unit/store/history-queries.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryOptions, Sample } from '../../../electron/core/store/history-types.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import { storeBackends, type OpenedStore } from '../../helpers/store-backends.ts';
import { seedSites } from '../../helpers/store-seed.ts';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
/** A Monday in winter, so London days are UTC days and the arithmetic below stays readable. */
const D0 = Date.parse('2026-11-16T00:00:00Z');
const hours = (n: number) => n * 3600;

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

interface Fleet {
  store: OpenedStore;
  clock: ManualClock;
  ids: { A: number; B: number; C: number; D: number };
}

describe.each(storeBackends({ afterAll }))('history: reports and retention on $name', (backend) => {
  const run = (name: string, options: Partial<HistoryOptions>, test: (f: Fleet) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const clock = new ManualClock(D0);
      const store = await backend.open(clock, { history: options });
      try {
        const [A = 0, B = 0, C = 0, D = 0] = await seedSites(store, [
          { area: 'North', phase: 'Primary', type_group: 'Academies' },
          { area: 'North', phase: 'Secondary', type_group: 'Local authority maintained schools' },
          { area: 'South', phase: 'Primary', type_group: 'Academies' },
          {},
        ]);
        const ids = { A, B, C, D };
        for (let t = D0; t <= D0 + 3 * DAY; t += 15 * MIN) {
          clock.set(t);
          const tod = (t - D0) % DAY;
          await store.areas.history.recordRound([
            sample(A, t, verdictOf('A', t), tod === 8 * H ? { attendance: 1 } : {}),
            sample(B, t, verdictOf('B', t), tod === 7 * H ? { pupils: 1 } : {}),
            sample(C, t, verdictOf('C', t)),
          ]);
        }
        await test({ store, clock, ids });
      } finally {
        await store.close();
      }
    });

  run('gives uptime and returns per site and for the fleet, leaving excluded time out', {}, async ({ store, ids }) => {
    const report = await store.areas.history.uptime({ from: D0, to: D0 + 3 * DAY });
    expect(report.sources).toEqual([{ bucket: 'hour', from: D0, to: D0 + 3 * DAY }]);
    expect(report).toMatchObject({ from: D0, to: D0 + 3 * DAY, groups: [] });
    const by = new Map(report.sites.map((s) => [s.siteId, s]));
    expect(by.get(ids.A)).toEqual({ siteId: ids.A, secondsUp: hours(66), secondsDown: hours(6), secondsExcluded: 0, uptime: 66 / 72, returns: { attendance: 3, pupils: 0, exclusions: 0, assessment: 0 } });
    expect(by.get(ids.B)).toMatchObject({ secondsUp: hours(69), secondsDown: 0, secondsExcluded: hours(3), uptime: 1, returns: { pupils: 3 } });
    expect(by.get(ids.C)).toMatchObject({ secondsUp: hours(48), secondsDown: hours(24), uptime: 48 / 72 });
    expect(by.get(ids.D)).toMatchObject({ secondsUp: 0, secondsDown: 0, uptime: null });
    expect(report.sites.map((s) => s.siteId)).toEqual([ids.A, ids.B, ids.C, ids.D]);
    expect(report.fleet).toMatchObject({ sites: 4, secondsUp: hours(183), secondsDown: hours(30), secondsExcluded: hours(3), uptime: 183 / 213 });
  });

  for (const { name, from, to, up, down } of [
    { name: 'an hour bucket counts when its start is in range', from: D0 + 10.5 * H, to: D0 + 11.5 * H, up: 0, down: hours(1) },
    { name: 'a morning with a failure', from: D0 + 9 * H, to: D0 + 12 * H, up: hours(1), down: hours(2) },
    { name: 'an empty range', from: D0 + 9 * H, to: D0 + 9 * H, up: 0, down: 0 },
    { name: 'before any history', from: D0 - 10 * DAY, to: D0, up: 0, down: 0 },
  ]) {
    run(name, {}, async ({ store, ids }) => {
      const report = await store.areas.history.uptime({ from, to });
      expect(report.sites.find((s) => s.siteId === ids.A)).toMatchObject({ secondsUp: up, secondsDown: down });
      expect(report.sites).toHaveLength(4);
    });
  }

  run('totals per area, phase or type group, filters by group or site, and folds one site into another', {}, async ({ store, ids }) => {
    const { history } = store.areas;
    const areas = (await history.uptime({ from: D0, to: D0 + 3 * DAY, groupBy: 'area' })).groups;
    expect(areas.map((g) => [g.group, g.sites, g.secondsUp, g.secondsDown])).toEqual([
      ['North', 2, hours(135), hours(6)],
      ['South', 1, hours(48), hours(24)],
      [null, 1, 0, 0],
    ]);
    const academies = await history.uptime({ from: D0, to: D0 + 3 * DAY, groupBy: 'phase', group: { by: 'type_group', value: 'Academies' } });
    expect(academies.sites.map((s) => s.siteId)).toEqual([ids.A, ids.C]);
    expect(academies.groups.map((g) => [g.group, g.sites])).toEqual([['Primary', 2]]);
    expect((await history.uptime({ from: D0, to: D0 + 3 * DAY, siteIds: [ids.C] })).fleet).toMatchObject({ sites: 1, secondsDown: hours(24) });
    expect((await history.uptime({ from: D0, to: D0 + 3 * DAY, siteIds: [] })).sites).toEqual([]);
    const folded = await history.uptime({ from: D0, to: D0 + 3 * DAY, siteIds: [ids.A, ids.C], foldInto: new Map([[ids.A, ids.C]]) });
    expect(folded.sites).toMatchObject([{ siteId: ids.C, secondsUp: hours(114), secondsDown: hours(30) }]);
  });

  run('answers from daily rollups once hourly ones are pruned, and mixes both across the boundary', {}, async ({ store, clock, ids }) => {
    const { history } = store.areas;
    const before = await history.uptime({ from: D0, to: D0 + 3 * DAY });
    clock.set(D0 + 100 * DAY);
    expect(await history.prune()).toMatchObject({ hourly: 3 * 72, daily: 0 });
    const old = await history.uptime({ from: D0, to: D0 + 3 * DAY });
    expect(old.sources.map((s) => s.bucket)).toEqual(['day']);
    expect(old.sites).toEqual(before.sites);
    // Beyond hourly retention the first day counts whole.
    expect((await history.uptime({ from: D0 + 10 * H, to: D0 + 3 * DAY })).sites).toEqual(before.sites);
    // Polling resumes after the long gap: the gap is unknown, daily before the boundary and hourly after it.
    for (let t = D0 + 100 * DAY; t <= D0 + 100 * DAY + 2 * H; t += 15 * MIN) {
      clock.set(t);
      await history.recordRound([sample(ids.A, t, 'healthy')]);
    }
    const all = await history.uptime({ from: D0, to: clock.now(), siteIds: [ids.A] });
    expect(all.sources.map((s) => s.bucket)).toEqual(['day', 'hour']);
    expect(all.sites[0]).toMatchObject({ secondsUp: hours(66) + hours(2) + 900, secondsDown: hours(6), secondsExcluded: 97 * 86_400 - 900 });
  });

  run('reads running totals from rows inside the range, so a pruned past cannot leak in', { hourlyRetentionMs: DAY + H }, async ({ store, clock, ids }) => {
    clock.set(D0 + 3 * DAY);
    await store.areas.history.prune(D0 + 3 * DAY + H);
    const [sums] = await store.raw('SELECT sum(s_healthy) AS up, sum(s_failing) AS down FROM history_hourly WHERE site_id = ?', [ids.A]);
    const first = Number((await store.raw('SELECT min(hour) AS h FROM history_hourly'))[0]?.h) * 1000;
    expect(first).toBe(D0 + 2 * DAY);
    const a = (await store.areas.history.uptime({ from: first, to: D0 + 3 * DAY })).sites.find((s) => s.siteId === ids.A);
    expect(a).toMatchObject({ secondsUp: Number(sums?.up), secondsDown: Number(sums?.down) });
  });

  run('gives chart series per site and for the fleet, empty buckets included', {}, async ({ store, ids }) => {
    const { history } = store.areas;
    const site = await history.series({ siteId: ids.A, from: D0 - 2 * H, to: D0 + 13 * H, bucket: 'hour' });
    expect(site).toHaveLength(15);
    expect(site[0]).toEqual({ t: D0 - 2 * H, up: 0, down: 0, excluded: 0, returns: { pupils: 0, attendance: 0, exclusions: 0, assessment: 0 } });
    expect(site.slice(11).map((p) => [new Date(p.t).toISOString().slice(11, 16), p.up, p.down])).toEqual([
      ['09:00', 3600, 0],
      ['10:00', 0, 3600],
      ['11:00', 0, 3600],
      ['12:00', 3600, 0],
    ]);
    const fleet = await history.series({ siteId: null, from: D0, to: D0 + 3 * DAY, bucket: 'day' });
    expect(fleet.map((p) => [p.t, p.up, p.down, p.excluded, p.returns.attendance, p.returns.pupils])).toEqual([
      [D0, hours(69), hours(2), hours(1), 1, 1],
      [D0 + DAY, hours(45), hours(26), hours(1), 1, 1],
      [D0 + 2 * DAY, hours(69), hours(2), hours(1), 1, 1],
    ]);
    expect(await history.series({ siteId: null, from: D0 + H, to: D0 + H, bucket: 'hour' })).toEqual([]);
  });

  run('draws the timeline from samples while they are kept, from rollups after', {}, async ({ store, clock, ids }) => {
    const { history } = store.areas;
    const span = (from: number, to: number, verdict: Verdict) => ({ from, to, verdict });
    const day2 = D0 + 2 * DAY;
    expect(await history.timeline(ids.A, day2 + 9 * H, day2 + 13 * H)).toEqual({
      resolution: 'sample',
      spans: [span(day2 + 9 * H, day2 + 10 * H, 'healthy'), span(day2 + 10 * H, day2 + 12 * H, 'failing'), span(day2 + 12 * H, day2 + 13 * H, 'healthy')],
      observed: { from: day2 + 9 * H, to: day2 + 13 * H },
      seconds: [
        { verdict: 'failing', seconds: hours(2) },
        { verdict: 'healthy', seconds: hours(2) },
      ],
    });
    const hourly = await history.timeline(ids.A, D0, D0 + DAY);
    expect(hourly.resolution).toBe('hour');
    expect(hourly.spans).toEqual([span(D0, D0 + 10 * H, 'healthy'), span(D0 + 10 * H, D0 + 12 * H, 'failing'), span(D0 + 12 * H, D0 + DAY, 'healthy')]);
    expect(await history.timeline(ids.D, D0, D0 + DAY)).toEqual({ resolution: 'hour', spans: [], observed: null, seconds: [] });
    clock.set(D0 + 100 * DAY);
    await history.prune();
    expect(await history.timeline(ids.C, D0, D0 + 3 * DAY)).toMatchObject({
      resolution: 'day',
      spans: [span(D0, D0 + DAY, 'healthy'), span(D0 + DAY, D0 + 2 * DAY, 'unreachable'), span(D0 + 2 * DAY, D0 + 3 * DAY, 'healthy')],
    });
  });

  run('prunes each tier at its own age, in small batches', { pruneBatchRows: 50 }, async ({ store }) => {
    const { history } = store.areas;
    const count = async (table: string) => Number((await store.raw(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
    const first = await history.prune(D0 + 3 * DAY);
    expect(first).toMatchObject({ samples: 3 * 96, hourly: 0, daily: 0 });
    expect(first.batches).toBeGreaterThan(5);
    expect(await count('history_samples')).toBe(3 * (2 * 96 + 1));
    expect(await history.prune(D0 + 100 * DAY)).toMatchObject({ samples: 3 * (2 * 96 + 1), hourly: 3 * 72, daily: 0 });
    expect(await history.prune(D0 + 6 * 365 * DAY)).toMatchObject({ samples: 0, hourly: 0, daily: 9 });
    expect(await count('site_latest')).toBe(3);
  });

  run('leaves nothing behind when a transaction that pruned fails', {}, async ({ store }) => {
    const count = async (table: string) => Number((await store.raw(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
    const before = [await count('history_samples'), await count('history_hourly')];
    await expect(
      store.withTransaction(async (tx) => {
        expect((await tx.history.prune(D0 + 100 * DAY)).hourly).toBe(3 * 72);
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect([await count('history_samples'), await count('history_hourly')]).toEqual(before);
  });
});

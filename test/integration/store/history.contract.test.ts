// The history area's recording contract, on both backends: one round writes samples, hourly and
// daily rollups (running totals included) and the one latest-state row per site, all or nothing.
// Ported from test/unit/store/history-repo.test.ts, plus what a batched writer must get right.
import { afterAll, describe, expect, it } from 'vitest';
import type { PollerState, Sample } from '../../../electron/core/store/history-types.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import { storeBackends, type OpenedStore } from '../../helpers/store-backends.ts';
import { seedSites } from '../../helpers/store-seed.ts';

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

describe.each(storeBackends({ afterAll }))('history: recording rounds on $name', (backend) => {
  const run = (name: string, test: (c: { store: OpenedStore; clock: ManualClock; a: number; b: number }) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const clock = new ManualClock(T0);
      const store = await backend.open(clock);
      try {
        const [a = 0, b = 0] = await seedSites(store, [{}, {}]);
        await test({ store, clock, a, b });
      } finally {
        await store.close();
      }
    });
  const round = (c: { store: OpenedStore; clock: ManualClock }, ts: number, samples: Sample[]) => {
    c.clock.set(ts);
    return c.store.areas.history.recordRound(samples);
  };
  const rows = (store: OpenedStore, table: string, siteId: number) => store.raw(`SELECT * FROM ${table} WHERE site_id = ? ORDER BY 2`, [siteId]);
  const count = async (store: OpenedStore, table: string) => Number((await store.raw(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

  run('writes samples, rollups and the latest state of every site in a round', async (c) => {
    const { store, a, b } = c;
    await round(c, T0, [sample(a, T0, 'healthy'), sample(b, T0, 'healthy')]);
    const r = await round(c, T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'healthy', { returns: { attendance: 1 }, lastSuccess: { attendance: '2026-11-16T09:03:00Z' } }), sample(b, T0 + 5 * MIN, 'failing')]);
    expect(r).toEqual({ recorded: 2, skipped: 0 });
    const { history } = store.areas;
    expect((await history.samples(a, T0 - 1, T0 + 10 * MIN)).map((s) => [s.ts, s.verdict, s.returns.attendance])).toEqual([
      [T0, 'healthy', 0],
      [T0 + 5 * MIN, 'healthy', 1],
    ]);
    expect(await history.samples(a, T0, T0 + 10 * MIN)).toEqual([
      { siteId: a, ts: T0 + 5 * MIN, verdict: 'healthy', rawVerdict: 'healthy', latencyMs: 120, reasons: [], returns: { pupils: 0, attendance: 1, exclusions: 0, assessment: 0 }, lastSuccess: { pupils: null, attendance: '2026-11-16T09:03:00.000Z', exclusions: null, assessment: null } },
    ]);
    expect(await rows(store, 'history_hourly', a)).toEqual([expect.objectContaining({ hour: T0 / 1000, s_healthy: 300, r_attendance: 1, c_up: 300, c_down: 0, c_attendance: 1 })]);
    expect(await rows(store, 'history_daily', b)).toEqual([expect.objectContaining({ day: at('2026-11-16T00:00:00Z') / 1000, s_failing: 300, c_up: 0, c_down: 300 })]);
    expect(await history.latestFor(a)).toEqual({ siteId: a, ts: T0 + 5 * MIN, verdict: 'healthy', rawVerdict: 'healthy', since: T0, latencyMs: 120, reasons: [], lastSuccess: { pupils: null, attendance: '2026-11-16T09:03:00.000Z', exclusions: null, assessment: null } });
    expect(await history.latestFor(b)).toMatchObject({ verdict: 'failing', since: T0 + 5 * MIN, reasons: [expect.objectContaining({ code: 'dataset-overdue' })] });
    expect((await history.latest()).map((l) => l.siteId)).toEqual([a, b]);
    expect(await history.latestFor(a + b + 100)).toBeNull();
    expect(await history.firstPollAt(a)).toBe(T0);
    expect(await history.firstPollAt(a + b + 100)).toBeNull();
  });

  run('splits time across hours and London days, keeping running totals', async (c) => {
    // 2026-10-25 is the 25-hour day: it ends at 00:00 UTC. A sample's verdict covers the time since the previous one.
    const start = at('2026-10-25T23:30:00Z');
    for (let t = start; t <= at('2026-10-26T01:10:00Z'); t += 5 * MIN) await round(c, t, [sample(c.a, t, t < at('2026-10-26T00:20:00Z') ? 'healthy' : 'unreachable')]);
    const hourly = await rows(c.store, 'history_hourly', c.a);
    expect(hourly.map((h) => [new Date(Number(h.hour) * 1000).toISOString().slice(11, 16), h.s_healthy, h.s_unreachable, h.c_up, h.c_down])).toEqual([
      ['23:00', 1800, 0, 1800, 0],
      ['00:00', 900, 2700, 2700, 2700],
      ['01:00', 0, 600, 2700, 3300],
    ]);
    const daily = await rows(c.store, 'history_daily', c.a);
    expect(daily.map((d) => [new Date(Number(d.day) * 1000).toISOString(), d.s_healthy, d.s_unreachable, d.c_up, d.c_down])).toEqual([
      ['2026-10-24T23:00:00.000Z', 1800, 0, 1800, 0],
      ['2026-10-26T00:00:00.000Z', 900, 3300, 2700, 3300],
    ]);
  });

  for (const { name, gap, intervalMs, expected } of [
    { name: 'within the cap the gap is credited', gap: 15, intervalMs: undefined, expected: { s_failing: 900, s_unknown: 0 } },
    { name: 'beyond the cap the older part is unknown', gap: 40, intervalMs: undefined, expected: { s_failing: 900, s_unknown: 1500 } },
    { name: "a slow site's own interval widens the cap", gap: 40, intervalMs: 30 * MIN, expected: { s_failing: 2400, s_unknown: 0 } },
  ]) {
    run(name, async (c) => {
      await round(c, T0, [sample(c.a, T0, 'healthy')]);
      await round(c, T0 + gap * MIN, [sample(c.a, T0 + gap * MIN, 'failing', intervalMs ? { intervalMs } : {})]);
      expect((await rows(c.store, 'history_hourly', c.a))[0]).toMatchObject(expected);
    });
  }

  run('draws the recent timeline exactly as the rollups count, gaps and slow sites included', async (c) => {
    const { a, b } = c;
    await round(c, T0, [sample(a, T0, 'healthy'), sample(b, T0, 'healthy')]);
    await round(c, T0 + 40 * MIN, [sample(a, T0 + 40 * MIN, 'failing'), sample(b, T0 + 40 * MIN, 'failing', { intervalMs: 30 * MIN })]);
    const timeline = await c.store.areas.history.timeline(a, T0, T0 + H);
    expect(timeline).toEqual({
      resolution: 'sample',
      spans: [
        { from: T0, to: T0 + 25 * MIN, verdict: 'unknown' },
        { from: T0 + 25 * MIN, to: T0 + 40 * MIN, verdict: 'failing' },
      ],
      observed: { from: T0, to: T0 + H },
      seconds: [
        { verdict: 'failing', seconds: 900 },
        { verdict: 'unknown', seconds: 1500 },
      ],
    });
    expect((await c.store.areas.history.timeline(b, T0, T0 + H)).spans).toEqual([{ from: T0, to: T0 + 40 * MIN, verdict: 'failing' }]);
    expect((await rows(c.store, 'history_hourly', b))[0]).toMatchObject({ s_failing: 2400, s_unknown: 0 });
    // Before the first poll nothing was observed.
    expect(await c.store.areas.history.timeline(a, T0 - H, T0)).toEqual({ resolution: 'sample', spans: [], observed: null, seconds: [] });
  });

  run('keeps the last known transfer when a poll could not see it, and records a "never"', async (c) => {
    await round(c, T0, [sample(c.a, T0, 'healthy', { lastSuccess: { pupils: '2026-11-16T09:00:00+01:00', attendance: '2026-11-16T08:30:00Z' } })]);
    await round(c, T0 + 5 * MIN, [sample(c.a, T0 + 5 * MIN, 'unreachable', { lastSuccess: { attendance: null } })]);
    expect((await c.store.areas.history.latestFor(c.a))?.lastSuccess).toEqual({ pupils: '2026-11-16T08:00:00.000Z', attendance: null, exclusions: null, assessment: null });
  });

  run("skips a sample that is not newer than the site's latest", async (c) => {
    await round(c, T0, [sample(c.a, T0, 'healthy')]);
    expect(await round(c, T0, [sample(c.a, T0, 'failing'), sample(c.a, T0 - MIN, 'failing'), sample(c.b, T0, 'healthy')])).toEqual({ recorded: 1, skipped: 2 });
    expect((await c.store.areas.history.latestFor(c.a))?.verdict).toBe('healthy');
    expect(await round(c, T0, [])).toEqual({ recorded: 0, skipped: 0 });
    expect(await round(c, T0, [sample(c.a, T0, 'failing')])).toEqual({ recorded: 0, skipped: 1 });
  });

  run('writes nothing of a round that fails part way', async (c) => {
    const { store, a, b } = c;
    await round(c, T0, [sample(a, T0, 'healthy'), sample(b, T0, 'healthy')]);
    await expect(round(c, T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'failing'), sample(b, T0 + 5 * MIN, 'failing'), sample(a + b + 100, T0 + 5 * MIN, 'failing')])).rejects.toThrow(/foreign key/i);
    expect((await store.areas.history.latestFor(a))?.ts).toBe(T0);
    expect(await count(store, 'history_samples')).toBe(2);
    expect(await count(store, 'history_hourly')).toBe(0);
  });

  run('leaves nothing behind when the transaction around a round fails', async (c) => {
    const { store, a, b } = c;
    await round(c, T0, [sample(a, T0, 'healthy')]);
    c.clock.set(T0 + 5 * MIN);
    await expect(
      store.withTransaction(async (tx) => {
        await tx.history.recordRound([sample(a, T0 + 5 * MIN, 'failing'), sample(b, T0 + 5 * MIN, 'failing')]);
        expect((await tx.history.latestFor(b))?.verdict).toBe('failing');
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await store.areas.history.latest()).toMatchObject([{ siteId: a, ts: T0, verdict: 'healthy' }]);
    expect([await count(store, 'history_samples'), await count(store, 'history_hourly'), await count(store, 'history_daily')]).toEqual([1, 0, 0]);
  });

  run('caps what a chatty agent can put in a sample', async (c) => {
    const reasons = Array.from({ length: 30 }, (_, i) => ({ code: `c${i}`, severity: 'warn' as const, message: 'x'.repeat(1000) }));
    await round(c, T0, [sample(c.a, T0, 'lagging', { reasons })]);
    const latest = await c.store.areas.history.latestFor(c.a);
    expect(latest?.reasons).toHaveLength(10);
    expect(latest?.reasons[0]?.message.length).toBe(240);
    expect((await c.store.areas.history.samples(c.a, T0 - 1, T0))[0]?.reasons).toEqual(latest?.reasons);
  });

  run('stores any text in reasons and documents as given: quotes, braces, commas, backslashes, NULL', async (c) => {
    const message = 'a "quoted" {brace}, back\\slash \\" NULL ünïcode 🙂 \n';
    const reasons = [{ code: 'x,y', severity: 'bad' as const, message }];
    const statusJson = JSON.stringify({ note: message, list: ['{', '}', ','] });
    const poller: PollerState = { candidate: null, candidateN: 0, datasets: [], lastOkAt: null, failures: 0, statusJson, agentVersion: 'NULL' };
    await round(c, T0, [sample(c.a, T0, 'failing', { reasons, poller })]);
    expect((await c.store.areas.history.latestFor(c.a))?.reasons).toEqual(reasons);
    expect((await c.store.areas.history.samples(c.a, T0 - 1, T0))[0]?.reasons).toEqual(reasons);
    expect((await c.store.raw('SELECT status_json, agent_version FROM site_latest WHERE site_id = ?', [c.a]))[0]).toEqual({ status_json: statusJson, agent_version: 'NULL' });
  });

  run("keeps a removed site's history for reports", async (c) => {
    const { store, a } = c;
    await round(c, T0, [sample(a, T0, 'healthy')]);
    await round(c, T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'healthy')]);
    const counts = () => Promise.all(['history_samples', 'history_hourly', 'history_daily', 'site_latest'].map(async (t) => Number((await store.raw(`SELECT count(*) AS n FROM ${t} WHERE site_id = ?`, [a]))[0]?.n)));
    const before = await counts();
    expect(before[0]).toBe(2);
    await store.raw(`UPDATE sites SET archived_at = '2026-11-16T10:00:00Z', archived_by = 'sam' WHERE id = ?`, [a]);
    expect(await counts()).toEqual(before);
    expect((await store.areas.history.latestFor(a))?.ts).toBe(T0 + 5 * MIN);
  });

  run('writes a round holding several samples of one site as it writes them one round each', async (c) => {
    const { store, a, b } = c;
    // Crossing an hour, with returns and transfers: a in one round, b in one round per sample.
    const times = [T0 + 50 * MIN, T0 + 55 * MIN, T0 + 65 * MIN, T0 + 80 * MIN];
    const of = (siteId: number, i: number, ts: number) =>
      sample(siteId, ts, i === 2 ? 'failing' : 'healthy', { returns: i === 1 ? { pupils: 2 } : {}, lastSuccess: i === 3 ? { exclusions: '2026-11-16T10:15:00Z' } : {} });
    c.clock.set(T0 + 80 * MIN);
    expect(await store.areas.history.recordRound(times.map((ts, i) => of(a, i, ts)))).toEqual({ recorded: 4, skipped: 0 });
    for (const [i, ts] of times.entries()) await round(c, ts, [of(b, i, ts)]);
    // 10:05 closes a piece that straddles 10:00: the new hour's running totals start after the old hour's share.
    expect((await rows(store, 'history_hourly', a)).map((h) => [h.hour, h.s_healthy, h.s_failing, h.r_pupils, h.c_up, h.c_down, h.c_pupils])).toEqual([
      [T0 / 1000, 300, 300, 2, 300, 300, 2],
      [T0 / 1000 + 3600, 900, 300, 0, 1200, 600, 2],
    ]);
    const without = (list: Record<string, unknown>[]) => list.map(({ site_id: _s, id: _i, ...rest }) => rest);
    for (const table of ['history_samples', 'history_hourly', 'history_daily']) expect(without(await rows(store, table, a))).toEqual(without(await rows(store, table, b)));
    expect({ ...(await store.areas.history.latestFor(a)), siteId: 0 }).toEqual({ ...(await store.areas.history.latestFor(b)), siteId: 0 });
    expect(await store.areas.history.firstPollAt(a)).toBe(T0 + 50 * MIN);
  });

  run("keeps the poller's state in the latest row, and the last document when a poll brings none", async (c) => {
    const { store, a } = c;
    const poller = (extra: Partial<PollerState>): PollerState => ({ candidate: null, candidateN: 0, datasets: [], lastOkAt: null, failures: 0, statusJson: null, agentVersion: null, ...extra });
    const state = async () => (await store.raw('SELECT candidate, candidate_n, datasets, last_ok_at, failures, status_json, agent_version FROM site_latest WHERE site_id = ?', [a]))[0];
    await round(c, T0, [sample(a, T0, 'healthy')]);
    expect(await state()).toEqual({ candidate: null, candidate_n: 0, datasets: '[]', last_ok_at: null, failures: 0, status_json: null, agent_version: null });
    const datasets = [{ dataset: 'pupils' as const, state: 'fresh' as const, lastSuccess: null, lastAttempt: null, missedSlots: 0, errorCode: null }];
    await round(c, T0 + 5 * MIN, [sample(a, T0 + 5 * MIN, 'healthy', { poller: poller({ candidate: 'failing', candidateN: 1, datasets, lastOkAt: T0, failures: 2, statusJson: '{"v":1}', agentVersion: '1.2' }) })]);
    expect(await state()).toEqual({ candidate: 'failing', candidate_n: 1, datasets: JSON.stringify(datasets), last_ok_at: T0, failures: 2, status_json: '{"v":1}', agent_version: '1.2' });
    // No poller state: all of it stays. A poller state without a document: the document stays.
    await round(c, T0 + 10 * MIN, [sample(a, T0 + 10 * MIN, 'healthy')]);
    expect((await state())?.candidate).toBe('failing');
    await round(c, T0 + 15 * MIN, [sample(a, T0 + 15 * MIN, 'healthy', { poller: poller({ failures: 0 }) })]);
    expect(await state()).toEqual({ candidate: null, candidate_n: 0, datasets: '[]', last_ok_at: null, failures: 0, status_json: '{"v":1}', agent_version: null });
    // A site's first sample brings its poller state into the new row.
    await round(c, T0 + 20 * MIN, [sample(c.b, T0 + 20 * MIN, 'failing', { poller: poller({ candidate: 'failing', statusJson: '{"v":2}' }) })]);
    expect((await store.raw('SELECT candidate, status_json, first_ts FROM site_latest WHERE site_id = ?', [c.b]))[0]).toEqual({ candidate: 'failing', status_json: '{"v":2}', first_ts: T0 + 20 * MIN });
  });
});

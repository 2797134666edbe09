// The time-to-recover report's contract, on both backends: which incidents count (site ones
// resolved in [from, to)), the figures per site and group, and the grouping column.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { storeBackends, type OpenedStore } from '../../helpers/store-backends.ts';
import { seedSites } from '../../helpers/store-seed.ts';

const START = Date.UTC(2026, 10, 23, 7, 0);
const MIN = 60_000;
const AREAS = ['North', 'South', 'East'];

const seedSixSites = (store: OpenedStore): Promise<number[]> =>
  seedSites(
    store,
    Array.from({ length: 6 }, (_, i) => ({ area: AREAS[i % AREAS.length] ?? null, phase: i % 2 ? 'Primary' : 'Secondary' })),
  );

async function incident(store: OpenedStore, siteId: number | null, openedAt: number, resolvedAt: number | null): Promise<void> {
  await store.raw(
    `INSERT INTO incidents (kind, site_id, state, first_verdict, verdict, reason_code, title, fleet_size, opened_at, updated_at, resolved_at, notify_state)
     VALUES (?, ?, ?, 'failing', 'failing', 'fault', 'Down', ?, ?, ?, ?, 'sent')`,
    [siteId === null ? 'fleet' : 'site', siteId, resolvedAt === null ? 'open' : 'resolved', siteId === null ? 6 : null, openedAt, resolvedAt ?? openedAt, resolvedAt],
  );
}

describe.each(storeBackends({ afterAll }))('ttr on $name', (backend) => {
  it.skipIf(backend.unavailable !== null)('reports site incidents that recovered in the range, grouped by the chosen column', async () => {
    const store = await backend.open(new ManualClock(START));
    try {
      const sites = await seedSixSites(store);
      // Site i recovers after (i + 1) * 10 minutes.
      for (const [i, id] of sites.entries()) await incident(store, id, START, START + (i + 1) * 10 * MIN);
      const report = await store.areas.ttr.report(START, START + 45 * MIN, 'area');
      expect(report.overall).toEqual({ count: 4, meanMs: 25 * MIN, medianMs: 25 * MIN, maxMs: 40 * MIN });
      expect(report.groups.map((g) => [g.group, g.count, g.medianMs])).toEqual([
        ['East', 1, 30 * MIN],
        ['North', 2, 25 * MIN],
        ['South', 1, 20 * MIN],
      ]);
      expect(report.sites.map((s) => [s.siteId, s.siteName, s.siteUrn, s.group, s.maxMs])).toEqual([
        [sites[3], 'School 4', 100004, 'North', 40 * MIN],
        [sites[2], 'School 3', 100003, 'East', 30 * MIN],
        [sites[1], 'School 2', 100002, 'South', 20 * MIN],
        [sites[0], 'School 1', 100001, 'North', 10 * MIN],
      ]);
      expect(report).toMatchObject({ from: new Date(START).toISOString(), to: new Date(START + 45 * MIN).toISOString(), groupBy: 'area' });
      const byPhase = await store.areas.ttr.report(START, START + 24 * 60 * MIN, 'phase');
      expect(byPhase.groups.map((g) => [g.group, g.count]).sort()).toEqual([
        ['Primary', 3],
        ['Secondary', 3],
      ]);
      // The default grouping is the area; a column nobody filled in is the null group.
      expect((await store.areas.ttr.report(START, START + 24 * 60 * MIN)).groupBy).toBe('area');
      expect((await store.areas.ttr.report(START, START + 24 * 60 * MIN, 'trust')).groups).toEqual([{ group: null, count: 6, meanMs: 35 * MIN, medianMs: 35 * MIN, maxMs: 60 * MIN }]);
    } finally {
      await store.close();
    }
  });

  it.skipIf(backend.unavailable !== null)('counts from the start of the range, not its end; leaves out open and fleet incidents', async () => {
    const store = await backend.open(new ManualClock(START));
    try {
      const [a = 0, b = 0, c = 0] = await seedSixSites(store);
      await incident(store, a, START - 30 * MIN, START); // resolved at `from`: counts
      await incident(store, b, START, START + 60 * MIN); // resolved at `to`: does not
      await incident(store, c, START, null); // still open
      await incident(store, null, START, START + 5 * MIN); // a fleet incident
      const report = await store.areas.ttr.report(START, START + 60 * MIN, 'area');
      expect(report.overall).toEqual({ count: 1, meanMs: 30 * MIN, medianMs: 30 * MIN, maxMs: 30 * MIN });
      expect(report.sites.map((s) => s.siteId)).toEqual([a]);
      const empty = await store.areas.ttr.report(START + 61 * MIN, START + 120 * MIN, 'typeGroup');
      expect(empty).toEqual({ from: new Date(START + 61 * MIN).toISOString(), to: new Date(START + 120 * MIN).toISOString(), groupBy: 'typeGroup', overall: { count: 0, meanMs: null, medianMs: null, maxMs: null }, groups: [], sites: [] });
    } finally {
      await store.close();
    }
  });

  it.skipIf(backend.unavailable !== null)('reads inside a transaction, and a failed one leaves the store as it was', async () => {
    const store = await backend.open(new ManualClock(START));
    try {
      const [a = 0] = await seedSixSites(store);
      await incident(store, a, START, START + 10 * MIN);
      await expect(
        store.withTransaction(async (tx) => {
          expect((await tx.ttr.report(START, START + 60 * MIN)).overall.count).toBe(1);
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect((await store.areas.ttr.report(START, START + 60 * MIN)).overall.count).toBe(1);
    } finally {
      await store.close();
    }
  });
});

// The incident lists' contract, on both backends: open now, a site's recent ones, children
// of a fleet incident, what was open in a range, and the counts by state.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import type { Reason } from '../../../shared/health/verdict.ts';
import type { StoreAreas } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { seedSites, T0 } from './contract-seed.ts';

const HOUR = 3_600_000;
const reasons: Reason[] = [{ code: 'timeout', severity: 'bad', message: 'No answer within 10 s' }];

/** School 1: down 07:00-08:00 and from 10:00. School 2: down 09:00-09:30. Schools 3-5 under a fleet incident from 11:00. */
async function history(store: OpenedStore, areas: StoreAreas = store.areas) {
  // Sites are seeded outside any transaction: SQLite's second connection would wait on it.
  const [a = 0, b = 0, ...rest] = await seedSites(store, 5);
  return incidentsFor(areas, a, b, rest);
}

async function incidentsFor({ incidents }: StoreAreas, a: number, b: number, rest: number[]) {
  const open = (siteId: number, at: number, verdict: 'failing' | 'unreachable' | 'auth-failed') =>
    incidents.insertSite({ siteId, at, verdict, reasonCode: verdict, reasons, title: verdict, notifyAt: at });
  await incidents.resolve(await open(a, T0, 'failing'), T0 + HOUR);
  await incidents.resolve(await open(b, T0 + 2 * HOUR, 'unreachable'), T0 + 2.5 * HOUR);
  const last = await open(a, T0 + 3 * HOUR, 'auth-failed');
  const children: number[] = [];
  for (const s of rest) children.push(await open(s, T0 + 4 * HOUR, 'failing'));
  const fleetId = await incidents.insertFleet({ at: T0 + 4 * HOUR, openedAt: T0 + 4 * HOUR, verdict: 'failing', reasonCode: 'failing', reasons, title: 'fleet', fleetSize: 5 });
  await incidents.attach(children, fleetId, T0 + 4 * HOUR);
  await incidents.acknowledge(await incidents.get(last), 'Sam', T0 + 5 * HOUR);
  return { a, last, children, fleetId };
}

describe.each(storeBackends({ afterAll }))('incident queries on $name', (backend) => {
  const run = it.skipIf(backend.unavailable !== null);

  run('lists open incidents newest first with the site, and open fleet incidents', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { last, children, fleetId } = await history(store);
      const open = await store.areas.incidentQueries.open();
      expect(open.map((i) => i.id)).toEqual([...children].reverse().concat(last));
      expect(open.at(-1)).toMatchObject({ siteName: 'School 1', siteUrn: 100001, verdict: 'auth-failed', acknowledgedBy: 'Sam' });
      expect(await store.areas.incidentQueries.openFleet()).toMatchObject([{ id: fleetId, kind: 'fleet', siteCount: 3, openSiteCount: 3 }]);
      expect((await store.areas.incidentQueries.children(fleetId)).map((i) => i.id)).toEqual(children);
      expect(await store.areas.incidentQueries.children(424242)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run("lists a site's recent incidents, newest first, up to a limit", async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { a } = await history(store);
      const recent = await store.areas.incidentQueries.recentForSite(a);
      expect(recent.map((i) => [i.state, i.firstVerdict])).toEqual([
        ['open', 'auth-failed'],
        ['resolved', 'failing'],
      ]);
      expect(await store.areas.incidentQueries.recentForSite(a, 1)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  run('finds the incidents open at any moment of a range, and counts by state', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      await history(store);
      const q = store.areas.incidentQueries;
      const names = async (from: number, to: number) => (await q.inRange(T0 + from * HOUR, T0 + to * HOUR)).map((i) => `${i.siteName} ${i.firstVerdict}`);
      expect(await names(0.5, 1)).toEqual(['School 1 failing']);
      expect(await names(1.5, 1.9)).toEqual([]);
      expect(await names(2.4, 3.5)).toEqual(['School 1 auth-failed', 'School 2 unreachable']);
      expect(await names(0, 24)).toHaveLength(6);
      expect(await q.inRange(T0, T0 + 24 * HOUR, 2)).toHaveLength(2);
      expect(await q.counts()).toEqual({ open: 3, acknowledged: 1, resolved: 2, fleetOpen: 1 });
      expect(await q.fleetInRange(T0, T0 + 24 * HOUR)).toMatchObject([{ kind: 'fleet', siteCount: 3 }]);
      expect(await q.fleetInRange(T0, T0 + HOUR)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('counts nothing in an empty store', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      expect(await store.areas.incidentQueries.counts()).toEqual({ open: 0, acknowledged: 0, resolved: 0, fleetOpen: 0 });
      expect(await store.areas.incidentQueries.open()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const [a = 0, b = 0, ...rest] = await seedSites(store, 5);
      await expect(
        store.withTransaction(async (tx) => {
          await incidentsFor(tx, a, b, rest);
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect(await store.areas.incidentQueries.counts()).toEqual({ open: 0, acknowledged: 0, resolved: 0, fleetOpen: 0 });
    } finally {
      await store.close();
    }
  });
});

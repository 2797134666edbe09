// The incidents area's contract, on both backends: one open incident per site, the fleet
// grouping kept by triggers, held alerts taken once, acknowledging and handing over, notes.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import type { Reason } from '../../../shared/health/verdict.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { StoreAreas } from '../../../electron/core/store/store.ts';
import { HOT_INCIDENT_QUERIES } from '../../../electron/core/store/postgres/incident-queries.ts';
import { HOT_INCIDENT_SQL } from '../../../electron/core/store/postgres/incident-repo.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { describePlan, pgPlan, seedSites, T0 } from './contract-seed.ts';

const MIN = 60_000;
const stopped: Reason[] = [{ code: 'service-stopped', severity: 'bad', message: 'The B2B service is stopped' }];
const endpoint: Reason[] = [{ code: 'endpoint-unreachable', severity: 'bad', message: 'The LA endpoint is unreachable' }];

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppFailure) return { code: err.appError.code, message: err.appError.message };
    throw err;
  }
  throw new Error('expected an AppFailure');
}

const site = (siteId: number, at: number, reasonCode = 'service-stopped') => ({
  siteId, at, verdict: 'failing' as const, reasonCode, reasons: reasonCode === 'service-stopped' ? stopped : endpoint, title: 'Service stopped', notifyAt: at + 5 * MIN,
});
const fleet = (at: number) => ({ at, openedAt: at - MIN, verdict: 'failing' as const, reasonCode: 'endpoint-unreachable', reasons: endpoint, title: 'Endpoint down', fleetSize: 30 });

describe.each(storeBackends({ afterAll }))('incidents on $name', (backend) => {
  const run = it.skipIf(backend.unavailable !== null);

  run('opens one incident per site, reads it back, and refuses a second or an unknown site', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { incidents } = store.areas;
      const [a = 0] = await seedSites(store, 1);
      const id = await incidents.insertSite(site(a, T0));
      expect(await incidents.get(id)).toEqual({
        kind: 'site', id, state: 'open', firstVerdict: 'failing', verdict: 'failing', reasonCode: 'service-stopped', reasons: stopped, title: 'Service stopped',
        openedAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString(), resolvedAt: null, ttrMs: null, notification: 'pending',
        acknowledgedAt: null, acknowledgedBy: null, assignee: null, noteCount: 0, siteId: a, siteName: 'School 1', siteUrn: 100001, parentId: null,
      });
      expect(await incidents.openForSite(a)).toMatchObject({ id });
      expect(await incidents.getAny(id)).toMatchObject({ kind: 'site', id });
      expect(await failure(incidents.insertSite(site(a, T0 + MIN)))).toEqual({ code: 'conflict', message: `Site ${a} already has an open incident` });
      expect(await failure(incidents.insertSite(site(999_999, T0)))).toEqual({ code: 'not_found', message: 'No site with id 999999' });
      expect(await failure(incidents.get(424242))).toEqual({ code: 'not_found', message: 'No site incident with id 424242' });
      expect(await failure(incidents.getFleet(id))).toEqual({ code: 'not_found', message: `No fleet incident with id ${id}` });
      expect(await failure(incidents.getAny(424242))).toEqual({ code: 'not_found', message: 'No incident with id 424242' });
      expect(await incidents.openForSite(a + 1)).toBeNull();
    } finally {
      await store.close();
    }
  });

  run('updates, retitles and resolves; a pending alert is skipped and resolving twice changes nothing', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { incidents } = store.areas;
      const [a = 0, b = 0] = await seedSites(store, 2);
      const id = await incidents.insertSite(site(a, T0));
      await incidents.updateCurrent(id, 'unreachable', endpoint, 'Unreachable', T0 + MIN);
      await incidents.retitle(id, 'Unreachable since 07:00', T0 + 2 * MIN);
      expect(await incidents.get(id)).toMatchObject({ firstVerdict: 'failing', verdict: 'unreachable', reasons: endpoint, title: 'Unreachable since 07:00', updatedAt: new Date(T0 + 2 * MIN).toISOString() });
      await incidents.resolve(id, T0 + 10 * MIN);
      await incidents.resolve(id, T0 + 20 * MIN);
      expect(await incidents.get(id)).toMatchObject({ state: 'resolved', resolvedAt: new Date(T0 + 10 * MIN).toISOString(), ttrMs: 10 * MIN, notification: 'skipped' });
      expect(await incidents.openForSite(a)).toBeNull();
      // Once resolved, the site may open another; an alert already sent stays sent.
      const again = await incidents.insertSite(site(a, T0 + 30 * MIN));
      const other = await incidents.insertSite(site(b, T0));
      expect((await incidents.takeDue(T0 + 60 * MIN)).map((i) => i.id)).toEqual([other, again]);
      await incidents.resolve(again, T0 + 61 * MIN);
      expect((await incidents.get(again)).notification).toBe('sent');
    } finally {
      await store.close();
    }
  });

  run('takes held alerts once, in the order they fall due, and never grouped ones', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { incidents } = store.areas;
      const [a = 0, b = 0, c = 0] = await seedSites(store, 3);
      const late = await incidents.insertSite(site(a, T0 + MIN));
      const early = await incidents.insertSite(site(b, T0));
      const grouped = await incidents.insertSite(site(c, T0));
      await incidents.attach([grouped], await incidents.insertFleet(fleet(T0)), T0);
      expect(await incidents.takeDue(T0 + 5 * MIN - 1)).toEqual([]);
      const due = await incidents.takeDue(T0 + 6 * MIN);
      expect(due.map((i) => [i.id, i.notification])).toEqual([[early, 'sent'], [late, 'sent']]);
      expect(await incidents.takeDue(T0 + 60 * MIN)).toEqual([]);
      expect((await incidents.get(grouped)).notification).toBe('grouped');
    } finally {
      await store.close();
    }
  });

  run('groups a burst under a fleet incident whose counts follow its children', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { incidents } = store.areas;
      const sites = await seedSites(store, 4);
      const ids: number[] = [];
      for (const [n, s] of sites.entries()) ids.push(await incidents.insertSite(site(s, T0 + (3 - n) * MIN, n === 3 ? 'service-stopped' : 'endpoint-unreachable')));
      const [i0 = 0, i1 = 0, i2 = 0] = ids;
      expect(await incidents.burstCandidates('endpoint-unreachable', T0 + MIN)).toEqual([
        { id: i2, openedAt: T0 + MIN },
        { id: i1, openedAt: T0 + 2 * MIN },
        { id: i0, openedAt: T0 + 3 * MIN },
      ]);
      expect(await incidents.openFleetFor('endpoint-unreachable')).toBeNull();
      const fleetId = await incidents.insertFleet(fleet(T0 + 4 * MIN));
      await incidents.attach([i0, i1, i2], fleetId, T0 + 4 * MIN);
      expect(await incidents.burstCandidates('endpoint-unreachable', 0)).toEqual([]);
      expect(await incidents.openFleetFor('endpoint-unreachable')).toEqual({ id: fleetId, siteCount: 3, openChildren: 3, lastJoinedAt: T0 + 3 * MIN });
      await incidents.resolve(i1, T0 + 5 * MIN);
      expect(await incidents.openChildren(fleetId)).toBe(2);
      expect(await incidents.openChildren(424242)).toBe(0);
      expect(await incidents.getFleet(fleetId)).toMatchObject({ kind: 'fleet', siteCount: 3, openSiteCount: 2, fleetSize: 30, notification: 'sent', openedAt: new Date(T0 + 3 * MIN).toISOString() });
      expect(await incidents.getAny(fleetId)).toMatchObject({ kind: 'fleet', id: fleetId });
      expect((await incidents.get(i0)).parentId).toBe(fleetId);
    } finally {
      await store.close();
    }
  });

  run("acknowledges and hands over a fleet incident with its sites, not ones already taken or given", async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { incidents } = store.areas;
      const sites = await seedSites(store, 3);
      const ids: number[] = [];
      for (const s of sites) ids.push(await incidents.insertSite(site(s, T0, 'endpoint-unreachable')));
      const fleetId = await incidents.insertFleet(fleet(T0));
      await incidents.attach(ids, fleetId, T0);
      const [first = 0, second = 0] = ids;
      await incidents.acknowledge(await incidents.get(first), 'Sam', T0 + MIN);
      await incidents.assign(await incidents.get(second), 'Carol', T0 + MIN);
      await incidents.acknowledge(await incidents.getFleet(fleetId), 'Priya', T0 + 2 * MIN);
      await incidents.assign(await incidents.getFleet(fleetId), 'Priya', T0 + 3 * MIN);
      await incidents.assign(await incidents.getFleet(fleetId), 'Dev', T0 + 4 * MIN);
      const children = await Promise.all(ids.map((id) => incidents.get(id)));
      expect(children.map((c) => c.acknowledgedBy)).toEqual(['Sam', 'Priya', 'Priya']);
      expect(children.map((c) => c.assignee)).toEqual(['Dev', 'Carol', 'Dev']);
      expect(await incidents.getFleet(fleetId)).toMatchObject({ acknowledgedBy: 'Priya', acknowledgedAt: new Date(T0 + 2 * MIN).toISOString(), assignee: 'Dev' });
      await incidents.assign(await incidents.getFleet(fleetId), null, T0 + 5 * MIN);
      expect((await incidents.getFleet(fleetId)).assignee).toBeNull();
    } finally {
      await store.close();
    }
  });

  run('keeps notes in the order written and counts them on the incident', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { incidents } = store.areas;
      const [a = 0] = await seedSites(store, 1);
      const id = await incidents.insertSite(site(a, T0));
      const note = await incidents.addNote(id, 'Priya', 'Rang the school office.', T0 + MIN);
      expect(note).toEqual({ id: note.id, incidentId: id, author: 'Priya', text: 'Rang the school office.', at: new Date(T0 + MIN).toISOString() });
      await incidents.addNote(id, 'Sam', 'Later one.', T0 + 3 * MIN);
      await incidents.addNote(id, 'Carol', 'Earlier one.', T0 + 2 * MIN);
      expect((await incidents.notes(id)).map((n) => n.author)).toEqual(['Priya', 'Carol', 'Sam']);
      expect(await incidents.get(id)).toMatchObject({ noteCount: 3, updatedAt: new Date(T0 + 2 * MIN).toISOString() });
      expect(await incidents.notes(424242)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const [a = 0] = await seedSites(store, 1);
      await expect(
        store.withTransaction(async (tx: StoreAreas) => {
          const id = await tx.incidents.insertSite(site(a, T0));
          await tx.incidents.addNote(id, 'Priya', 'half way', T0);
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect(await store.areas.incidents.openForSite(a)).toBeNull();
      expect(await store.raw('SELECT id FROM incident_notes')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  // PostgreSQL's planner only: SQLite's plans are checked in test/unit/incidents/incident-queries.test.ts.
  if (backend.name === 'postgres') run('answers the hot lookups from indexes on a big table', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      await seedSites(store, 1);
      // 600 schools with 40 incidents each over the years: the tracker's lookups must not read them all.
      await store.raw(`INSERT INTO sites (urn, name, host, "user", created_at, updated_at)
        SELECT 100100 + g, 'School ' || g, '127.0.0.1', 'b2b', 'x', 'x' FROM generate_series(1, 600) g`);
      await store.raw(`INSERT INTO incidents (kind, site_id, state, first_verdict, verdict, reason_code, title, opened_at, updated_at, resolved_at, notify_state, notify_at)
        SELECT 'site', s.id, 'resolved', 'failing', 'failing', 'timeout', 't', n * 3600000, n * 3600000, n * 3600000 + 60000, 'sent', NULL
        FROM sites s CROSS JOIN generate_series(1, 40) n`);
      await store.raw(`INSERT INTO incidents (kind, site_id, state, first_verdict, verdict, reason_code, title, opened_at, updated_at, notify_state, notify_at)
        SELECT 'site', s.id, 'open', 'failing', 'failing', 'timeout', 't', 50 * 3600000, 50 * 3600000, 'pending', 50 * 3600000 FROM sites s WHERE s.id % 10 = 0`);
      const plans: [string, unknown[]][] = [
        [HOT_INCIDENT_SQL.openForSite, [5]],
        [HOT_INCIDENT_SQL.burst, ['timeout', 0]],
        [HOT_INCIDENT_SQL.due, [T0]],
        [HOT_INCIDENT_QUERIES.forSite, [5, 20]],
        [HOT_INCIDENT_QUERIES.children, [7]],
      ];
      for (const [sql, values] of plans) {
        const nodes = describePlan(await pgPlan(store, sql, values));
        expect(nodes.join('\n'), sql).toMatch(/Index (Only )?Scan incidents_\w+ on incidents/);
        expect(nodes.join('\n'), sql).not.toContain('Seq Scan on incidents');
      }
    } finally {
      await store.close();
    }
  });
});

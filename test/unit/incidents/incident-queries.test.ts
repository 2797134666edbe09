import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentQueries } from '../../../electron/core/store/sqlite/incident-queries.ts';
import type { IncidentTracker } from '../../../electron/core/incidents/incident-tracker.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { endpointDown, hostTimeout, MIN, obs, openFleet, serviceStopped, START, type Fleet } from './fleet-fixture.ts';

const tempDir = useTempDir();
const HOUR = 60 * MIN;

describe('IncidentQueries', () => {
  let fleet: Fleet;
  let tracker: IncidentTracker;
  let queries: IncidentQueries;
  beforeEach(() => {
    fleet = openFleet(tempDir(), 30);
    tracker = fleet.tracker();
    queries = new IncidentQueries(fleet.db);
    return () => fleet.close();
  });

  /** Site 0: down 07:00-08:00 and from 10:00. Site 1: down 09:00-09:30. */
  async function history() {
    const [a, b] = fleet.sites;
    await tracker.observe(obs(fleet, a, 'failing', serviceStopped));
    fleet.clock.set(START + HOUR);
    await tracker.observe(obs(fleet, a, 'healthy'));
    fleet.clock.set(START + 2 * HOUR);
    await tracker.observe(obs(fleet, b, 'unreachable', hostTimeout));
    fleet.clock.set(START + 2.5 * HOUR);
    await tracker.observe(obs(fleet, b, 'healthy'));
    fleet.clock.set(START + 3 * HOUR);
    await tracker.observe(obs(fleet, a, 'auth-failed', []));
  }

  it('lists open incidents with the site name and URN', async () => {
    await history();
    expect(queries.open()).toMatchObject([{ siteId: fleet.sites[0]?.id, siteName: 'School 1', siteUrn: 100001, verdict: 'auth-failed', title: 'Auth failed' }]);
  });

  it("lists a site's recent incidents, newest first", async () => {
    await history();
    const recent = queries.recentForSite(fleet.sites[0]?.id ?? 0);
    expect(recent.map((i) => [i.state, i.firstVerdict])).toEqual([
      ['open', 'auth-failed'],
      ['resolved', 'failing'],
    ]);
    expect(queries.recentForSite(fleet.sites[0]?.id ?? 0, 1)).toHaveLength(1);
  });

  it('finds the incidents open at any moment of a range', async () => {
    await history();
    const names = (from: number, to: number) => queries.inRange(START + from * HOUR, START + to * HOUR).map((i) => `${i.siteName} ${i.firstVerdict}`);
    expect(names(0.5, 1)).toEqual(['School 1 failing']);
    expect(names(1.5, 1.9)).toEqual([]);
    expect(names(2.4, 3.5)).toEqual(['School 1 auth-failed', 'School 2 unreachable']);
    expect(names(0, 24)).toHaveLength(3);
  });

  it('counts by state, and lists fleet incidents in a range', async () => {
    await history();
    for (const s of fleet.sites.slice(10, 16)) await tracker.observe(obs(fleet, s, 'failing', endpointDown));
    expect(queries.counts()).toEqual({ open: 7, acknowledged: 0, resolved: 2, fleetOpen: 1 });
    expect(queries.fleetInRange(START, START + 24 * HOUR)).toMatchObject([{ kind: 'fleet', siteCount: 6 }]);
    expect(queries.fleetInRange(START, START + HOUR)).toEqual([]);
  });

  it('answers the hot lookups from indexes', () => {
    const plan = (sql: string) => (fleet.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan("SELECT id FROM incidents WHERE site_id = ? AND state = 'open'")).toContain('incidents_one_open_per_site');
    expect(plan("SELECT id, opened_at FROM incidents WHERE reason_code = ? AND opened_at >= 0 AND state = 'open' AND kind = 'site' AND parent_id IS NULL")).toContain(
      'incidents_open_by_code',
    );
    expect(plan("SELECT id FROM incidents WHERE notify_state = 'pending' AND notify_at <= ? AND state = 'open'")).toContain('incidents_notify_due');
    expect(plan('SELECT count(*) FROM incidents WHERE parent_id = ?')).toContain('incidents_parent');
    expect(plan('SELECT * FROM incidents WHERE site_id = ? ORDER BY opened_at DESC')).toContain('incidents_site_opened');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentQueries } from '../../../electron/core/store/sqlite/incident-queries.ts';
import { IncidentRepo } from '../../../electron/core/store/sqlite/incident-repo.ts';
import type { IncidentTracker } from '../../../electron/core/incidents/incident-tracker.ts';
import type { Reason } from '../../../shared/health/verdict.ts';
import { AppFailure } from '../../../shared/result.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { endpointDown, hostTimeout, MIN, obs, openFleet, serviceStopped, type Fleet } from './fleet-fixture.ts';

const tempDir = useTempDir();

describe('IncidentTracker: one site', () => {
  let fleet: Fleet;
  let tracker: IncidentTracker;
  let queries: IncidentQueries;
  const site = () => fleet.sites[0];
  beforeEach(() => {
    fleet = openFleet(tempDir(), 20);
    tracker = fleet.tracker({ notifyDelayMs: 0 });
    queries = new IncidentQueries(fleet.db);
    return () => fleet.close();
  });

  it('opens on entering a down verdict, updates between down verdicts, resolves with time to recover', async () => {
    expect((await tracker.observe(obs(fleet, site(), 'healthy'))).change).toBe('none');

    const opened = await tracker.observe(obs(fleet, site(), 'failing', serviceStopped, { previous: 'healthy' }));
    expect(opened).toMatchObject({ change: 'opened', fleet: null, incident: { state: 'open', firstVerdict: 'failing', verdict: 'failing', reasonCode: 'service-stopped', siteName: 'School 1' } });
    expect(opened.notifications).toMatchObject([{ kind: 'site', incident: { siteId: site()?.id, notification: 'sent' } }]);

    fleet.clock.advance(5 * MIN);
    expect((await tracker.observe(obs(fleet, site(), 'failing', serviceStopped, { previous: 'failing' }))).change).toBe('none');
    fleet.clock.advance(5 * MIN);
    const updated = await tracker.observe(obs(fleet, site(), 'unreachable', hostTimeout, { previous: 'failing' }));
    expect(updated).toMatchObject({ change: 'updated', incident: { firstVerdict: 'failing', verdict: 'unreachable', reasonCode: 'service-stopped', reasons: hostTimeout } });
    expect(updated.notifications).toEqual([]);

    fleet.clock.advance(20 * MIN);
    const resolved = await tracker.observe(obs(fleet, site(), 'lagging', [], { previous: 'unreachable' }));
    expect(resolved).toMatchObject({ change: 'resolved', fleetResolved: null, incident: { state: 'resolved', ttrMs: 30 * MIN, resolvedAt: new Date(fleet.clock.now()).toISOString() } });
  });

  it('never opens a second incident for a site, even when the caller forgets the previous verdict', async () => {
    await tracker.observe(obs(fleet, site(), 'failing', serviceStopped));
    fleet.clock.advance(MIN);
    expect((await tracker.observe(obs(fleet, site(), 'failing', serviceStopped, { previous: null }))).change).toBe('none');
    expect(queries.open()).toHaveLength(1);
    const repo = new IncidentRepo(fleet.db);
    const id = site()?.id ?? 0;
    expect(() => repo.insertSite({ siteId: id, at: fleet.clock.now(), verdict: 'failing', reasonCode: 'x', reasons: [], title: 't', notifyAt: 0 })).toThrow(AppFailure);
  });

  it('opens nothing while muted, but keeps and resolves what is already open', async () => {
    expect((await tracker.observe(obs(fleet, site(), 'failing', serviceStopped, { muted: true }))).change).toBe('none');
    expect(queries.open()).toEqual([]);

    const other = fleet.sites[1];
    await tracker.observe(obs(fleet, other, 'failing', serviceStopped));
    fleet.clock.advance(MIN);
    expect((await tracker.observe(obs(fleet, other, 'auth-failed', [], { muted: true }))).change).toBe('updated');
    fleet.clock.advance(MIN);
    expect((await tracker.observe(obs(fleet, other, 'healthy', [], { muted: true }))).change).toBe('resolved');

    // The mute has ended and the first site is still down: it gets its incident now.
    expect((await tracker.observe(obs(fleet, site(), 'failing', serviceStopped, { previous: 'failing' }))).change).toBe('opened');
  });

  it("lets 'unknown' and 'maintenance' neither open nor resolve", async () => {
    expect((await tracker.observe(obs(fleet, site(), 'unknown'))).change).toBe('none');
    await tracker.observe(obs(fleet, site(), 'failing', serviceStopped));
    expect((await tracker.observe(obs(fleet, site(), 'maintenance', serviceStopped))).change).toBe('none');
    expect((await tracker.observe(obs(fleet, site(), 'unknown'))).change).toBe('none');
    expect(queries.open()).toHaveLength(1);
  });

  it('ignores message-only changes but records a new problem', async () => {
    await tracker.observe(obs(fleet, site(), 'failing', serviceStopped));
    const reworded: Reason[] = [{ code: 'service-stopped', severity: 'bad', message: 'Stopped for 2 h' }];
    expect((await tracker.observe(obs(fleet, site(), 'failing', reworded))).change).toBe('none');
    expect((await tracker.observe(obs(fleet, site(), 'failing', [...serviceStopped, ...endpointDown]))).change).toBe('updated');
  });

  it('says which site is missing', async () => {
    await expect(tracker.observe({ siteId: 9999, at: fleet.clock.now(), previous: null, current: 'failing', reasons: serviceStopped, muted: false })).rejects.toThrow('No site with id 9999');
  });
});

describe('IncidentTracker: held alerts', () => {
  let fleet: Fleet;
  beforeEach(() => {
    fleet = openFleet(tempDir(), 20);
    return () => fleet.close();
  });

  it('fires an individual alert once its hold ends, on the next observation or releaseDue', async () => {
    const tracker = fleet.tracker({ notifyDelayMs: 2 * MIN });
    const [a, b] = fleet.sites;
    expect((await tracker.observe(obs(fleet, a, 'failing', serviceStopped))).notifications).toEqual([]);
    fleet.clock.advance(MIN);
    expect(await tracker.releaseDue()).toEqual([]);
    fleet.clock.advance(MIN);
    // Another site's poll carries a's alert out.
    const carried = await tracker.observe(obs(fleet, b, 'healthy'));
    expect(carried.notifications).toMatchObject([{ kind: 'site', incident: { siteId: a?.id, notification: 'sent' } }]);
    fleet.clock.advance(MIN);
    expect(await tracker.releaseDue()).toEqual([]);
  });

  it('skips the alert of a site that recovers within the hold', async () => {
    const tracker = fleet.tracker({ notifyDelayMs: 2 * MIN });
    const [a] = fleet.sites;
    await tracker.observe(obs(fleet, a, 'failing', serviceStopped));
    fleet.clock.advance(MIN);
    expect(await tracker.observe(obs(fleet, a, 'healthy'))).toMatchObject({ incident: { state: 'resolved', notification: 'skipped' } });
    fleet.clock.advance(5 * MIN);
    expect(await tracker.releaseDue()).toEqual([]);
  });
});

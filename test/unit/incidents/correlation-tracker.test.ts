import { afterEach, describe, expect, it } from 'vitest';
import { IncidentQueries } from '../../../electron/core/store/sqlite/incident-queries.ts';
import { IncidentRepo } from '../../../electron/core/store/sqlite/incident-repo.ts';
import { SitesRepo } from '../../../electron/core/store/sqlite/sites-repo.ts';
import type { IncidentTracker } from '../../../electron/core/incidents/incident-tracker.ts';
import type { Reason, Verdict } from '../../../shared/health/verdict.ts';
import type { IncidentNotification } from '../../../shared/incidents.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { endpointDown, hostTimeout, MIN, obs, openFleet, serviceStopped, type Fleet } from './fleet-fixture.ts';

const tempDir = useTempDir();
let fleet: Fleet | null = null;
afterEach(() => fleet?.close());

function setup(size: number) {
  fleet = openFleet(tempDir(), size);
  return fleet;
}

/** Polls every site once, spread evenly over `spreadMs`; `bad` picks the ones that are down. */
async function round(f: Fleet, tracker: IncidentTracker, spreadMs: number, bad: (i: number) => [Verdict, Reason[]] | null): Promise<IncidentNotification[]> {
  const out: IncidentNotification[] = [];
  const step = spreadMs / f.sites.length;
  for (const [i, site] of f.sites.entries()) {
    const [verdict, reasons] = bad(i) ?? ['healthy', []];
    out.push(...(await tracker.observe(obs(f, site, verdict, reasons))).notifications);
    f.clock.advance(step);
  }
  return out;
}

/** Everything still to fire once every hold has ended. */
function drain(f: Fleet, tracker: IncidentTracker): Promise<IncidentNotification[]> {
  f.clock.advance(30 * MIN);
  return tracker.releaseDue();
}

describe('correlation', () => {
  it('groups a central outage into one incident: 60 of 200 sites lose the LA endpoint within 3 minutes', async () => {
    const f = setup(200);
    const tracker = f.tracker();
    const down = (i: number) => i % 10 < 3;
    const sent = await round(f, tracker, 3 * MIN, (i) => (down(i) ? ['failing', endpointDown] : null));
    sent.push(...(await drain(f, tracker)));

    expect(sent).toHaveLength(1);
    const [alert] = sent;
    expect(alert).toMatchObject({ kind: 'fleet', alreadyNotified: [], incident: { kind: 'fleet', state: 'open', reasonCode: 'endpoint-unreachable', fleetSize: 200 } });
    const queries = new IncidentQueries(f.db);
    const [fleetIncident] = queries.openFleet();
    expect(queries.openFleet()).toHaveLength(1);
    expect(fleetIncident).toMatchObject({ siteCount: 60, openSiteCount: 60, title: 'LA endpoint unreachable at 60 sites — central endpoint down?' });
    const children = queries.children(fleetIncident?.id ?? 0);
    expect(children).toHaveLength(60);
    expect(new Set(children.map((c) => c.siteId))).toEqual(new Set(f.sites.filter((_, i) => down(i)).map((s) => s.id)));
    expect(children.every((c) => c.parentId === fleetIncident?.id && c.notification === 'grouped')).toBe(true);
    // The fleet incident's clock starts when the first site went down, not when the burst was recognised.
    expect(fleetIncident?.openedAt).toBe(children[0]?.openedAt);
  });

  it('resolves the fleet incident when its last site recovers, keeping each site its own time to recover', async () => {
    const f = setup(200);
    const tracker = f.tracker();
    const downSites = f.sites.slice(0, 30);
    for (const s of downSites) {
      await tracker.observe(obs(f, s, 'unreachable', hostTimeout));
      f.clock.advance(1000);
    }
    const fleetId = new IncidentQueries(f.db).openFleet()[0]?.id ?? 0;
    expect(new IncidentRepo(f.db).getFleet(fleetId).title).toBe('30 sites unreachable — network outage?');

    f.clock.advance(40 * MIN);
    for (const s of downSites.slice(0, -1)) {
      expect(await tracker.observe(obs(f, s, 'healthy'))).toMatchObject({ change: 'resolved', fleetResolved: null });
    }
    expect(new IncidentRepo(f.db).getFleet(fleetId)).toMatchObject({ state: 'open', openSiteCount: 1 });
    f.clock.advance(20 * MIN);
    const last = await tracker.observe(obs(f, downSites.at(-1), 'healthy'));
    expect(last).toMatchObject({ change: 'resolved', incident: { ttrMs: 60 * MIN + 1000 }, fleetResolved: { id: fleetId, state: 'resolved', openSiteCount: 0 } });
    const fleetTtr = new IncidentRepo(f.db).getFleet(fleetId).ttrMs ?? 0;
    expect(fleetTtr).toBe(60 * MIN + 30_000);
    expect(last.notifications).toEqual([]);
  });

  it('leaves a few unrelated failures as individual alerts', async () => {
    const f = setup(200);
    const tracker = f.tracker();
    const faults: [Verdict, Reason[]][] = [
      ['failing', serviceStopped],
      ['unreachable', hostTimeout],
      ['auth-failed', [{ code: 'auth-failed', severity: 'bad', message: 'Permission denied (publickey)' }]],
      ['failing', endpointDown],
      ['failing', [{ code: 'mis-unreachable', severity: 'bad', message: 'SIMS is unreachable' }]],
    ];
    const sent = await round(f, tracker, MIN, (i) => faults[i] ?? null);
    sent.push(...(await drain(f, tracker)));
    expect(sent.map((n) => n.kind)).toEqual(['site', 'site', 'site', 'site', 'site']);
    expect(new IncidentQueries(f.db).openFleet()).toEqual([]);
  });

  it('keeps a below-threshold burst individual: 20 of 200 is 10%, not more', async () => {
    const f = setup(200);
    const tracker = f.tracker();
    const sent = await round(f, tracker, 3 * MIN, (i) => (i < 20 ? ['failing', endpointDown] : null));
    sent.push(...(await drain(f, tracker)));
    expect(sent).toHaveLength(20);
    expect(sent.every((n) => n.kind === 'site')).toBe(true);
    expect(new IncidentQueries(f.db).openFleet()).toEqual([]);
  });

  it('groups a burst one site over the threshold', async () => {
    const f = setup(200);
    const tracker = f.tracker();
    const sent = await round(f, tracker, 3 * MIN, (i) => (i < 21 ? ['failing', endpointDown] : null));
    sent.push(...(await drain(f, tracker)));
    expect(sent).toMatchObject([{ kind: 'fleet', incident: { siteCount: 21 } }]);
  });

  it('attaches sites that alerted before the threshold was crossed and reports them', async () => {
    const f = setup(50);
    // Immediate alerts: the first five fire before anyone could know it was an outage.
    const tracker = f.tracker({ notifyDelayMs: 0 });
    const sent: IncidentNotification[] = [];
    const sites = f.sites.slice(0, 10);
    for (const s of sites) {
      sent.push(...(await tracker.observe(obs(f, s, 'failing', endpointDown))).notifications);
      f.clock.advance(MIN);
    }
    sent.push(...(await drain(f, tracker)));
    // More than 10% of 50 is 6 sites.
    expect(sent.map((n) => n.kind)).toEqual(['site', 'site', 'site', 'site', 'site', 'fleet']);
    const fleetAlert = sent[5];
    if (fleetAlert?.kind !== 'fleet') throw new Error('expected a fleet alert');
    expect(fleetAlert.alreadyNotified.map((i) => i.siteId)).toEqual(sites.slice(0, 5).map((s) => s.id));
    expect(fleetAlert.alreadyNotified.every((i) => i.notification === 'sent' && i.parentId === fleetAlert.incident.id)).toBe(true);
    expect(fleetAlert.incident.siteCount).toBe(6);
    expect(new IncidentQueries(f.db).children(fleetAlert.incident.id)).toHaveLength(10);
  });

  it('holds individual alerts long enough for a burst to be recognised', async () => {
    const f = setup(50);
    const tracker = f.tracker({ notifyDelayMs: 2 * MIN });
    const sent: IncidentNotification[] = [];
    for (const s of f.sites.slice(0, 6)) {
      sent.push(...(await tracker.observe(obs(f, s, 'failing', endpointDown))).notifications);
      f.clock.advance(MIN);
    }
    // Sites 1-3 fired on their own after two minutes; sites 4 and 5 were still held and were grouped instead.
    expect(sent.map((n) => (n.kind === 'fleet' ? `fleet:${n.alreadyNotified.length}` : 'site'))).toEqual(['site', 'site', 'site', 'fleet:3']);
  });

  it('lets late sites join an ongoing outage quietly, but alerts once it has dwindled to stragglers', async () => {
    const f = setup(100);
    const tracker = f.tracker();
    const first = f.sites.slice(0, 15);
    for (const s of first) await tracker.observe(obs(f, s, 'failing', endpointDown));
    const fleetId = new IncidentQueries(f.db).openFleet()[0]?.id;

    // A school switches its server on two hours later and finds the same dead endpoint.
    f.clock.advance(120 * MIN);
    const late = await tracker.observe(obs(f, f.sites[50], 'failing', endpointDown));
    expect(late).toMatchObject({ change: 'opened', incident: { parentId: fleetId, notification: 'grouped' }, fleet: { created: false } });
    expect(late.notifications).toEqual([]);

    // The endpoint is back; one site stays broken for days.
    for (const s of [...first.slice(1), f.sites[50]]) await tracker.observe(obs(f, s, 'healthy'));
    f.clock.advance(3 * 24 * 60 * MIN);
    const news = await tracker.observe(obs(f, f.sites[60], 'failing', endpointDown));
    expect(news).toMatchObject({ change: 'opened', fleet: null, incident: { parentId: null } });
    expect(await drain(f, tracker)).toMatchObject([{ kind: 'site', incident: { siteId: f.sites[60]?.id } }]);
  });

  it('ignores bursts spread wider than the window', async () => {
    const f = setup(100);
    const tracker = f.tracker();
    for (const s of f.sites.slice(0, 30)) {
      await tracker.observe(obs(f, s, 'failing', endpointDown));
      f.clock.advance(3 * MIN);
    }
    expect(new IncidentQueries(f.db).openFleet()).toEqual([]);
  });

  it('closes a fleet incident when the last site still down is removed from the register', async () => {
    const f = setup(20);
    const tracker = f.tracker();
    const down = f.sites.slice(0, 6);
    for (const s of down) await tracker.observe(obs(f, s, 'failing', endpointDown));
    const repo = new IncidentRepo(f.db);
    const fleetId = new IncidentQueries(f.db).openFleet()[0]?.id ?? 0;
    f.clock.advance(30 * MIN);
    for (const s of down.slice(1)) await tracker.observe(obs(f, s, 'healthy'));
    expect(repo.getFleet(fleetId)).toMatchObject({ state: 'open', siteCount: 6, openSiteCount: 1 });

    // The last site still down is removed (archived): its incident and the outage close then.
    const last = down[0]?.id ?? 0;
    new SitesRepo(f.db, f.clock).archive(last, 'sam');
    expect(await tracker.closeForRemovedSite(last, f.clock.now())).toBe(new IncidentQueries(f.db).recentForSite(last, 1)[0]?.id);
    expect(repo.getFleet(fleetId)).toMatchObject({ state: 'resolved', siteCount: 6, openSiteCount: 0, ttrMs: 30 * MIN });
  });
});

// Fleet-level behaviour over real SSH: quiet holidays, a central outage grouped into
// one incident, and slow hosts that hold nobody else up.
import { afterEach, describe, expect, it } from 'vitest';
import { calendarSettings } from '../../sim/index.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';

const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const WEDNESDAY = Date.UTC(2026, 10, 18, 10, 30);
const HALF_TERM_WEDNESDAY = Date.UTC(2026, 9, 28, 10, 30);
const fast = { timeouts: { connectMs: 2_000, execMs: 2_000 }, overallMs: 6_000 };

let sc: SimCore | null = null;
afterEach(async () => {
  await sc?.close();
  sc = null;
});

describe('the poller across a fleet', () => {
  it('treats a half-term week as quiet once term dates are set, and as failing without them', async () => {
    sc = await startSimCore({ sites: 12, seed: 'holiday', faultRate: 0, transientFailureRate: 0, speed: 0, start: HALF_TERM_WEDNESDAY }, { poller: fast });
    const { poller, settings } = sc.core.context;
    await poller.pollNow();
    const withoutTerms = (await poller.snapshot()).statuses.map((s) => s.verdict);
    expect(new Set(withoutTerms)).toEqual(new Set(['failing']));

    const cal = calendarSettings();
    await settings.set('terms', cal.terms);
    await settings.set('closures', cal.closures);
    poller.reloadSettings();
    await poller.pollNow();
    const statuses = (await poller.snapshot()).statuses;
    expect(statuses.map((s) => s.verdict)).toEqual(statuses.map(() => 'healthy'));
    expect(statuses.flatMap((s) => s.datasets.map((d) => d.state)).every((st) => st === 'quiet' || st === 'fresh')).toBe(true);
  });

  it('groups a central outage into one fleet incident with one notification', async () => {
    sc = await startSimCore({ sites: 40, seed: 'outage', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY }, { poller: fast });
    const notified: { kind: string }[] = [];
    sc.core.onEvent((name, payload) => {
      if (name === 'incident.notify') notified.push(payload as { kind: string });
    });
    const { poller, incidentQueries } = sc.core.context;
    await poller.pollNow();
    const hit = sc.fleet.sites.slice(0, 10);
    for (const s of hit) await sc.fleet.control.inject(s.urn, { name: 'wrong-endpoint' });
    await sc.fleet.control.setClock({ time: WEDNESDAY });
    await poller.pollNow();

    const fleet = await incidentQueries.openFleet();
    expect(fleet).toHaveLength(1);
    expect(fleet[0]?.siteCount).toBe(10);
    expect(fleet[0]?.title).toMatch(/endpoint/i);
    expect((await incidentQueries.children(fleet[0]?.id ?? 0)).map((i) => i.siteUrn).sort()).toEqual(hit.map((s) => s.urn).sort());
    expect(notified.filter((n) => n.kind === 'fleet')).toHaveLength(1);
    expect(notified.filter((n) => n.kind === 'site')).toHaveLength(0);
  });

  it('answers for healthy sites while black-holed and slow ones are still hanging', async () => {
    sc = await startSimCore({ sites: 24, seed: 'slow', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY, slowBannerMs: 1_500 }, { poller: fast });
    const { poller } = sc.core.context;
    const urns = sc.fleet.sites.map((s) => s.urn);
    const stuck = urns.slice(0, 6);
    for (const [i, urn] of stuck.entries()) await sc.fleet.control.inject(urn, { name: i % 2 ? 'black-hole' : 'slow-banner' });
    const stuckIds = stuck.map((u) => sc?.idOf(u) ?? 0);
    const healthyIds = urns.slice(6).map((u) => sc?.idOf(u) ?? 0);

    let stuckDone = false;
    const slowPolls = poller.pollNow(stuckIds).then(() => (stuckDone = true));
    await poller.pollNow(healthyIds);
    // Every healthy site has its answer before any hanging host has timed out or spoken.
    expect(stuckDone).toBe(false);
    for (const id of healthyIds) expect(poller.status(id).verdict).toBe('healthy');
    await slowPolls;
    const verdicts = stuck.map((u, i) => [i % 2 ? 'black-hole' : 'slow-banner', poller.status(sc?.idOf(u) ?? 0).verdict]);
    expect(verdicts).toEqual(stuck.map((_, i) => (i % 2 ? ['black-hole', 'unreachable'] : ['slow-banner', 'healthy'])));
  });

  it('dials the sites queued behind a full in-flight limit, so black holes time out together rather than in turn', async () => {
    const connectMs = 1_500;
    sc = await startSimCore({ sites: 8, seed: 'queued', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY }, { poller: { ...fast, timeouts: { connectMs, execMs: 2_000 }, maxPollsInFlight: 1 } });
    const { poller } = sc.core.context;
    const urns = sc.fleet.sites.map((s) => s.urn);
    const holes = urns.slice(5);
    for (const urn of holes) await sc.fleet.control.inject(urn, { name: 'black-hole' });
    const t0 = performance.now();
    await poller.pollNow();
    const took = performance.now() - t0;
    for (const urn of holes) expect(poller.status(sc.idOf(urn)).verdict).toBe('unreachable');
    for (const urn of urns.slice(0, 5)) expect(poller.status(sc.idOf(urn)).verdict).toBe('healthy');
    // One poll at a time: waiting out three connect timeouts in turn would take at least 4.5 s.
    expect(took).toBeLessThan(3 * connectMs - 500);
    expect(poller.pool.predials).toBe(0);
  });
});

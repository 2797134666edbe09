// Remote actions against the simulated fleet over real SSH: a restart that clears a crash
// loop and is verified by the next poll, a restart that waits for a school that is off,
// a bulk resync that is cancelled part way, rate limits, and what a crash leaves behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../shared/actions.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';
import { until } from '../helpers/until.ts';

const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);

describe('remote actions on the simulated fleet', () => {
  let sc: SimCore;
  const urn = (i: number) => sc.fleet.sites[i]?.urn ?? 0;
  const actions = () => sc.core.context.actions;
  const journal = () => sc.core.context.journal;
  const settled = (runId: number) => until(`run ${runId} to finish`, async () => ((await journal().run(runId))?.state !== 'running' ? journal().actionsOf(runId) : null));

  beforeAll(async () => {
    sc = await startSimCore(
      { sites: 30, seed: 'actions', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY },
      { poller: { timeouts: { connectMs: 1_500, execMs: 2_500 }, overallMs: 6_000 }, actions: { verifyFirstMs: 20, verifyEveryMs: 100, execTimeoutMs: 5_000 } },
    );
    await sc.core.context.poller.pollNow();
  }, 60_000);
  afterAll(async () => sc?.close());

  it('restarts a crash-looping school, verifies it from the next poll and notes it on the incident', async () => {
    const id = sc.idOf(urn(0));
    await sc.fleet.control.inject(urn(0), { name: 'crash-loop' });
    await sc.core.context.poller.pollNow([id]);
    await sc.core.context.poller.pollNow([id]);
    expect(sc.core.context.poller.status(id).verdict).toBe('failing');
    const incident = await until('an open incident', async () => (await sc.core.context.incidentQueries.open()).find((i) => i.siteId === id));

    const preview = await actions().preview({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} });
    expect(preview).toMatchObject({ verb: 'restart', sites: [{ siteId: id, waits: false }], skipped: [], confirmCount: null });
    const run = await actions().start({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} }, 'Sam Patel');
    const [a] = await settled(run.id);
    expect(a).toMatchObject({ state: 'succeeded', actor: 'Sam Patel', verdictBefore: 'failing' });
    const verified = await until('verification', async () => {
      const now = await journal().get(a?.id ?? 0);
      return now?.verification !== 'pending' ? now : null;
    });
    expect(verified).toMatchObject({ verification: 'cleared' });
    expect(sc.fleet.control.truthOf(urn(0)).service).toBe('running');
    const notes = await sc.core.context.incidentHandling.notes(incident.id);
    expect(notes.map((n) => n.text)).toContainEqual(expect.stringMatching(/^Restarted by Sam Patel \d\d:\d\d — verified/));
    expect(await journal().effectiveness()).toContainEqual({ reasonCode: 'service-crash-loop', kind: 'restart', cleared: 1, judged: 1 });
    const audit = (await sc.core.context.audit.forSite(id)).map((e) => `${e.actor} ${e.action} ${e.outcome}`);
    expect(audit).toContain('Sam Patel action.restart succeeded');
  });

  it('refuses a fourth restart within the hour at the same site, and says why', async () => {
    const id = sc.idOf(urn(1));
    for (let i = 0; i < 3; i++) await settled((await actions().start({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} }, 'Sam Patel')).id);
    const preview = await actions().preview({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} });
    expect(preview.sites).toEqual([]);
    expect(preview.skipped[0]?.why).toMatch(/Rate limit: restart already ran 3 times/);
    await expect(actions().start({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} }, 'Sam Patel')).rejects.toThrow(/Rate limit/);
  });

  it('holds a restart for a school that is off, and runs and verifies it when the school is back', async () => {
    const id = sc.idOf(urn(2));
    await sc.fleet.control.inject(urn(2), { name: 'host-off' });
    await sc.core.context.poller.pollNow([id]);
    expect(sc.core.context.poller.status(id).verdict).toBe('unreachable');
    const run = await actions().start({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} }, 'Priya Shah');
    const [waiting] = await journal().actionsOf(run.id);
    expect(waiting).toMatchObject({ state: 'waiting', expiresAt: sc.fleet.clock.now() + 72 * 3_600_000 });
    expect((await journal().waitingFor(id)).map((a) => a.id)).toEqual([waiting?.id]);
    await sc.fleet.control.clear(urn(2), 'host-off');
    await sc.core.context.poller.pollNow([id]);
    const done = await until('the waiting restart to run and be verified', async () => {
      const a = await journal().get(waiting?.id ?? 0);
      return a?.state === 'succeeded' && a.verification === 'cleared' ? a : null;
    });
    expect(done.startedAt).not.toBeNull();
    expect((await journal().run(run.id))?.state).toBe('finished');
  });

  it('expires a waiting action that the school never comes back for', async () => {
    const id = sc.idOf(urn(3));
    await sc.fleet.control.inject(urn(3), { name: 'host-off' });
    await sc.core.context.poller.pollNow([id]);
    const run = await actions().start({ params: { kind: 'resync', dataset: 'all' }, siteIds: [id], whenBack: false, pacing: {} }, 'Priya Shah');
    await sc.fleet.control.setClock({ time: sc.fleet.clock.now() + 73 * 3_600_000 });
    await actions().expireDue();
    expect(await journal().actionsOf(run.id)).toMatchObject([{ state: 'expired', message: expect.stringMatching(/did not come back/) as unknown }]);
    expect((await journal().run(run.id))?.state).toBe('finished');
  });

  it('a bulk resync runs at its concurrency and, cancelled part way, cancels what had not started', async () => {
    const ids = sc.fleet.sites.slice(5, 25).map((s) => sc.idOf(s.urn));
    const run = await actions().start({ params: { kind: 'resync', dataset: 'attendance' }, siteIds: ids, whenBack: false, pacing: { concurrency: 2, waveSize: 4, wavePauseS: 1 } }, 'Sam Patel');
    await until('the first wave', async () => ((await journal().run(run.id))?.counts.succeeded ?? 0) >= 4);
    await actions().cancelRun(run.id, 'Sam Patel');
    const all = await settled(run.id);
    const by = (s: Action['state']) => all.filter((a) => a.state === s).length;
    expect(by('succeeded')).toBeGreaterThanOrEqual(4);
    expect(by('cancelled')).toBeGreaterThan(0);
    expect(by('succeeded') + by('cancelled')).toBe(20);
    expect((await journal().run(run.id))?.state).toBe('cancelled');
  });

  it('asks for the site count to be typed for more than 25 sites or the whole fleet', async () => {
    const preview = await actions().preview({ params: { kind: 'diag' }, siteIds: 'all', whenBack: false, pacing: {} });
    expect(preview.confirmCount).toBe(preview.sites.length);
    await expect(actions().start({ params: { kind: 'diag' }, siteIds: 'all', whenBack: false, pacing: {} }, 'Sam Patel')).rejects.toThrow(/Type \d+ to confirm/);
  });

  it('verifies an action once when the same site’s result arrives twice at once, with one note on its incident', async () => {
    const id = sc.idOf(urn(26));
    await sc.fleet.control.inject(urn(26), { name: 'crash-loop' });
    await sc.core.context.poller.pollNow([id]);
    await sc.core.context.poller.pollNow([id]);
    const incident = await until('an open incident', async () => (await sc.core.context.incidentQueries.open()).find((i) => i.siteId === id));
    // A verification poll and a scheduled one written in the same batch: each result of this
    // site reaches the service a second time while the first is still being handled.
    const off = sc.core.context.poller.onResult((r) => {
      if (r.siteId === id) actions().onPoll(r);
    });
    try {
      const run = await actions().start({ params: { kind: 'restart' }, siteIds: [id], whenBack: false, pacing: {} }, 'Sam Patel');
      const [a] = await settled(run.id);
      await until('verification', async () => ((await journal().get(a?.id ?? 0))?.verification === 'cleared' ? true : null));
      await actions().idle();
    } finally {
      off();
    }
    const notes = (await sc.core.context.incidentHandling.notes(incident.id)).filter((n) => /^Restarted by/.test(n.text));
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/— verified/)]);
  });
});

describe('poll now', () => {
  it('answers with the polled site’s new status', async () => {
    const sc = await startSimCore({ sites: 2, seed: 'poll-now', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY });
    try {
      const id = sc.idOf(sc.fleet.sites[0]?.urn ?? 0);
      await sc.fleet.control.inject(sc.fleet.sites[0]?.urn ?? 0, { name: 'service-stopped' });
      const r = await sc.core.request('poll.now', { ids: [id] });
      expect(r).toMatchObject({ ok: true, data: { polled: 1, statuses: [{ siteId: id, verdict: 'failing' }] } });
    } finally {
      await sc.close();
    }
  });
});

// Host-key trust in bulk against the simulated fleet over real SSH: first-seen keys approved
// together, a changed key that blocks its site and keeps an incident open until approved,
// and rejections that stick until the host offers a different key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyDecision, KeyItem } from '../../shared/host-keys.ts';
import { HostKeyService } from '../../electron/core/host-keys/host-key-service.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';
import { until } from '../helpers/until.ts';

const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const ACTOR = 'Jo Bloggs';

describe('host keys in bulk on the simulated fleet', () => {
  let sc: SimCore;
  const urn = (i: number) => sc.fleet.sites[i]?.urn ?? 0;
  const id = (i: number) => sc.idOf(urn(i));
  const ctx = () => sc.core.context;
  const truth = (i: number) => sc.fleet.control.truthOf(urn(i));
  const waiting = () => ctx().hostKeys.waiting();
  const decide = async (decision: KeyDecision, items: KeyItem[]) => {
    const r = await ctx().hostKeys.decide(decision, items, ACTOR);
    await r.repolled;
    return r.outcomes.map((o) => [o.siteId, o.outcome]);
  };
  const openIncident = async (i: number) => (await ctx().incidentQueries.open()).find((x) => x.siteId === id(i));
  const audit = async (i: number) => (await ctx().audit.forSite(id(i))).filter((e) => e.action.startsWith('hostkey.'));

  beforeAll(async () => {
    sc = await startSimCore(
      { sites: 6, seed: 'host-keys', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY },
      { poller: { timeouts: { connectMs: 2_500, execMs: 2_500 }, overallMs: 8_000 }, unpinned: (i) => i < 3 },
    );
    await ctx().poller.pollNow();
  }, 60_000);
  afterAll(async () => sc?.close());

  it('lists first-seen keys as waiting and sends them nothing', async () => {
    expect((await waiting()).map((w) => [w.siteId, w.kind, w.presented, w.pinned]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([0, 1, 2].map((i) => [id(i), 'first-seen', truth(i).hostKeyFingerprint, null]));
    for (const i of [0, 1, 2]) expect(ctx().poller.lastAgentStatus(id(i))).toBeNull();
  });

  it('keeps the time a waiting key was first seen across later polls', async () => {
    const since = (await waiting()).find((w) => w.siteId === id(0))?.since;
    expect(since).toBeGreaterThan(0);
    await sc.fleet.control.setClock({ time: TUESDAY + 600_000 });
    await ctx().poller.pollNow([id(0)]);
    expect(ctx().poller.status(id(0)).polledAt).toBeGreaterThanOrEqual(TUESDAY + 600_000);
    expect((await waiting()).find((w) => w.siteId === id(0))?.since).toBe(since);
  });

  it("checks waiting keys against the school's known_hosts and never approves a revoked key", async () => {
    const s = (i: number) => sc.fleet.sites[i];
    const text = [
      '# from the school',
      `[${s(0)?.host}]:${s(0)?.port} ${s(0)?.hostKey}`,
      `[${s(1)?.host}]:${s(1)?.port} ${s(3)?.hostKey}`,
      `@revoked * ${s(2)?.hostKey}`,
      'just-a-host-name',
    ].join('\n');
    const { id: uploadId } = ctx().uploads.begin('known_hosts', Buffer.byteLength(text));
    await ctx().uploads.append(uploadId, 0, Buffer.from(text));
    const check = await ctx().hostKeys.checkKnownHosts(uploadId, ACTOR);
    expect(check.problems).toEqual([{ line: 5, message: 'expected host names, a key type and a base64 key' }]);
    expect(check.checks.map((c) => [c.siteId, c.verdict]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
      [id(0), 'matches'],
      [id(1), 'differs'],
      [id(2), 'revoked'],
    ]);
    expect(await decide('approve', [{ siteId: id(2), fingerprint: truth(2).hostKeyFingerprint }])).toEqual([[id(2), 'revoked']]);
    expect((await waiting()).some((w) => w.siteId === id(2))).toBe(true);
    expect(await audit(2)).toEqual([]);
    // Kept for good, and audited: a console started afresh on this store still refuses it.
    const afresh = new HostKeyService({ ...ctx(), repo: ctx().store.hostKeys });
    expect((await afresh.decide('approve', [{ siteId: id(2), fingerprint: truth(2).hostKeyFingerprint }], ACTOR)).outcomes.map((o) => o.outcome)).toEqual(['revoked']);
    const learned = (await ctx().audit.recent()).filter((e) => e.action === 'hostkey.revoked');
    expect(learned.map((e) => [e.actor, e.target, e.detail['fingerprints']])).toEqual([[ACTOR, 'known_hosts', [truth(2).hostKeyFingerprint]]]);
  });

  it('approves first-seen keys in bulk, refuses a fingerprint the host does not present, and polls the approved sites', async () => {
    const outcomes = await decide('approve', [
      { siteId: id(0), fingerprint: truth(0).hostKeyFingerprint },
      { siteId: id(1), fingerprint: truth(1).hostKeyFingerprint },
      { siteId: id(2), fingerprint: truth(3).hostKeyFingerprint },
      { siteId: id(3), fingerprint: truth(3).hostKeyFingerprint },
    ]);
    expect(outcomes).toEqual([
      [id(0), 'approved'],
      [id(1), 'approved'],
      [id(2), 'refused'],
      [id(3), 'not-waiting'],
    ]);
    for (const i of [0, 1]) {
      expect(ctx().poller.status(id(i))).toMatchObject({ verdict: 'healthy', hostKey: { state: 'pinned', approved: truth(i).hostKeyFingerprint, pending: null } });
      expect((await audit(i)).map((e) => [e.action, e.actor, e.detail['fingerprint'], e.detail['kind']])).toEqual([['hostkey.approve', ACTOR, truth(i).hostKeyFingerprint, 'first-seen']]);
    }
    expect((await waiting()).map((w) => w.siteId)).toEqual([id(2)]);
    expect(await audit(2)).toEqual([]);
  });

  it('keeps a rejected first-seen key blocked and out of the waiting list; a different key comes back', async () => {
    expect(await decide('reject', [{ siteId: id(2), fingerprint: truth(2).hostKeyFingerprint }])).toEqual([[id(2), 'rejected']]);
    await ctx().poller.pollNow([id(2)]);
    expect(await waiting()).toEqual([]);
    expect(ctx().poller.status(id(2)).hostKey).toEqual({ state: 'rejected', approved: null, pending: null, rejected: truth(2).hostKeyFingerprint });
    expect(ctx().poller.lastAgentStatus(id(2))).toBeNull();
    expect(ctx().poller.status(id(2)).reasons.map((r) => r.code)).toEqual(['hostkey-rejected']);
    expect((await audit(2)).map((e) => [e.action, e.actor, e.detail['fingerprint']])).toEqual([['hostkey.reject', ACTOR, truth(2).hostKeyFingerprint]]);
    // The school's server is rebuilt: its new key is a new question.
    await sc.fleet.control.inject(urn(2), { name: 'host-key-changed' });
    await ctx().poller.pollNow([id(2)]);
    expect((await waiting()).map((w) => [w.siteId, w.kind, w.presented])).toEqual([[id(2), 'first-seen', truth(2).hostKeyFingerprint]]);
    expect(truth(2).hostKeyFingerprint).not.toBe(truth(2).pinnedFingerprint);
  });

  it('blocks a site whose key changed, with an incident, until the new key is approved; then the incident closes', async () => {
    await sc.fleet.control.inject(urn(4), { name: 'host-key-changed' });
    await ctx().poller.pollNow([id(4)]);
    expect(ctx().poller.status(id(4)).verdict).toBe('hostkey-changed');
    const incident = await openIncident(4);
    expect(incident?.verdict).toBe('hostkey-changed');
    expect((await waiting()).find((w) => w.siteId === id(4))).toMatchObject({ kind: 'changed', pinned: truth(4).pinnedFingerprint, presented: truth(4).hostKeyFingerprint });
    // Polling again changes nothing: the host is still refused.
    await ctx().poller.pollNow([id(4)]);
    expect((await openIncident(4))?.id).toBe(incident?.id);

    expect(await decide('approve', [{ siteId: id(4), fingerprint: truth(4).hostKeyFingerprint }])).toEqual([[id(4), 'approved']]);
    await until('the approved site polled healthy', () => ctx().poller.status(id(4)).verdict === 'healthy');
    expect(await openIncident(4)).toBeUndefined();
    expect(ctx().poller.status(id(4)).hostKey).toEqual({ state: 'pinned', approved: truth(4).hostKeyFingerprint, pending: null });
    expect((await audit(4)).map((e) => [e.action, e.detail['kind'], e.detail['pinned']])).toEqual([['hostkey.approve', 'changed', truth(4).pinnedFingerprint]]);
  });

  it('keeps a site blocked after its changed key is rejected, and the rejected key does not come back as waiting', async () => {
    await sc.fleet.control.inject(urn(5), { name: 'host-key-changed' });
    await ctx().poller.pollNow([id(5)]);
    expect(await openIncident(5)).toBeDefined();
    expect(await decide('reject', [{ siteId: id(5), fingerprint: truth(5).hostKeyFingerprint }])).toEqual([[id(5), 'rejected']]);
    await ctx().poller.pollNow([id(5)]);
    expect((await waiting()).some((w) => w.siteId === id(5))).toBe(false);
    const status = ctx().poller.status(id(5));
    expect(status.verdict).toBe('hostkey-changed');
    expect(status.hostKey).toEqual({ state: 'changed', approved: truth(5).pinnedFingerprint, pending: null, rejected: truth(5).hostKeyFingerprint });
    expect(status.reasons[0]?.message).toMatch(/a key that was rejected/);
    expect(await openIncident(5)).toBeDefined();
    // Once the host shows its pinned key again, the refusal has done its job.
    await sc.fleet.control.clear(urn(5), 'host-key-changed');
    await ctx().poller.pollNow([id(5)]);
    expect(ctx().poller.status(id(5))).toMatchObject({ verdict: 'healthy', hostKey: { state: 'pinned', pending: null } });
    expect(ctx().poller.status(id(5)).hostKey.rejected).toBeUndefined();
    expect((await ctx().auditTrail.verify()).ok).toBe(true);
  });
});

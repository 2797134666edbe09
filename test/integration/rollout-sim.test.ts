// Config rollouts against the simulated fleet over real SSH: the SaaS move whose canary
// fails on a typo and is rolled back, then fixed and resumed to the end; a site changed since
// the preview is a conflict and left alone; a refused apply and an offline school.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutPlanInput } from '../../shared/rollouts.ts';
import { RolloutPlanInputSchema } from '../../shared/rollouts.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';
import { until } from '../helpers/until.ts';

const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const SAAS = 'https://one-saas.example.net/b2b/brackenfield';
const TYPO = 'https://one-saas.exmaple.net/b2b/brackenfield';

describe('config rollouts on the simulated fleet', () => {
  let sc: SimCore;
  const ctx = () => sc.core.context;
  const plan = (over: Partial<RolloutPlanInput>): RolloutPlanInput => RolloutPlanInputSchema.parse({ template: 'Brackenfield', siteIds: 'all', waitBetweenS: 0, ...over });
  const truthHash = (siteId: number) => sc.fleet.control.truthOf(sc.fleet.sites.find((s) => sc.idOf(s.urn) === siteId)?.urn ?? 0).configHash;

  beforeAll(async () => {
    sc = await startSimCore(
      { sites: 12, seed: 'rollout', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY },
      { poller: { timeouts: { connectMs: 1_500, execMs: 2_500 }, overallMs: 6_000 }, rollouts: { verifyFirstMs: 20, verifyEveryMs: 100, execTimeoutMs: 5_000, retryMs: 200, tickMs: 50 } },
    );
    await ctx().poller.pollNow();
  }, 60_000);
  afterAll(async () => sc?.close());

  it('the SaaS move: a typo fails the canary, which is rolled back; the fixed template resumes and completes', async () => {
    const before = new Map((await ctx().sites.list()).map((s) => [s.id, truthHash(s.id)]));
    const v1 = await ctx().config.saveTemplate({ name: 'Brackenfield', fields: { endpointUrl: TYPO }, note: 'Move to the vendor SaaS', baseVersion: 0 }, 'Jo Engineer');
    expect(v1.version).toBe(1);
    await ctx().config.assign('all', 'Brackenfield', 'Jo Engineer');
    expect(new Set((await ctx().config.states()).map((s) => s.state))).toEqual(new Set(['drift']));

    const preview = await ctx().rollouts.plan(plan({ canary: { count: 2 }, waves: [{ percent: 50 }] }), 'Jo Engineer');
    expect(preview.groups).toEqual([{ summary: 'endpoint', count: 12, siteIds: expect.any(Array) as unknown }]);
    expect(preview.waveSizes).toEqual([2, 6, 4]);
    const id = preview.rollout.id;
    await expect(ctx().rollouts.begin(id, 11, 'Jo Engineer')).rejects.toThrow(/Type 12/);
    await ctx().rollouts.begin(id, 12, 'Jo Engineer');

    const halted = await until('the canary to fail', async () => {
      const d = await ctx().rollouts.detail(id);
      return d.rollout.state === 'halted' && d.sites.every((s) => s.state !== 'rolling-back') ? d : null;
    });
    expect(halted.rollout.reason).toMatch(/Wave canary failed: 2 of 2/);
    const canary = halted.sites.filter((s) => s.wave === 0);
    expect(canary.map((s) => [s.state, s.errorCode])).toEqual([
      ['rolled-back', 'NOT_VERIFIED'],
      ['rolled-back', 'NOT_VERIFIED'],
    ]);
    expect(canary[0]?.message).toMatch(/cannot connect to https:\/\/one-saas\.exmaple\.net/);
    // Ground truth: every site is on the config it had before; nothing past the canary was touched.
    for (const s of await ctx().sites.list()) expect(truthHash(s.id)).toBe(before.get(s.id));
    expect(halted.sites.filter((s) => s.wave > 0).every((s) => s.state === 'pending')).toBe(true);

    await ctx().config.saveTemplate({ name: 'Brackenfield', fields: { endpointUrl: SAAS }, note: 'Fix the typo in the host name', baseVersion: 1 }, 'Jo Engineer');
    const resumed = await ctx().rollouts.resume(id, 'Jo Engineer');
    expect(resumed.templateVersion).toBe(2);
    const done = await until('the rollout to complete', async () => ((await ctx().rollouts.detail(id)).rollout.state === 'completed' ? ctx().rollouts.detail(id) : null), 60_000);
    expect(done.sites.map((s) => s.state)).toEqual(Array(12).fill('verified'));
    for (const s of done.sites) {
      expect(truthHash(s.siteId)).toBe(s.toHash);
      expect(s.templateVersion).toBe(2);
    }
    await ctx().poller.pollNow();
    await until('every site in sync', async () => (await ctx().config.states()).every((s) => s.state === 'in-sync'));

    const audit = (await ctx().audit.recent(1000)).map((e) => `${e.action} ${e.outcome}`);
    for (const line of ['rollout.start started', 'rollout.wave failed', 'rollout.site.rollback rolled-back', 'rollout.resume resumed', 'rollout.wave passed', 'rollout.site.verify verified', 'rollout.finish completed']) {
      expect(audit).toContain(line);
    }
    const csv = (await ctx().rollouts.report(id)).text;
    expect(csv.split('\r\n').filter((l) => /,Verified,sha256:/.test(l))).toHaveLength(12);
  }, 120_000);

  it('leaves a site whose config changed since the preview alone (conflict), counts a refused apply, and waits for an offline school', async () => {
    await ctx().config.saveTemplate({ name: 'Brackenfield', fields: { endpointUrl: SAAS, logLevel: 'warn' }, note: 'Quieter logs', baseVersion: 2 }, 'Jo Engineer');
    const [a, b, c] = await ctx().sites.list();
    if (!a || !b || !c) throw new Error('fleet too small');
    const urnOf = (site: { urn: number }) => site.urn;
    const preview = await ctx().rollouts.plan(plan({ siteIds: [a.id, b.id, c.id], canary: { count: 0 }, waves: [], maxFailurePct: 50 }), 'Jo Engineer');
    // After the preview: someone edits a's config on the server, b's disk fills, c is switched off.
    await sc.fleet.control.inject(urnOf(a), { name: 'wrong-endpoint' });
    const aChanged = truthHash(a.id);
    await sc.fleet.control.inject(urnOf(b), { name: 'disk-full' });
    await sc.fleet.control.inject(urnOf(c), { name: 'host-off' });
    const id = preview.rollout.id;
    await ctx().rollouts.begin(id, 3, 'Jo Engineer');
    const offline = await until('c to wait offline', async () => {
      const d = await ctx().rollouts.detail(id);
      return d.sites.every((s) => s.message !== null && ['conflict', 'failed', 'offline', 'applying'].includes(s.state)) ? d : null;
    });
    const by = new Map(offline.sites.map((s) => [s.siteId, s]));
    expect(by.get(a.id)).toMatchObject({ state: 'conflict', errorCode: 'E_CONFLICT' });
    expect(truthHash(a.id)).toBe(aChanged);
    expect(by.get(b.id)).toMatchObject({ state: 'failed', errorCode: 'E_DISK_FULL' });
    // Off before the command could be sent (offline, with an expiry), or while it was in doubt
    // (applying: read back when the school answers, never sent blind).
    const cState = by.get(c.id);
    if (cState?.state === 'offline') expect(cState.expiresAt).toEqual(expect.any(Number));
    else expect(cState).toMatchObject({ state: 'applying', message: expect.stringMatching(/will be read back/) as unknown });
    expect(truthHash(c.id)).toBe(cState?.fromHash);

    await sc.fleet.control.clear(urnOf(c), 'host-off');
    await ctx().poller.pollNow([c.id]);
    const done = await until('the rollout to complete', async () => ((await ctx().rollouts.detail(id)).rollout.state === 'completed' ? ctx().rollouts.detail(id) : null));
    expect(done.sites.find((s) => s.siteId === c.id)).toMatchObject({ state: 'verified' });
    expect(truthHash(c.id)).toBe(done.sites.find((s) => s.siteId === c.id)?.toHash);
    // The site changed on the server is flagged, never overwritten.
    await ctx().poller.pollNow([a.id]);
    await until('a flagged as changed locally', async () => (await ctx().config.states()).find((s) => s.siteId === a.id)?.state === 'changed-locally');
  }, 60_000);

  it('starts a draft once when two people press Start together: the second is told it has already started', async () => {
    await ctx().config.saveTemplate({ name: 'Brackenfield', fields: { endpointUrl: SAAS, logLevel: 'error' }, note: 'Errors only', baseVersion: 3 }, 'Jo Engineer');
    const d = (await ctx().sites.list())[3];
    if (!d) throw new Error('fleet too small');
    const preview = await ctx().rollouts.plan(plan({ siteIds: [d.id], canary: { count: 0 }, waves: [] }), 'Jo Engineer');
    const id = preview.rollout.id;
    const [first, second] = await Promise.allSettled([ctx().rollouts.begin(id, 1, 'Jo Engineer'), ctx().rollouts.begin(id, 1, 'Sam Patel')]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { id, state: 'running' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { message: `Rollout ${id} has already started` } });
    const starts = (await ctx().audit.recent(1000)).filter((e) => e.action === 'rollout.start' && e.detail.rolloutId === id);
    expect(starts.map((e) => e.actor)).toEqual(['Jo Engineer']);
    await until('the rollout to complete', async () => (await ctx().rollouts.detail(id)).rollout.state === 'completed');
  }, 60_000);
});

// The rollouts area's contract, on both backends: a draft and its sites in one write, reads in
// their order, moves that only happen from the named states (the loser changes nothing), the
// known hash written with the move, patches, and decisions written as one.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { RolloutPlanInputSchema } from '../../../shared/rollouts.ts';
import { HOT_ROLLOUT_SQL } from '../../../electron/core/store/postgres/rollout-repo.ts';
import type { NewRolloutSite, StoreAreas } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { describePlan, pgPlan, seedSites, T0 } from './contract-seed.ts';

const DAY = 86_400_000;
const config = { endpointUrl: 'https://saas.example/b2b' } as unknown as NewRolloutSite['config'];

async function draft(store: OpenedStore, areas: StoreAreas = store.areas, at = T0, n = 4) {
  const siteIds = await seedSites(store, n);
  return draftFor(areas, siteIds, at);
}

async function draftFor(areas: StoreAreas, siteIds: number[], at: number) {
  const plan = RolloutPlanInputSchema.parse({ template: 'SaaS', siteIds });
  const sites: NewRolloutSite[] = siteIds.map((siteId, i) => ({
    siteId, siteName: `School ${String.fromCharCode(68 - i)}`, urn: 100001 + i, wave: i < 2 ? 0 : 1, fromHash: `from${i}`, toHash: 'to', config,
    templateVersion: 2, changes: i % 2 ? 'endpoint' : 'schedule', changeList: [{ path: 'endpointUrl', from: 'a', to: 'b' }],
  }));
  const id = await areas.rollouts.createDraft({ name: 'Move to SaaS', template: 'SaaS', templateVersion: 2, plan, actor: 'priya', at, waves: 2, skipped: [], sites });
  return { id, siteIds, plan };
}

describe.each(storeBackends({ afterAll }))('rollouts on $name', (backend) => {
  const run = it.skipIf(backend.unavailable !== null);

  run('creates a draft with its sites, reads them in wave and name order, and discards it', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const { id, siteIds, plan } = await draft(store);
      expect(await rollouts.get(id)).toEqual({
        id, name: 'Move to SaaS', template: 'SaaS', templateVersion: 2, plan, state: 'draft', actor: 'priya', createdAt: T0, startedAt: null, finishedAt: null,
        wave: 0, waves: 2, nextAt: null, reason: null, counts: { pending: 4 }, total: 4, skipped: [],
      });
      const sites = await rollouts.sites(id);
      expect(sites.map((s) => [s.wave, s.siteName])).toEqual([[0, 'School C'], [0, 'School D'], [1, 'School A'], [1, 'School B']]);
      expect(await rollouts.site(id, siteIds[0] ?? 0)).toEqual({
        rolloutId: id, siteId: siteIds[0], siteName: 'School D', urn: 100001, wave: 0, state: 'pending', fromHash: 'from0', toHash: 'to', configJson: JSON.stringify(config),
        templateVersion: 2, changes: 'schedule', errorCode: null, message: null, verdictBefore: null, verdictAfter: null, appliedAt: null, verifiedAt: null,
        rolledBackAt: null, expiresAt: null, verifyUntil: null, updatedAt: T0,
      });
      expect(await rollouts.site(id, 424242)).toBeNull();
      expect((await rollouts.diffs(id, 'endpoint', 0, 10)).map((d) => [d.siteName, d.changeList])).toEqual([['School C', [{ path: 'endpointUrl', from: 'a', to: 'b' }]], ['School A', [{ path: 'endpointUrl', from: 'a', to: 'b' }]]]);
      expect((await rollouts.diffs(id, null, 1, 2)).map((d) => d.siteName)).toEqual(['School D', 'School A']);
      expect(await rollouts.list(10)).toEqual([]);
      expect(await rollouts.active()).toEqual([]);
      expect(await rollouts.discardDraft(id)).toBe(true);
      expect(await rollouts.discardDraft(id)).toBe(false);
      expect(await rollouts.get(id)).toBeNull();
      expect(await rollouts.sites(id)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('drops drafts nobody started after a day, but not started rollouts', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const old = await draft(store, store.areas, T0, 1);
      const started = await draftFor(store.areas, old.siteIds, T0);
      await rollouts.update(started.id, { state: 'running', startedAt: T0 });
      const fresh = await draftFor(store.areas, old.siteIds, T0 + DAY + 1);
      expect(await rollouts.get(old.id)).toBeNull();
      expect(await rollouts.get(started.id)).toMatchObject({ state: 'running' });
      expect(await rollouts.get(fresh.id)).toMatchObject({ state: 'draft', total: 1 });
    } finally {
      await store.close();
    }
  });

  run('patches a rollout and lists the started and the active ones', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const a = await draft(store, store.areas, T0, 1);
      const b = await draftFor(store.areas, a.siteIds, T0 + 1);
      const c = await draftFor(store.areas, a.siteIds, T0 + 2);
      await rollouts.update(a.id, { state: 'paused', pausedFrom: 'waiting', wave: 1, nextAt: T0 + 5, reason: 'why', startedAt: T0, templateVersion: 3 });
      await rollouts.update(b.id, { state: 'aborted', abortRollback: true, finishedAt: T0 + 9 });
      await rollouts.update(c.id, { state: 'aborted', abortRollback: false });
      await rollouts.update(c.id, {});
      expect(await rollouts.get(a.id)).toMatchObject({ state: 'paused', wave: 1, nextAt: T0 + 5, reason: 'why', startedAt: T0, templateVersion: 3 });
      expect(await rollouts.pausedFrom(a.id)).toBe('waiting');
      expect(await rollouts.pausedFrom(b.id)).toBeNull();
      expect(await rollouts.pausedFrom(424242)).toBeNull();
      expect(await rollouts.abortRollsBack(b.id)).toBe(true);
      expect(await rollouts.abortRollsBack(c.id)).toBe(false);
      expect(await rollouts.abortRollsBack(424242)).toBe(false);
      await rollouts.update(a.id, { pausedFrom: null, nextAt: null });
      expect(await rollouts.pausedFrom(a.id)).toBeNull();
      expect((await rollouts.list(10)).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
      expect((await rollouts.list(1)).map((r) => r.id)).toEqual([c.id]);
      expect((await rollouts.active()).map((r) => r.id)).toEqual([a.id, c.id]);
    } finally {
      await store.close();
    }
  });

  run('moves a site only from the named states, with the known hash in the same write', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const { id, siteIds } = await draft(store);
      const [a = 0, b = 0] = siteIds;
      await store.raw("INSERT INTO site_config (site_id, hash, config_json, fetched_at) VALUES (?, 'from0', '{}', 0)", [a]);
      expect(await rollouts.moveSite(id, a, ['pending'], { state: 'applying', verdictBefore: 'healthy', errorCode: null }, T0 + 1)).toBe(true);
      expect(await rollouts.moveSite(id, a, ['pending'], { state: 'failed' }, T0 + 2)).toBe(false);
      const newConfig = { endpointUrl: 'https://x.example/' } as unknown as NewRolloutSite['config'];
      expect(await rollouts.moveSite(id, a, ['applying'], { state: 'applied', appliedAt: T0 + 3, verifyUntil: T0 + 100, config: newConfig, changeList: [], message: 'ok' }, T0 + 3, 'to')).toBe(true);
      expect(await rollouts.site(id, a)).toMatchObject({ state: 'applied', verdictBefore: 'healthy', appliedAt: T0 + 3, verifyUntil: T0 + 100, configJson: JSON.stringify(newConfig), message: 'ok', updatedAt: T0 + 3 });
      expect((await rollouts.diffs(id, null, 0, 10)).find((d) => d.siteId === a)?.changeList).toEqual([]);
      expect(await store.raw('SELECT known_hash FROM site_config WHERE site_id = ?', [a])).toEqual([{ known_hash: 'to' }]);
      // A move that loses writes no known hash.
      expect(await rollouts.moveSite(id, a, ['pending'], { state: 'failed' }, T0 + 4, 'other')).toBe(false);
      expect(await store.raw('SELECT known_hash FROM site_config WHERE site_id = ?', [a])).toEqual([{ known_hash: 'to' }]);
      // Ten hands at once: one wins.
      await Promise.all(Array.from({ length: 10 }, () => store.raw('SELECT 1')));
      const race = await Promise.all(Array.from({ length: 10 }, (_, i) => rollouts.moveSite(id, b, ['pending'], { state: 'applying', message: `hand ${i}` }, T0 + 5)));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect((await rollouts.site(id, b))?.message).toBe(`hand ${race.indexOf(true)}`);
      expect((await rollouts.openForSite(a)).map((s) => s.rolloutId)).toEqual([]);
      await rollouts.update(id, { state: 'running' });
      expect((await rollouts.openForSite(a)).map((s) => [s.rolloutId, s.state])).toEqual([[id, 'applied']]);
      expect(await rollouts.openForSite(siteIds[2] ?? 0)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run("claims a site's step for one collector: a live one's claim stands, a dead one's is taken over, and a settle stands only under the claim", async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const { id, siteIds } = await draft(store);
      const [a = 0, b = 0] = siteIds;
      const owner = async (siteId: number) => (await store.raw<{ owner: string | null }>('SELECT owner FROM rollout_sites WHERE rollout_id = ? AND site_id = ?', [id, siteId]))[0]?.owner;
      expect(await rollouts.claimSite(id, a, ['pending'], { state: 'applying', verdictBefore: 'healthy' }, T0 + 1, { owner: 'alpha', keep: ['bravo'] })).toBe(true);
      expect(await rollouts.site(id, a)).toMatchObject({ state: 'applying', verdictBefore: 'healthy', updatedAt: T0 + 1 });
      expect(await owner(a)).toBe('alpha');
      // Alpha is alive: bravo cannot read the site back meanwhile, nor settle it.
      expect(await rollouts.claimSite(id, a, ['applying'], { state: 'applying' }, T0 + 2, { owner: 'bravo', keep: ['alpha'] })).toBe(false);
      expect(await rollouts.moveSite(id, a, ['applying'], { state: 'pending' }, T0 + 2, undefined, 'bravo')).toBe(false);
      // Alpha died: bravo takes the step over; alpha's late answer changes nothing.
      expect(await rollouts.claimSite(id, a, ['applying'], { state: 'applying' }, T0 + 3, { owner: 'bravo', keep: [] })).toBe(true);
      expect(await owner(a)).toBe('bravo');
      expect(await rollouts.moveSite(id, a, ['applying'], { state: 'failed' }, T0 + 4, 'to', 'alpha')).toBe(false);
      expect(await rollouts.moveSite(id, a, ['applying'], { state: 'applied', appliedAt: T0 + 4 }, T0 + 4, undefined, 'bravo')).toBe(true);
      expect(await owner(a)).toBeNull();
      expect(await rollouts.site(id, a)).toMatchObject({ state: 'applied', verdictBefore: 'healthy', appliedAt: T0 + 4 });
      // Any move ends a claim, and so does a batch move.
      expect(await rollouts.claimSite(id, a, ['applied'], { state: 'rolling-back' }, T0 + 5, { owner: 'alpha', keep: [] })).toBe(true);
      expect(await rollouts.moveSite(id, a, ['rolling-back'], { state: 'rolled-back' }, T0 + 6)).toBe(true);
      expect(await owner(a)).toBeNull();
      expect(await rollouts.claimSite(id, b, ['pending'], { state: 'pending' }, T0 + 7, { owner: 'alpha', keep: [] })).toBe(true);
      expect(await rollouts.moveAll(id, ['pending'], { state: 'skipped' }, T0 + 8, null, [b])).toBe(1);
      expect(await owner(b)).toBeNull();
      // Ten live collectors at once: one holds the site.
      await rollouts.moveSite(id, b, ['skipped'], { state: 'pending' }, T0 + 9);
      await Promise.all(Array.from({ length: 10 }, () => store.raw('SELECT 1')));
      const hands = Array.from({ length: 10 }, (_, i) => `c${i}`);
      const race = await Promise.all(hands.map((h) => rollouts.claimSite(id, b, ['pending'], { state: 'applying' }, T0 + 10, { owner: h, keep: hands.filter((x) => x !== h) })));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(await owner(b)).toBe(hands[race.indexOf(true)]);
    } finally {
      await store.close();
    }
  });

  run('locks a rollout for a step: two steps on one rollout take turns, the second reading what the first wrote', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { id } = await draft(store);
      await store.areas.rollouts.update(id, { state: 'running', wave: 0 });
      let firstHasRead = (): void => undefined;
      const read = new Promise<void>((resolve) => (firstHasRead = resolve));
      const step = (first: boolean) =>
        store.withTransaction(async (tx: StoreAreas) => {
          const r = await tx.rollouts.lock(id);
          if (first) {
            firstHasRead();
            // Long enough for the second step to read, were it not made to wait.
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          await tx.rollouts.update(id, { wave: (r?.wave ?? 0) + 1 });
        });
      const first = step(true);
      await read;
      await Promise.all([first, step(false)]);
      expect((await store.areas.rollouts.get(id))?.wave).toBe(2);
      expect(await store.areas.rollouts.lock(424242)).toBeNull();
    } finally {
      await store.close();
    }
  });

  run('moves every site of some waves or some sites from their states', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const { id, siteIds } = await draft(store);
      const [a = 0, b = 0, c = 0, d = 0] = siteIds;
      await rollouts.moveSite(id, a, ['pending'], { state: 'applied' }, T0);
      expect(await rollouts.moveAll(id, ['pending'], { state: 'skipped', message: 'ended' }, T0 + 1, [1])).toBe(2);
      expect(await rollouts.moveAll(id, ['pending', 'applied'], { state: 'rolling-back', errorCode: 'WAVE' }, T0 + 2, null, [a, c])).toBe(1);
      expect(await rollouts.moveAll(id, ['pending'], { state: 'offline' }, T0 + 3, null)).toBe(1);
      const states = new Map((await rollouts.sites(id)).map((s) => [s.siteId, [s.state, s.errorCode, s.message]]));
      expect([a, b, c, d].map((s) => states.get(s))).toEqual([['rolling-back', 'WAVE', null], ['offline', null, null], ['skipped', null, 'ended'], ['skipped', null, 'ended']]);
      expect((await rollouts.get(id))?.counts).toEqual({ 'rolling-back': 1, offline: 1, skipped: 2 });
    } finally {
      await store.close();
    }
  });

  run('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { rollouts } = store.areas;
      const { id, siteIds } = await draft(store);
      await expect(
        store.withTransaction(async (tx: StoreAreas) => {
          await draftFor(tx, siteIds, T0 + 1);
          await tx.rollouts.update(id, { state: 'running' });
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect(await store.raw('SELECT id FROM rollouts')).toEqual([{ id }]);
      expect(await rollouts.get(id)).toMatchObject({ state: 'draft', counts: { pending: 4 } });
    } finally {
      await store.close();
    }
  });

  if (backend.name === 'postgres') {
    run("answers a site's open parts and one part from indexes on a big table", async () => {
      const store = await backend.open(new ManualClock(T0));
      try {
        await store.raw(`INSERT INTO rollouts (name, template, template_version, plan_json, state, actor, created_at, waves)
          SELECT 'r', 't', 1, '{}', 'completed', 'p', g, 1 FROM generate_series(1, 100) g`);
        await store.raw(`INSERT INTO rollout_sites (rollout_id, site_id, site_name, urn, wave, state, from_hash, to_hash, config_json, template_version, changes, changes_json, updated_at)
          SELECT r.id, s, 's', 100000 + s, 0, 'verified', 'a', 'b', '{}', 1, '', '[]', 0 FROM rollouts r CROSS JOIN generate_series(1, 600) s`);
        for (const [sql, values] of [[HOT_ROLLOUT_SQL.openForSite, [5]], [HOT_ROLLOUT_SQL.site, [7, 5]]] as const) {
          const nodes = describePlan(await pgPlan(store, sql, [...values])).join('\n');
          expect(nodes, sql).toMatch(/Index (Only )?Scan rollout_sites_\w+ on rollout_sites|Bitmap Index Scan rollout_sites_\w+/);
          expect(nodes, sql).not.toContain('Seq Scan on rollout_sites');
        }
      } finally {
        await store.close();
      }
    });
  }
});

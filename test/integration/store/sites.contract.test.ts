// The sites area's contract on both backends: the register's reads, edits, archive and
// restore, demo sites, URN conflicts (named at the urn field) and all-or-nothing writes.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { AppFailure } from '../../../shared/result.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import { SITES_SQL } from '../../../electron/core/store/postgres/sites-repo.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const input = (urn: number, name = `School ${urn}`) => SiteInputSchema.parse({ urn, name, host: '127.0.0.1', user: 'b2b', tags: ['north', 'north'], typeGroup: 'Academies' });

async function failure(p: Promise<unknown>): Promise<AppFailure> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppFailure);
  return err as AppFailure;
}

const backends = storeBackends({ afterAll });

describe.each(backends)('sites on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore, clock: ManualClock) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const clock = new ManualClock(Date.UTC(2026, 10, 20, 8, 0));
      const store = await backend.open(clock);
      try {
        await fn(store, clock);
      } finally {
        await store.close();
      }
    });

  run('creates, reads, updates and archives a site', async ({ areas: { sites } }, clock) => {
    const created = await sites.create(input(141885, 'Birchwood Academy'));
    expect(created).toMatchObject({ urn: 141885, name: 'Birchwood Academy', port: 22, tags: ['north'], typeGroup: 'Academies', demo: false, createdAt: '2026-11-20T08:00:00.000Z', archivedAt: null, laestab: null, pupils: null });
    clock.advance(60_000);
    const updated = await sites.update(created.id, { ...input(141885, 'Birchwood Academy (Upper)'), port: 2222 });
    expect(updated).toMatchObject({ name: 'Birchwood Academy (Upper)', port: 2222, updatedAt: '2026-11-20T08:01:00.000Z', createdAt: created.createdAt });
    expect((await sites.list()).map((s) => s.urn)).toEqual([141885]);
    clock.advance(60_000);
    expect((await sites.archive(created.id, 'sam')).archivedAt).toBeNull();
    expect(await sites.list()).toEqual([]);
    expect(await sites.listArchived()).toMatchObject([{ id: created.id, archivedAt: '2026-11-20T08:02:00.000Z', archivedBy: 'sam' }]);
    expect((await sites.get(created.id)).name).toBe('Birchwood Academy (Upper)');
  });

  run('lists by name ignoring ASCII case, then URN; removed sites newest removal first', async ({ areas: { sites } }, clock) => {
    for (const [urn, name] of [[100005, 'beta'], [100004, 'Alpha'], [100003, 'alpha'], [100002, 'Zed'], [100001, '_under'], [100006, 'éa'], [100007, 'Éz']] as const) await sites.create(input(urn, name));
    expect((await sites.list()).map((s) => `${s.name}:${s.urn}`)).toEqual(['_under:100001', 'alpha:100003', 'Alpha:100004', 'beta:100005', 'Zed:100002', 'Éz:100007', 'éa:100006']);
    const all = await sites.list();
    for (const s of all.slice(1, 4)) {
      clock.advance(1000);
      await sites.archive(s.id, 'sam');
    }
    expect((await sites.listArchived()).map((s) => s.urn)).toEqual([100005, 100004, 100003]);
  });

  run('never reuses an id, even after the highest one is removed', async ({ areas: { sites } }) => {
    const first = await sites.create(input(100001));
    const highest = await sites.create(input(100002));
    await sites.archive(highest.id, 'sam');
    expect((await sites.create(input(100003))).id).toBeGreaterThan(highest.id);
    const [demo] = await sites.createMany([input(100004)], { demo: true });
    await sites.deleteDemo(demo?.id ?? 0);
    expect((await sites.create(input(100005))).id).toBeGreaterThan(demo?.id ?? Infinity);
    expect(first.id).toBeLessThan(highest.id);
  });

  run('restores an archived site into the fleet, and refuses edits while archived', async ({ areas: { sites } }) => {
    const site = await sites.create(input(141885, 'Birchwood Academy'));
    await sites.archive(site.id, 'sam');
    await expect(sites.update(site.id, input(141885, 'Renamed'))).rejects.toThrow('Birchwood Academy has been removed: restore it before editing');
    await expect(sites.archive(site.id, 'sam')).rejects.toThrow('Birchwood Academy has already been removed');
    expect(await sites.restore(site.id)).toMatchObject({ id: site.id, archivedAt: null, archivedBy: null });
    expect((await sites.list()).map((s) => s.id)).toEqual([site.id]);
    expect(await sites.listArchived()).toEqual([]);
    expect((await failure(sites.restore(site.id))).appError).toMatchObject({ code: 'conflict', message: 'Birchwood Academy is not removed' });
  });

  run('refuses to re-add an archived URN, saying at the urn field that it can be restored', async ({ areas: { sites } }) => {
    const site = await sites.create(input(141885, 'Birchwood Academy'));
    await sites.archive(site.id, 'sam');
    const err = await failure(sites.create(input(141885, 'Birchwood again')));
    expect(err.appError).toMatchObject({ code: 'conflict', fields: { urn: 'URN 141885 belongs to Birchwood Academy, which was removed: restore it from Removed sites' } });
    expect(await sites.listArchived()).toHaveLength(1);
  });

  run('refuses a duplicate URN, naming the school that holds it, at the urn field', async ({ areas: { sites } }) => {
    await sites.create(input(141885, 'Birchwood Academy'));
    const err = await failure(sites.create(input(141885, 'Someone else')));
    expect(err.appError).toEqual({ code: 'conflict', message: 'URN 141885 is already registered to Birchwood Academy', fields: { urn: 'URN 141885 is already registered to Birchwood Academy' } });
    const other = await sites.create(input(141886));
    expect((await failure(sites.update(other.id, input(141885)))).appError).toMatchObject({ code: 'conflict', message: 'URN 141885 is already registered to Birchwood Academy' });
    expect((await sites.get(other.id)).urn).toBe(141886);
  });

  // Another collector holds the URN in a transaction not yet committed when this add or edit checks it.
  for (const how of ['create', 'update'] as const) {
    run(`refuses a URN another transaction took meanwhile (${how}), naming the school that holds it`, async (store) => {
      const other = await store.areas.sites.create(input(100001, 'Other'));
      let inserted!: () => void;
      let release!: () => void;
      const insertedP = new Promise<void>((r) => (inserted = r));
      const held = new Promise<void>((r) => (release = r));
      const first = store.withTransaction(async (tx) => {
        await tx.sites.create(input(141885, 'First'));
        inserted();
        await held;
      });
      await insertedP;
      const second = how === 'create' ? store.areas.sites.create(input(141885, 'Second')) : store.areas.sites.update(other.id, input(141885, 'Other'));
      const outcome = second.then(() => null, (e: unknown) => e);
      // PostgreSQL: the second write waits on the first's row lock; SQLite: on the store's one connection.
      for (let i = 0; backend.name === 'postgres' && i < 200; i++) {
        if ((await store.raw<{ n: number }>('SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted'))[0]?.n) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await first;
      const err = await outcome;
      expect(err).toBeInstanceOf(AppFailure);
      expect((err as AppFailure).appError).toMatchObject({ code: 'conflict', message: 'URN 141885 is already registered to First' });
      expect((await store.areas.sites.list()).map((s) => `${s.name}:${s.urn}`)).toEqual(['First:141885', 'Other:100001']);
    });
  }

  run('adds many sites all or nothing', async ({ areas: { sites } }) => {
    await expect(sites.createMany([input(100001), input(100002), input(100001)])).rejects.toThrow(/already registered/);
    expect(await sites.list()).toEqual([]);
    expect(await sites.createMany([input(100001), input(100002)])).toHaveLength(2);
  });

  run('keeps demo sites apart and read-only; only they are deleted or repointed', async ({ areas: { sites } }) => {
    const [demo] = await sites.createMany([input(100003)], { demo: true });
    const real = await sites.create(input(100004));
    expect(demo?.demo).toBe(true);
    expect(await sites.count(true)).toBe(1);
    expect(await sites.count(false)).toBe(1);
    await expect(sites.update(demo?.id ?? 0, input(100003))).rejects.toThrow('Demo sites come from the simulator and cannot be edited');
    await sites.repointDemo(100003, '127.0.0.2', 40022);
    await sites.repointDemo(100004, '127.0.0.2', 40022);
    expect(await sites.get(demo?.id ?? 0)).toMatchObject({ host: '127.0.0.2', port: 40022 });
    expect(await sites.get(real.id)).toMatchObject({ host: '127.0.0.1', port: 22 });
    expect((await failure(sites.deleteDemo(real.id))).appError).toMatchObject({ code: 'conflict', message: 'Only demo sites can be deleted; real sites are archived' });
    await sites.deleteDemo(demo?.id ?? 0);
    expect(await sites.count(true)).toBe(0);
  });

  run('keeps notes and nulls, and marks a position a person moves as theirs (manual)', async ({ areas: { sites } }) => {
    const created = await sites.create({ ...input(141005), notes: 'Ring first' });
    expect(created).toMatchObject({ notes: 'Ring first', locationSource: null, host: '127.0.0.1', postcode: null, giasStatus: null, latitude: null });
    const placed = await sites.create({ ...input(141006), latitude: 52.5, longitude: -2.25 });
    expect(placed).toMatchObject({ latitude: 52.5, longitude: -2.25, locationSource: 'manual' });
    expect((await sites.update(created.id, { ...input(141005), latitude: 52.6, longitude: -2 })).locationSource).toBe('manual');
    expect((await sites.update(created.id, { ...input(141005), latitude: null, longitude: null })).locationSource).toBeNull();
  });

  run('says which id is missing', async ({ areas: { sites } }) => {
    expect((await failure(sites.get(999))).appError).toEqual({ code: 'not_found', message: 'No site with id 999' });
    await expect(sites.archive(999, 'sam')).rejects.toThrow('No site with id 999');
    await expect(sites.restore(999)).rejects.toThrow('No site with id 999');
    await expect(sites.update(999, input(100001))).rejects.toThrow('No site with id 999');
  });

  run('a failed transaction leaves nothing behind', async (store) => {
    await expect(
      store.withTransaction(async (tx) => {
        await tx.sites.create(input(100001));
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await store.areas.sites.list()).toEqual([]);
    // A refused URN inside a transaction does not spoil the rest of it.
    const kept = await store.withTransaction(async (tx) => {
      const a = await tx.sites.create(input(100001));
      const b = await tx.sites.create(input(100002));
      await expect(tx.sites.update(b.id, input(100001))).rejects.toThrow(/already registered/);
      return [a.id, b.id];
    });
    expect((await store.areas.sites.list()).map((s) => s.id)).toEqual(kept);
  });
});

// PostgreSQL only: SQLite's plans are its own. Why it cannot run is printed by storeBackends.
const pg = backends.find((b) => b.name === 'postgres');
describe('sites query plans on postgres', () => {
  it.skipIf(!pg || pg.unavailable !== null)('finds a site by id and by URN through their indexes in a large register', async () => {
    const store = await (pg as NonNullable<typeof pg>).open(new ManualClock(0));
    try {
      await store.raw(`INSERT INTO sites (urn, name, host, "user", created_at, updated_at) SELECT 100000 + g, 'S' || g, 'h', 'u', 'x', 'x' FROM generate_series(1, 10000) g`);
      await store.raw('ANALYZE sites');
      for (const [sql, value, index] of [[SITES_SQL.get, 77, 'sites_pkey'], [SITES_SQL.byUrn, 100077, 'sites_urn_key']] as const) {
        const text = JSON.stringify(await store.raw(`EXPLAIN (FORMAT JSON) ${sql.replace('$1', String(value))}`));
        expect(text, sql).toContain(`"Index Name":"${index}"`);
        expect(text, sql).not.toContain('"Node Type":"Seq Scan"');
      }
    } finally {
      await store.close();
    }
  });
});

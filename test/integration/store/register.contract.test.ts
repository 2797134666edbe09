// The register area's contract on both backends: a GIAS import's new sites wait for their
// host, its changes touch only GIAS-owned columns, all or nothing; positions and their source.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import type { GiasNewSite } from '../../../electron/core/register/gias-plan.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const T0 = Date.UTC(2026, 10, 20, 8, 0);
const gias = (urn: number, over: Partial<GiasNewSite> = {}): GiasNewSite => ({
  urn, laestab: '3304001', name: `GIAS ${urn}`, type: 'Academy converter', typeGroup: 'Academies', phase: 'Primary', pupils: 210, trust: 'Oak Trust',
  postcode: 'WM4 2AB', street: '1 High St', town: 'Wolverhampton', giasStatus: 'Open', latitude: 52.5, longitude: -2.1, locationSource: 'gias', area: 'WM4', ...over,
});
const input = (urn: number) => SiteInputSchema.parse({ urn, name: `School ${urn}`, host: '10.0.0.1', user: 'b2b', tags: ['north'], area: 'Mine', notes: 'Ring first' });

describe.each(storeBackends({ afterAll }))('register on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore, clock: ManualClock) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const clock = new ManualClock(T0);
      const store = await backend.open(clock);
      try {
        await fn(store, clock);
      } finally {
        await store.close();
      }
    });

  run('creates waiting sites and changes only the GIAS-owned columns of existing ones', async ({ areas: { register, sites } }, clock) => {
    const local = await sites.create(input(100001));
    clock.advance(60_000);
    const ids = await register.applyGias(
      [gias(100002), gias(100003, { laestab: null, pupils: null, latitude: null, longitude: null, locationSource: null, area: null })],
      [{ siteId: local.id, urn: 100001, name: local.name, locationSource: 'gias', changes: [
        { field: 'name', before: local.name, after: 'Renamed by GIAS' }, { field: 'pupils', before: null, after: 420 },
        { field: 'latitude', before: null, after: 52.25 }, { field: 'longitude', before: null, after: -2.5 }, { field: 'giasStatus', before: null, after: 'Open' },
      ] }],
    );
    expect([...ids.keys()]).toEqual([100002, 100003]);
    const created = await sites.get(ids.get(100002) ?? 0);
    expect(created).toMatchObject({
      urn: 100002, laestab: '3304001', name: 'GIAS 100002', typeGroup: 'Academies', pupils: 210, trust: 'Oak Trust', postcode: 'WM4 2AB', street: '1 High St', town: 'Wolverhampton',
      giasStatus: 'Open', latitude: 52.5, longitude: -2.1, locationSource: 'gias', area: 'WM4', host: null, user: null, port: 22, tags: [], notes: '', demo: false,
      createdAt: '2026-11-20T08:01:00.000Z', updatedAt: '2026-11-20T08:01:00.000Z', archivedAt: null,
    });
    expect(await sites.get(ids.get(100003) ?? 0)).toMatchObject({ laestab: null, pupils: null, latitude: null, locationSource: null, area: null });
    expect(await sites.get(local.id)).toMatchObject({
      name: 'Renamed by GIAS', pupils: 420, latitude: 52.25, longitude: -2.5, giasStatus: 'Open', locationSource: 'gias', updatedAt: '2026-11-20T08:01:00.000Z',
      host: '10.0.0.1', user: 'b2b', tags: ['north'], area: 'Mine', notes: 'Ring first', createdAt: local.createdAt,
    });
    // A position GIAS gave stays GIAS's while a person's edit leaves it where it is.
    expect((await sites.update(local.id, { ...input(100001), latitude: 52.25, longitude: -2.5 })).locationSource).toBe('gias');
  });

  run('writes an import all or nothing', async ({ areas: { register, sites } }) => {
    const local = await sites.create(input(100001));
    await expect(register.applyGias([gias(100002), gias(100001)], [{ siteId: local.id, urn: 100001, name: local.name, locationSource: null, changes: [{ field: 'name', before: local.name, after: 'X' }] }])).rejects.toThrow();
    expect((await sites.list()).map((s) => s.name)).toEqual([local.name]);
    expect(await register.applyGias([], [])).toEqual(new Map());
  });

  run('sets a position with its source on a real site in the fleet only', async ({ areas: { register, sites } }, clock) => {
    const site = await sites.create(input(100001));
    const removed = await sites.create(input(100002));
    await sites.archive(removed.id, 'sam');
    const [demo] = await sites.createMany([input(100003)], { demo: true });
    clock.advance(1000);
    expect(await register.setPosition(site.id, 52.4, -1.9, 'postcode')).toBe(true);
    expect(await sites.get(site.id)).toMatchObject({ latitude: 52.4, longitude: -1.9, locationSource: 'postcode', updatedAt: '2026-11-20T08:00:01.000Z' });
    expect(await register.setPosition(removed.id, 52.4, -1.9, 'manual')).toBe(false);
    expect(await register.setPosition(demo?.id ?? 0, 52.4, -1.9, 'manual')).toBe(false);
    expect(await register.setPosition(99_999, 52.4, -1.9, 'manual')).toBe(false);
    expect((await sites.get(removed.id)).latitude).toBeNull();
  });

  run('a failed transaction leaves nothing behind', async (store) => {
    const site = await store.areas.sites.create(input(100001));
    await expect(
      store.withTransaction(async (tx) => {
        await tx.register.applyGias([gias(100002)], []);
        await tx.register.setPosition(site.id, 52.4, -1.9, 'manual');
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect((await store.areas.sites.list()).map((s) => [s.urn, s.latitude])).toEqual([[100001, null]]);
  });
});

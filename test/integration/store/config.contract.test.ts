// Fleet configuration's contract, on both backends: versioned templates saved only over the
// version the author saw, overrides, assignments, and each site's live config and known hash.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import type { ConfigFields } from '../../../shared/fleet-config.ts';
import type { StoreAreas } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { seedSites, T0 } from './contract-seed.ts';

const saas: ConfigFields = { endpointUrl: 'https://saas.example/b2b' };
const onPrem: ConfigFields = { endpointUrl: 'https://b2b.la.example/' };
const save = (name: string, baseVersion: number, fields: ConfigFields = saas, at = T0) => ({ name, fields, author: 'priya', note: `v${baseVersion + 1}`, at, baseVersion });

async function seedLive(store: OpenedStore, siteId: number, hash: string, known: string | null) {
  await store.raw('INSERT INTO site_config (site_id, hash, config_json, fetched_at, known_hash) VALUES (?, ?, ?, ?, ?)', [siteId, hash, JSON.stringify({ endpointUrl: `https://${hash}.example/` }), T0, known]);
}

describe.each(storeBackends({ afterAll }))('config on $name', (backend) => {
  const run = it.skipIf(backend.unavailable !== null);

  run('saves template versions only over the newest, and lists the newest of each with its sites', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { config } = store.areas;
      const [a = 0, b = 0, c = 0] = await seedSites(store, 3);
      expect(await config.templates()).toEqual([]);
      expect(await config.template('SaaS')).toBeNull();
      const v1 = await config.saveTemplate(save('SaaS', 0, onPrem));
      expect(v1).toEqual({ id: v1?.id, name: 'SaaS', version: 1, fields: onPrem, author: 'priya', note: 'v1', createdAt: T0, sites: 0 });
      expect(await config.saveTemplate(save('SaaS', 0))).toBeNull();
      expect(await config.saveTemplate(save('SaaS', 2))).toBeNull();
      expect(await config.saveTemplate(save('SaaS', 1, saas, T0 + 1))).toMatchObject({ version: 2, fields: saas, createdAt: T0 + 1 });
      await config.saveTemplate(save('Alpha', 0));
      expect(await config.assign([a, b, c], 'SaaS', 'priya', T0)).toBe(3);
      await store.raw("UPDATE sites SET archived_at = 'x', archived_by = 'y' WHERE id = ?", [c]);
      expect((await config.templates()).map((t) => [t.name, t.version, t.sites])).toEqual([['Alpha', 1, 0], ['SaaS', 2, 2]]);
      expect(await config.template('SaaS', 1)).toMatchObject({ version: 1, fields: onPrem, sites: 2 });
      expect(await config.template('SaaS', 9)).toBeNull();
      expect((await config.versions('SaaS')).map((t) => t.version)).toEqual([2, 1]);
      expect(await config.versions('None')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('lets only one of five racing saves on the same version through', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { config } = store.areas;
      await config.saveTemplate(save('SaaS', 0));
      await Promise.all(Array.from({ length: 5 }, () => store.raw('SELECT 1')));
      const saved = await Promise.all(Array.from({ length: 5 }, (_, i) => config.saveTemplate(save('SaaS', 1, { endpointUrl: `https://${i}.example/` }))));
      expect(saved.filter((t) => t !== null).map((t) => t?.version)).toEqual([2]);
      expect((await config.versions('SaaS')).map((t) => t.version)).toEqual([2, 1]);
    } finally {
      await store.close();
    }
  });

  run('keeps one override per scope and key, in order, and deletes them', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { config } = store.areas;
      await config.saveOverride({ scope: 'tag', key: 'saas', fields: saas, author: 'sam', note: 'n', at: T0 });
      await config.saveOverride({ scope: 'area', key: 'WM4', fields: onPrem, author: 'sam', note: 'first', at: T0 });
      await config.saveOverride({ scope: 'area', key: 'WM4', fields: saas, author: 'priya', note: 'second', at: T0 + 1 });
      expect(await config.overrides()).toEqual([
        { scope: 'area', key: 'WM4', fields: saas, author: 'priya', note: 'second', updatedAt: T0 + 1 },
        { scope: 'tag', key: 'saas', fields: saas, author: 'sam', note: 'n', updatedAt: T0 },
      ]);
      expect(await config.deleteOverride('area', 'WM4')).toBe(true);
      expect(await config.deleteOverride('area', 'WM4')).toBe(false);
      expect((await config.overrides()).map((o) => o.key)).toEqual(['saas']);
    } finally {
      await store.close();
    }
  });

  run('assigns, moves and unassigns sites, counting each change', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { config } = store.areas;
      const [a = 0, b = 0] = await seedSites(store, 2);
      expect(await config.assign([a, b], 'SaaS', 'priya', T0)).toBe(2);
      expect(await config.assign([b], 'OnPrem', 'sam', T0 + 1)).toBe(1);
      expect(await config.assignments()).toEqual(new Map([[a, 'SaaS'], [b, 'OnPrem']]));
      expect(await config.assign([a, 424242], null, 'sam', T0 + 2)).toBe(1);
      expect(await config.assignments()).toEqual(new Map([[b, 'OnPrem']]));
      expect(await config.assign([], 'SaaS', 'sam', T0)).toBe(0);
    } finally {
      await store.close();
    }
  });

  run('reads live configs and moves the known hash', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { config } = store.areas;
      const [a = 0, b = 0, c = 0] = await seedSites(store, 3);
      await seedLive(store, a, 'aaa', null);
      await seedLive(store, b, 'bbb', 'old');
      expect(await config.liveOf(a)).toEqual({ hash: 'aaa', config: { endpointUrl: 'https://aaa.example/' }, readAt: T0, knownHash: null });
      expect(await config.liveOf(c)).toBeNull();
      await config.setKnown(a, 'aaa');
      expect(await config.acceptLive([b, c])).toBe(1);
      const live = await config.live();
      expect([...live.entries()].map(([id, l]) => [id, l.knownHash]).sort()).toEqual([[a, 'aaa'], [b, 'bbb']].sort());
    } finally {
      await store.close();
    }
  });

  run('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const [a = 0] = await seedSites(store, 1);
      await expect(
        store.withTransaction(async (tx: StoreAreas) => {
          await tx.config.saveTemplate(save('SaaS', 0));
          await tx.config.saveOverride({ scope: 'site', key: String(a), fields: saas, author: 'sam', note: 'n', at: T0 });
          await tx.config.assign([a], 'SaaS', 'sam', T0);
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect(await store.areas.config.templates()).toEqual([]);
      expect(await store.areas.config.overrides()).toEqual([]);
      expect((await store.areas.config.assignments()).size).toBe(0);
    } finally {
      await store.close();
    }
  });
});

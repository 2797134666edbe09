// Key rotations' contract, on both backends: a rotation and its sites in one write, steps that
// only move from the named states, the switch to the new credential written with its step,
// and completion once no site's part is open.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import type { StoreAreas } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { seedSites, T0 } from './contract-seed.ts';

type NewRotation = Parameters<StoreAreas['keyRotations']['create']>[0];

async function seedCredentials(store: OpenedStore): Promise<[number, number]> {
  const ids: number[] = [];
  for (const name of ['old key', 'new key']) {
    const [row] = await store.raw<{ id: number }>("INSERT INTO credentials (name, cipher, private_key, created_at) VALUES (?, 'none', ?, 'x') RETURNING id", [name, Buffer.from('k')]);
    ids.push(row?.id ?? 0);
  }
  return [ids[0] ?? 0, ids[1] ?? 0];
}

function rotation(oldId: number, newId: number, siteIds: number[], at = T0): NewRotation {
  return {
    oldCredentialId: oldId, newCredentialId: newId, oldName: 'old key', newName: 'new key', oldFingerprint: 'SHA256:old', newFingerprint: 'SHA256:new', actor: 'priya', createdAt: at,
    sites: siteIds.map((siteId, i) => ({ siteId, name: `School ${String.fromCharCode(67 - i)}`, state: i === 2 ? 'too-old' : 'pending', message: i === 2 ? 'agent too old' : null })),
  };
}

describe.each(storeBackends({ afterAll }))('key rotations on $name', (backend) => {
  const run = it.skipIf(backend.unavailable !== null);

  run('creates a rotation with its sites and reads it back, counted by state', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { keyRotations } = store.areas;
      const [oldId, newId] = await seedCredentials(store);
      const siteIds = await seedSites(store, 3);
      const id = await keyRotations.create(rotation(oldId, newId, siteIds));
      expect(await keyRotations.run(id)).toEqual({ id, oldCredentialId: oldId, newCredentialId: newId, oldFingerprint: 'SHA256:old', newFingerprint: 'SHA256:new', actor: 'priya', createdAt: T0 });
      expect(await keyRotations.run(424242)).toBeNull();
      expect(await keyRotations.rotation(424242)).toBeNull();
      expect(await keyRotations.rotation(id)).toEqual({
        id, oldName: 'old key', newName: 'new key', state: 'running', actor: 'priya', createdAt: T0, finishedAt: null,
        counts: { pending: 2, adding: 0, proving: 0, removing: 0, done: 0, failed: 0, 'too-old': 1, offline: 0, cannot: 0 },
      });
      expect(await keyRotations.sites(id)).toEqual([
        { siteId: siteIds[2], name: 'School A', state: 'too-old', message: 'agent too old', updatedAt: T0 },
        { siteId: siteIds[1], name: 'School B', state: 'pending', message: null, updatedAt: T0 },
        { siteId: siteIds[0], name: 'School C', state: 'pending', message: null, updatedAt: T0 },
      ]);
      const second = await keyRotations.create(rotation(newId, oldId, [], T0 + 1));
      expect((await keyRotations.list(10)).map((r) => r.id)).toEqual([second, id]);
      expect((await keyRotations.list(1)).map((r) => r.id)).toEqual([second]);
      expect((await keyRotations.running()).map((r) => r.id)).toEqual([id, second]);
      await expect(keyRotations.create(rotation(oldId, oldId, []))).rejects.toThrow();
      expect(await keyRotations.list(10)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  run('moves a step only from the named states, and switches the credential with it', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { keyRotations } = store.areas;
      const [oldId, newId] = await seedCredentials(store);
      const [a = 0, b = 0] = await seedSites(store, 2);
      await store.raw('INSERT INTO site_poll (site_id, credential_id) VALUES (?, ?)', [a, oldId]);
      const id = await keyRotations.create(rotation(oldId, newId, [a, b]));
      expect(await keyRotations.move(id, a, ['pending', 'offline'], 'adding', 'sent', T0 + 1)).toBe(true);
      expect(await keyRotations.move(id, a, ['pending'], 'failed', 'late', T0 + 2)).toBe(false);
      expect(await keyRotations.switchToNew(id, a, newId, T0 + 3)).toBe(false);
      expect(await store.raw('SELECT credential_id FROM site_poll WHERE site_id = ?', [a])).toEqual([{ credential_id: oldId }]);
      await keyRotations.move(id, a, ['adding'], 'proving', 'trying', T0 + 4);
      expect(await keyRotations.switchToNew(id, a, newId, T0 + 5)).toBe(true);
      expect(await keyRotations.switchToNew(id, a, newId, T0 + 6)).toBe(false);
      expect(await store.raw('SELECT credential_id FROM site_poll WHERE site_id = ?', [a])).toEqual([{ credential_id: newId }]);
      // A site with no poll settings yet gets a row.
      await keyRotations.move(id, b, ['pending'], 'proving', null, T0 + 7);
      expect(await keyRotations.switchToNew(id, b, newId, T0 + 8)).toBe(true);
      expect(await store.raw('SELECT credential_id FROM site_poll WHERE site_id = ?', [b])).toEqual([{ credential_id: newId }]);
      expect((await keyRotations.sites(id)).map((s) => [s.siteId, s.state, s.message, s.updatedAt])).toEqual([[b, 'removing', null, T0 + 8], [a, 'removing', null, T0 + 5]]);
      // Ten hands at once: one wins.
      await Promise.all(Array.from({ length: 10 }, () => store.raw('SELECT 1')));
      const race = await Promise.all(Array.from({ length: 10 }, (_, i) => keyRotations.move(id, a, ['removing'], 'done', `hand ${i}`, T0 + 9)));
      expect(race.filter(Boolean)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  run("claims a site for one collector: a live one's claim stands, a dead one's is taken over, and steps stand only under the claim", async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { keyRotations } = store.areas;
      const [oldId, newId] = await seedCredentials(store);
      const [a = 0, b = 0] = await seedSites(store, 2);
      const id = await keyRotations.create(rotation(oldId, newId, [a, b]));
      const owner = async (siteId: number) => (await store.raw<{ owner: string | null }>('SELECT owner FROM key_rotation_sites WHERE rotation_id = ? AND site_id = ?', [id, siteId]))[0]?.owner;
      const open = ['pending', 'adding', 'proving', 'removing', 'offline'] as const;
      expect(await keyRotations.claim(id, a, open, { owner: 'alpha', keep: ['bravo'] })).toBe(true);
      expect(await owner(a)).toBe('alpha');
      // Alpha is alive: bravo's claim fails, and so do its steps under a claim it does not hold.
      expect(await keyRotations.claim(id, a, open, { owner: 'bravo', keep: ['alpha'] })).toBe(false);
      expect(await keyRotations.move(id, a, open, 'adding', null, T0 + 1, { by: 'bravo', release: false })).toBe(false);
      expect(await keyRotations.move(id, a, open, 'adding', null, T0 + 1, { by: 'alpha', release: false })).toBe(true);
      expect(await owner(a)).toBe('alpha');
      // Alpha died (not among the live): bravo takes the site over, and alpha's late steps change nothing.
      expect(await keyRotations.claim(id, a, open, { owner: 'bravo', keep: [] })).toBe(true);
      expect(await keyRotations.move(id, a, open, 'proving', null, T0 + 2, { by: 'alpha', release: false })).toBe(false);
      expect(await keyRotations.move(id, a, ['adding'], 'proving', null, T0 + 2, { by: 'bravo', release: false })).toBe(true);
      expect(await keyRotations.switchToNew(id, a, newId, T0 + 3, 'alpha')).toBe(false);
      expect(await store.raw('SELECT credential_id FROM site_poll WHERE site_id = ?', [a])).toEqual([]);
      expect(await keyRotations.switchToNew(id, a, newId, T0 + 3, 'bravo')).toBe(true);
      expect(await keyRotations.move(id, a, ['removing'], 'done', null, T0 + 4, { by: 'bravo', release: true })).toBe(true);
      expect(await owner(a)).toBeNull();
      expect(await keyRotations.claim(id, a, open, { owner: 'alpha', keep: [] })).toBe(false);
      // A release ends only the releaser's own claim.
      expect(await keyRotations.claim(id, b, open, { owner: 'alpha', keep: [] })).toBe(true);
      expect(await keyRotations.release(id, b, 'bravo')).toBe(false);
      expect(await owner(b)).toBe('alpha');
      expect(await keyRotations.release(id, b, 'alpha')).toBe(true);
      expect(await owner(b)).toBeNull();
      // Ten live collectors at once: one holds the site.
      await Promise.all(Array.from({ length: 10 }, () => store.raw('SELECT 1')));
      const hands = Array.from({ length: 10 }, (_, i) => `c${i}`);
      const race = await Promise.all(hands.map((h) => keyRotations.claim(id, b, open, { owner: h, keep: hands.filter((x) => x !== h) })));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(await owner(b)).toBe(hands[race.indexOf(true)]);
    } finally {
      await store.close();
    }
  });

  run('completes a rotation only once no site is open', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const { keyRotations } = store.areas;
      const [oldId, newId] = await seedCredentials(store);
      const [a = 0, b = 0, c = 0] = await seedSites(store, 3);
      const id = await keyRotations.create(rotation(oldId, newId, [a, b, c]));
      await keyRotations.move(id, a, ['pending'], 'done', null, T0 + 1);
      await keyRotations.move(id, b, ['pending'], 'offline', null, T0 + 1);
      expect(await keyRotations.finishIfDone(id, T0 + 2)).toBe(false);
      await keyRotations.move(id, b, ['offline'], 'cannot', 'no answer in 72 h', T0 + 3);
      expect(await keyRotations.finishIfDone(id, T0 + 4)).toBe(true);
      expect(await keyRotations.finishIfDone(id, T0 + 5)).toBe(false);
      expect(await keyRotations.rotation(id)).toMatchObject({ state: 'completed', finishedAt: T0 + 4, counts: { done: 1, cannot: 1, 'too-old': 1 } });
      expect(await keyRotations.running()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  run('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(T0));
    try {
      const [oldId, newId] = await seedCredentials(store);
      const siteIds = await seedSites(store, 2);
      const id = await store.areas.keyRotations.create(rotation(oldId, newId, siteIds));
      await store.areas.keyRotations.move(id, siteIds[0] ?? 0, ['pending'], 'proving', null, T0);
      await expect(
        store.withTransaction(async (tx: StoreAreas) => {
          await tx.keyRotations.create(rotation(newId, oldId, siteIds));
          await tx.keyRotations.switchToNew(id, siteIds[0] ?? 0, newId, T0 + 1);
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect((await store.areas.keyRotations.list(10)).map((r) => r.id)).toEqual([id]);
      expect((await store.areas.keyRotations.sites(id)).find((s) => s.siteId === siteIds[0])?.state).toBe('proving');
      expect(await store.raw('SELECT * FROM site_poll')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

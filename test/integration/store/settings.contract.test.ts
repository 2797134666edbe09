// The settings area's contract, on both backends: defaults, a round trip, a refused value,
// and a stored value that no longer parses falling back to its default with a word said.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

describe.each(storeBackends({ afterAll }))('settings on $name', (backend) => {
  it.skipIf(backend.unavailable !== null)('reads defaults, stores a value, refuses a bad one and keeps the old', async () => {
    const store = await backend.open(new ManualClock(0));
    try {
      const { settings } = store.areas;
      expect(await settings.all()).toEqual(DEFAULT_SETTINGS);
      expect(await settings.set('pollIntervalS', 600)).toBe(600);
      expect(await settings.get('pollIntervalS')).toBe(600);
      await expect(settings.set('pollIntervalS', -5)).rejects.toThrow();
      expect((await settings.all()).pollIntervalS).toBe(600);
    } finally {
      await store.close();
    }
  });

  it.skipIf(backend.unavailable !== null)('rolls back every write of a failed transaction', async () => {
    const store = await backend.open(new ManualClock(0));
    try {
      await expect(
        store.withTransaction(async (tx) => {
          await tx.settings.set('dampingPolls', 4);
          throw new Error('half way');
        }),
      ).rejects.toThrow('half way');
      expect(await store.areas.settings.get('dampingPolls')).toBe(DEFAULT_SETTINGS.dampingPolls);
      await store.withTransaction(async (tx) => {
        await tx.settings.set('dampingPolls', 4);
      });
      expect(await store.areas.settings.get('dampingPolls')).toBe(4);
    } finally {
      await store.close();
    }
  });
});

// The credentials area's contract on both backends: ciphertext kept byte for byte, a name
// replaced in place, byte-order listing, lookups by name and id, removal, transactions.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const sealed = (name: string, n: number, passphrase: Buffer | null = null) => ({
  name,
  cipher: 'aes-256-gcm:v1',
  privateKey: Buffer.from([0, 255, n, 10, 13, 0]),
  passphrase,
  publicKey: passphrase ? null : `ssh-ed25519 AAAA${n}`,
  createdAt: `2026-11-20T08:0${n}:00.000Z`,
});

describe.each(storeBackends({ afterAll }))('credentials on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const store = await backend.open(new ManualClock(0));
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });

  run('keeps ciphertext byte for byte, lists by name in byte order, finds by name and id', async ({ areas: { credentials } }) => {
    await credentials.put(sealed('default', 1));
    await credentials.put(sealed('Zulu', 2, Buffer.from('pp\u0000')));
    await credentials.put(sealed('demo', 3));
    const list = await credentials.list();
    expect(list.map((c) => c.name)).toEqual(['Zulu', 'default', 'demo']);
    const id = await credentials.idOf('Zulu');
    expect(id).not.toBeNull();
    const got = await credentials.get(id ?? 0);
    expect(got).toEqual({ id, name: 'Zulu', cipher: 'aes-256-gcm:v1', privateKey: Buffer.from([0, 255, 2, 10, 13, 0]), passphrase: Buffer.from('pp\u0000'), publicKey: null, createdAt: '2026-11-20T08:02:00.000Z' });
    expect(Buffer.isBuffer(got?.privateKey)).toBe(true);
    expect((await credentials.get((await credentials.idOf('default')) ?? 0))?.passphrase).toBeNull();
    expect(await credentials.idOf('nobody')).toBeNull();
    expect(await credentials.get(9999)).toBeNull();
  });

  run('replaces a credential of the same name in place, keeping its id', async ({ areas: { credentials } }) => {
    await credentials.put(sealed('default', 1));
    const id = await credentials.idOf('default');
    await credentials.put({ ...sealed('default', 5), cipher: 'other' });
    expect(await credentials.list()).toEqual([{ ...sealed('default', 5), cipher: 'other', id }]);
    await credentials.remove(id ?? 0);
    expect(await credentials.list()).toEqual([]);
    await credentials.remove(id ?? 0);
  });

  run('a failed transaction leaves nothing behind', async (store) => {
    await store.areas.credentials.put(sealed('default', 1));
    await expect(
      store.withTransaction(async (tx) => {
        await tx.credentials.put(sealed('demo', 2));
        await tx.credentials.put({ ...sealed('default', 3), cipher: 'changed' });
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await store.areas.credentials.list()).toEqual([expect.objectContaining(sealed('default', 1))]);
  });
});

// The inventory area's contract on both backends: every site (removed ones after), the poll
// facts an import plans with, and the write: fields, credential, a forgotten pin and one audit
// entry per site, all inside the caller's transaction.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { SiteInputSchema, type Site } from '../../../shared/site.ts';
import { HOST_KEY_FORGOTTEN, type SiteWrite } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const T0 = Date.UTC(2026, 11, 3, 9, 0);
const input = (urn: number, name: string, over: Record<string, unknown> = {}) => SiteInputSchema.parse({ urn, name, host: `${urn}.example`, user: 'b2b', tags: ['north'], area: 'North', ...over });
const WHO = { at: T0, actor: 'alice', source: 'inventory.csv' };
const write = (site: Site, host: string, over: Partial<SiteWrite> = {}, forgetsHostKey = true): SiteWrite => ({
  change: { siteId: site.id, urn: site.urn, name: site.name, version: 'v', changes: [{ field: 'host', before: site.host ?? '', after: host }], forgetsHostKey },
  fields: input(site.urn, site.name, { host }),
  ...over,
});

describe.each(storeBackends({ afterAll }))('inventory on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const store = await backend.open(new ManualClock(T0));
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });

  run('lists every site, removed ones after, and the facts an import plans with', async ({ areas: { sites, inventory, pollState, credentials } }) => {
    const b = await sites.create(input(100002, 'Birchwood'));
    const a = await sites.create(input(100001, 'Ashdown'));
    const c = await sites.create(input(100003, 'Cedar'));
    await sites.archive(b.id, 'sam');
    expect((await inventory.allSites()).map((s) => s.name)).toEqual(['Ashdown', 'Cedar', 'Birchwood']);
    expect(await inventory.pollFacts()).toEqual(new Map());
    await credentials.put({ name: 'default', cipher: 'c', privateKey: Buffer.from([1]), passphrase: null, publicKey: null, createdAt: 'x' });
    const cred = await credentials.idOf('default');
    await pollState.setPollSettings(a.id, { intervalS: null, credentialId: cred, alertsMuted: false });
    await pollState.recordPendingHostKey(c.id, 'SHA256:new', T0);
    expect(await inventory.pollFacts()).toEqual(new Map([[a.id, { credentialId: cred, hostKeyKnown: false }], [c.id, { credentialId: null, hostKeyKnown: true }]]));
  });

  run('writes fields, credential and a forgotten pin, with one audit entry per site', async ({ areas: { sites, inventory, pollState, credentials, audit } }) => {
    const a = await sites.create(input(100001, 'Ashdown'));
    const b = await sites.create(input(100002, 'Birchwood'));
    await pollState.approveHostKey(a.id, 'SHA256:pin', T0, 'alice');
    await pollState.approveHostKey(b.id, 'SHA256:keep', T0, 'alice');
    await pollState.setPollSettings(b.id, { intervalS: 600, credentialId: null, alertsMuted: true });
    await credentials.put({ name: 'north-key', cipher: 'c', privateKey: Buffer.from([1]), passphrase: null, publicKey: null, createdAt: 'x' });
    const cred = (await credentials.idOf('north-key')) ?? 0;
    await inventory.write([write(a, 'new.example', { credentialId: cred }), write(b, 'b.example', {}, false)], WHO);
    expect(await sites.get(a.id)).toMatchObject({ host: 'new.example', tags: ['north'], updatedAt: new Date(T0).toISOString() });
    expect(await pollState.poll(a.id)).toMatchObject({ credentialId: cred, hostkeyApproved: null });
    expect(await pollState.poll(b.id)).toMatchObject({ credentialId: null, intervalS: 600, alertsMuted: true, hostkeyApproved: 'SHA256:keep' });
    expect((await audit.recent()).map(({ id: _id, prevHash: _prev, hash: _hash, ...e }) => e)).toEqual([
      { at: T0, actor: 'alice', action: 'site.update', siteId: b.id, target: 'Birchwood', detail: { source: 'inventory.csv', changes: { host: { before: '100002.example', after: 'b.example' } } }, outcome: 'ok' },
      { at: T0, actor: 'alice', action: 'site.update', siteId: a.id, target: 'Ashdown', detail: { source: 'inventory.csv', changes: { host: { before: '100001.example', after: 'new.example' } }, hostKey: HOST_KEY_FORGOTTEN }, outcome: 'ok' },
    ]);
  });

  run('a refused site fails the caller\'s transaction and nothing is left behind', async (store) => {
    const { sites } = store.areas;
    const a = await sites.create(input(100001, 'Ashdown'));
    const b = await sites.create(input(100002, 'Birchwood'));
    await sites.archive(b.id, 'sam');
    await expect(store.withTransaction((tx) => tx.inventory.write([write(a, 'new.example', { credentialId: undefined }), write(b, 'b.example')], WHO))).rejects.toThrow('Birchwood has been removed: restore it before editing');
    expect((await sites.get(a.id)).host).toBe('100001.example');
    expect(await store.areas.audit.count()).toBe(0);
    await expect(
      store.withTransaction(async (tx) => {
        await tx.inventory.write([write(a, 'new.example')], WHO);
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect((await sites.get(a.id)).host).toBe('100001.example');
    expect(await store.areas.audit.count()).toBe(0);
  });
});

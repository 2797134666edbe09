// The hostKeys area's contract on both backends: keys waiting (first seen or changed, oldest
// sighting first), revoked keys kept once with one audit entry, and a bulk decision read,
// decided and written with its audit entries in one transaction.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import type { KeyDecision, KeyItem } from '../../../shared/host-keys.ts';
import { decideKeys, type KeyWrite } from '../../../electron/core/host-keys/decide.ts';
import { verifyChain } from '../../../electron/core/store/audit-chain.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const T0 = Date.UTC(2026, 11, 3, 9, 0);
const input = (urn: number, name: string) => SiteInputSchema.parse({ urn, name, host: `${urn}.example`, port: 2200, user: 'b2b', area: urn % 2 ? 'North' : null });
const auditOf = (decision: KeyDecision) => (w: KeyWrite) => ({ at: T0, actor: 'alice', action: `hostkey.${w.decision}`, siteId: w.siteId, target: w.name, detail: { fingerprint: w.fingerprint, kind: w.kind, pinned: w.previous, decision }, outcome: 'ok' });

describe.each(storeBackends({ afterAll }))('hostKeys on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const store = await backend.open(new ManualClock(T0));
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });
  const settle = (store: OpenedStore, decision: KeyDecision, items: KeyItem[]) =>
    store.areas.hostKeys.settle(items.map((i) => i.siteId), (facts, revoked) => decideKeys(decision, items, facts, revoked), auditOf(decision), T0, 'alice');

  run('lists the keys waiting, oldest sighting first then by name, and never a removed site\'s', async (store) => {
    const { sites, pollState, hostKeys } = store.areas;
    const b = await sites.create(input(100002, 'beta'));
    const a = await sites.create(input(100001, 'Zulu'));
    const c = await sites.create(input(100003, 'Alpha'));
    const gone = await sites.create(input(100005, 'Gone'));
    await pollState.approveHostKey(a.id, 'SHA256:old', T0, 'alice');
    await pollState.recordPendingHostKey(a.id, 'SHA256:a', 2000);
    await pollState.recordPendingHostKey(b.id, 'SHA256:b', 1000);
    await pollState.recordPendingHostKey(c.id, 'SHA256:c', 2000);
    await pollState.recordPendingHostKey(gone.id, 'SHA256:g', 500);
    await sites.archive(gone.id, 'sam');
    // A pending key with no sighting time (copied in by a conversion from an old row) comes first, as SQLite sorts NULLs.
    const e = await sites.create(input(100006, 'Elm'));
    await store.raw("INSERT INTO site_poll (site_id, hostkey_pending) VALUES (?, 'SHA256:e')", [e.id]);
    expect(await hostKeys.waiting()).toEqual([
      { siteId: e.id, name: 'Elm', urn: 100006, area: null, host: '100006.example', port: 2200, kind: 'first-seen', pinned: null, presented: 'SHA256:e', since: null },
      { siteId: b.id, name: 'beta', urn: 100002, area: null, host: '100002.example', port: 2200, kind: 'first-seen', pinned: null, presented: 'SHA256:b', since: 1000 },
      { siteId: c.id, name: 'Alpha', urn: 100003, area: 'North', host: '100003.example', port: 2200, kind: 'first-seen', pinned: null, presented: 'SHA256:c', since: 2000 },
      { siteId: a.id, name: 'Zulu', urn: 100001, area: 'North', host: '100001.example', port: 2200, kind: 'changed', pinned: 'SHA256:old', presented: 'SHA256:a', since: 2000 },
    ]);
  });

  run('keeps revoked keys once, with one audit entry naming only the new ones', async ({ areas: { hostKeys, audit } }) => {
    expect(await hostKeys.revoked()).toEqual(new Set());
    expect(await hostKeys.recordRevoked(['SHA256:x', 'SHA256:y', 'SHA256:x'], 'known_hosts', T0, 'alice')).toBe(2);
    expect(await hostKeys.recordRevoked(['SHA256:y', 'SHA256:z'], 'other_hosts', T0 + 1, 'bob')).toBe(1);
    expect(await hostKeys.recordRevoked(['SHA256:z'], 'other_hosts', T0 + 2, 'bob')).toBe(0);
    expect(await hostKeys.revoked()).toEqual(new Set(['SHA256:x', 'SHA256:y', 'SHA256:z']));
    expect((await audit.recent()).map((e) => [e.action, e.actor, e.target, e.siteId, e.detail])).toEqual([
      ['hostkey.revoked', 'bob', 'other_hosts', null, { fingerprints: ['SHA256:z'] }],
      ['hostkey.revoked', 'alice', 'known_hosts', null, { fingerprints: ['SHA256:x', 'SHA256:y'] }],
    ]);
    // A fingerprint the schema refuses fails the whole call: nothing kept, nothing audited.
    await expect(hostKeys.recordRevoked(['SHA256:w', 'MD5:bad'], 'bad_hosts', T0, 'bob')).rejects.toThrow();
    expect((await hostKeys.revoked()).has('SHA256:w')).toBe(false);
    expect(await audit.count()).toBe(2);
  });

  run('approves and rejects what was seen, refuses what moved, and audits each write', async (store) => {
    const { sites, pollState, hostKeys, audit } = store.areas;
    const a = await sites.create(input(100001, 'Ashdown'));
    const b = await sites.create(input(100002, 'Birchwood'));
    const c = await sites.create(input(100003, 'Cedar'));
    const d = await sites.create(input(100004, 'Dunmore'));
    await pollState.recordPendingHostKey(a.id, 'SHA256:a', 1000);
    await pollState.approveHostKey(b.id, 'SHA256:old', 1000, 'sam');
    await pollState.recordPendingHostKey(b.id, 'SHA256:b', 1000);
    await pollState.recordPendingHostKey(c.id, 'SHA256:c2', 1000);
    await hostKeys.recordRevoked(['SHA256:d'], 'known_hosts', T0, 'alice');
    await pollState.recordPendingHostKey(d.id, 'SHA256:d', 1000);
    const approved = await settle(store, 'approve', [
      { siteId: a.id, fingerprint: 'SHA256:a' }, { siteId: a.id, fingerprint: 'SHA256:a' }, { siteId: c.id, fingerprint: 'SHA256:c1' }, { siteId: d.id, fingerprint: 'SHA256:d' }, { siteId: 99_999, fingerprint: 'SHA256:n' },
    ]);
    expect(approved.outcomes.map((o) => [o.siteId, o.outcome])).toEqual([[a.id, 'approved'], [c.id, 'refused'], [d.id, 'revoked'], [99_999, 'not-waiting']]);
    expect(await pollState.poll(a.id)).toMatchObject({ hostkeyApproved: 'SHA256:a', hostkeyPending: null });
    const rejected = await settle(store, 'reject', [{ siteId: b.id, fingerprint: 'SHA256:b' }]);
    expect(rejected.writes).toEqual([{ siteId: b.id, name: 'Birchwood', decision: 'reject', fingerprint: 'SHA256:b', kind: 'changed', previous: 'SHA256:old' }]);
    expect(await pollState.poll(b.id)).toMatchObject({ hostkeyApproved: 'SHA256:old', hostkeyPending: null, hostkeyRejected: 'SHA256:b' });
    expect(await store.raw('SELECT hostkey_rejected_by, hostkey_rejected_at FROM site_poll WHERE site_id = ?', [b.id])).toEqual([{ hostkey_rejected_by: 'alice', hostkey_rejected_at: T0 }]);
    expect((await audit.recent()).slice(0, 2).map((e) => [e.action, e.siteId, e.detail])).toEqual([
      ['hostkey.reject', b.id, { fingerprint: 'SHA256:b', kind: 'changed', pinned: 'SHA256:old', decision: 'reject' }],
      ['hostkey.approve', a.id, { fingerprint: 'SHA256:a', kind: 'first-seen', pinned: null, decision: 'approve' }],
    ]);
    expect(verifyChain(await audit.rowsAfter(0, 1_000_000))).toMatchObject({ ok: true, count: 3 });
    expect((await hostKeys.waiting()).map((w) => w.siteId)).toEqual([c.id, d.id]);
  });

  run('a decision whose write finds the key moved, or a failed transaction, leaves nothing behind', async (store) => {
    const { sites, pollState, audit } = store.areas;
    const a = await sites.create(input(100001, 'Ashdown'));
    const b = await sites.create(input(100002, 'Birchwood'));
    await pollState.recordPendingHostKey(a.id, 'SHA256:a', 1000);
    await pollState.recordPendingHostKey(b.id, 'SHA256:b', 1000);
    // A decide that claims a key the site does not present: the write finds nothing to change.
    const lying = (w: KeyWrite) => ({ outcomes: [], writes: [{ ...w, fingerprint: 'SHA256:a' }, { ...w, siteId: b.id, fingerprint: 'SHA256:other' }] });
    const write: KeyWrite = { siteId: a.id, name: 'Ashdown', decision: 'approve', fingerprint: 'SHA256:a', kind: 'first-seen', previous: null };
    await expect(store.areas.hostKeys.settle([a.id, b.id], () => lying(write), auditOf('approve'), T0, 'alice')).rejects.toThrow(`host key of site ${b.id} moved during its decision`);
    expect(await pollState.poll(a.id)).toMatchObject({ hostkeyApproved: null, hostkeyPending: 'SHA256:a' });
    expect(await audit.count()).toBe(0);
    await expect(
      store.withTransaction(async (tx) => {
        await tx.hostKeys.settle([a.id], (facts, revoked) => decideKeys('approve', [{ siteId: a.id, fingerprint: 'SHA256:a' }], facts, revoked), auditOf('approve'), T0, 'alice');
        await tx.hostKeys.recordRevoked(['SHA256:x'], 'known_hosts', T0, 'alice');
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await pollState.poll(a.id)).toMatchObject({ hostkeyApproved: null, hostkeyPending: 'SHA256:a' });
    expect(await store.areas.hostKeys.revoked()).toEqual(new Set());
    expect(await audit.count()).toBe(0);
  });
});

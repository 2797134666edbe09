// The audit area's contract on both backends: a hash chain in id order (also under concurrent
// appends), canonical details, pages and filters newest first, an append-only table, and
// transactions; on PostgreSQL, the seal of unsealed entries and the hot reads' plans.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { GENESIS, verifyChain } from '../../../electron/core/store/audit-chain.ts';
import { AUDIT_SQL } from '../../../electron/core/store/postgres/audit-repo.ts';
import type { NewAuditEntry } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const T0 = Date.UTC(2026, 11, 3, 9, 0);
const entry = (i: number, over: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: T0 + i * 1000, actor: i % 2 ? 'Sam Patel' : 'Priya Shah', action: i % 3 ? 'action.restart' : 'site.update', siteId: i % 4 ? i % 4 : null, target: i % 4 ? `School ${i % 4}` : null,
  detail: { z: i, a: { y: [1, 'é'], b: null } }, outcome: 'ok', ...over,
});

const backends = storeBackends({ afterAll });

async function withStore(backend: (typeof backends)[number], fn: (store: OpenedStore) => Promise<void>): Promise<void> {
  const store = await backend.open(new ManualClock(T0));
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

describe.each(backends)('audit on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore) => Promise<void>) => it.skipIf(backend.unavailable !== null)(name, () => withStore(backend, fn));

  run('chains entries in id order with canonical details, and the chain holds', async ({ areas: { audit } }) => {
    expect(await audit.count()).toBe(0);
    expect(verifyChain(await audit.rowsAfter(0, 1_000_000))).toEqual({ ok: true, count: 0, headHash: null, firstBad: null, checkpoint: null });
    for (let i = 1; i <= 6; i++) expect(await audit.record(entry(i))).toBe(i);
    const rows = await audit.rowsAfter(0, 1_000_000);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]).toMatchObject({ prev_hash: GENESIS, detail: '{"a":{"b":null,"y":[1,"é"]},"z":1}', site_id: 1, at: T0 + 1000 });
    expect(rows[3]).toMatchObject({ site_id: null, target: null });
    expect(rows.slice(1).every((r, i) => r.prev_hash === rows[i]?.hash)).toBe(true);
    const v = verifyChain(rows);
    expect(v).toMatchObject({ ok: true, count: 6, headHash: rows[5]?.hash });
    expect(await audit.count()).toBe(6);
    expect((await audit.recent(1))[0]).toEqual({ id: 6, at: T0 + 6000, actor: 'Priya Shah', action: 'site.update', siteId: 2, target: 'School 2', detail: { a: { b: null, y: [1, 'é'] }, z: 6 }, outcome: 'ok', prevHash: rows[4]?.hash, hash: rows[5]?.hash });
  });

  run('keeps one chain when appends race', async ({ areas: { audit } }) => {
    const ids = await Promise.all(Array.from({ length: 24 }, (_, i) => audit.record(entry(i + 1))));
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(verifyChain(await audit.rowsAfter(0, 1_000_000))).toMatchObject({ ok: true, count: 24, firstBad: null });
  });

  run('reads newest first: recent, per site, and filtered pages', async ({ areas: { audit } }) => {
    for (let i = 1; i <= 12; i++) await audit.record(entry(i));
    expect((await audit.recent()).map((e) => e.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await audit.recent(3)).map((e) => e.id)).toEqual([12, 11, 10]);
    expect((await audit.forSite(1)).map((e) => e.id)).toEqual([9, 5, 1]);
    expect((await audit.forSite(1, 2)).map((e) => e.id)).toEqual([9, 5]);
    expect(await audit.forSite(99)).toEqual([]);
    const page = async (f: Record<string, unknown>) => (await audit.page({ limit: 200, ...f })).map((e) => e.id);
    expect(await page({})).toHaveLength(12);
    expect(await page({ actor: 'Sam Patel' })).toEqual([11, 9, 7, 5, 3, 1]);
    expect(await page({ action: 'site.update', actor: 'Priya Shah' })).toEqual([12, 6]);
    expect(await page({ siteId: 2, from: T0 + 6000, to: T0 + 10_000 })).toEqual([6]);
    expect(await page({ beforeId: 5, limit: 2 })).toEqual([4, 3]);
    expect(await page({ actor: 'nobody' })).toEqual([]);
  });

  run('refuses to edit or delete an entry', async (store) => {
    await store.areas.audit.record(entry(1));
    // async: SQLite's raw() throws where it is called.
    const attempt = async (sql: string) => store.raw(sql);
    await expect(attempt("UPDATE audit_log SET actor = 'x' WHERE id = 1")).rejects.toThrow(/append-only/);
    await expect(attempt('DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(/append-only/);
    expect(verifyChain(await store.areas.audit.rowsAfter(0, 1_000_000))).toMatchObject({ ok: true, count: 1 });
  });

  run('a failed transaction leaves nothing behind, and the chain goes on from what was kept', async (store) => {
    await store.areas.audit.record(entry(1));
    await expect(
      store.withTransaction(async (tx) => {
        await tx.audit.record(entry(2));
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await store.areas.audit.count()).toBe(1);
    expect(await store.areas.audit.record(entry(3))).toBe(2);
    expect(verifyChain(await store.areas.audit.rowsAfter(0, 1_000_000))).toMatchObject({ ok: true, count: 2 });
  });
});

// PostgreSQL only (SQLite seals when its file opens: test/unit/audit/audit-chain.test.ts). Why it cannot run is printed by storeBackends.
const pg = backends.find((b) => b.name === 'postgres');
describe('audit on postgres only', () => {
  const run = (name: string, fn: (store: OpenedStore) => Promise<void>) => it.skipIf(!pg || pg.unavailable !== null)(name, () => withStore(pg as NonNullable<typeof pg>, fn));

  run('seals entries copied in without a hash before the log is first used, then chains after them', async (store) => {
    await store.raw("INSERT INTO audit_log (id, at, actor, action, site_id, target, detail, outcome) VALUES (1, 1, 'old', 'settings.update', NULL, NULL, '{\"b\":1,\"a\":2}', 'ok')");
    expect(await store.areas.audit.record(entry(2))).toBe(2);
    const rows = (await store.areas.audit.rowsAfter(0, 1_000_000));
    expect(rows[0]).toMatchObject({ prev_hash: GENESIS, detail: '{"a":2,"b":1}' });
    expect(verifyChain(rows)).toMatchObject({ ok: true, count: 2 });
  });

  run('reads the head, recent entries and a site\'s entries through indexes on a large log', async (store) => {
    await store.raw(`INSERT INTO audit_log (id, at, actor, action, site_id, target, detail, outcome, prev_hash, hash)
      SELECT g, g, 'a', 'x', g % 500, NULL, '{}', 'ok', 'p', 'h' FROM generate_series(1, 50000) g`);
    await store.raw('ANALYZE audit_log');
    for (const [sql, values, index] of [[AUDIT_SQL.head, [], 'audit_log_pkey'], [AUDIT_SQL.recent, [200], 'audit_log_pkey'], [AUDIT_SQL.forSite, [77, 100], 'audit_log_site']] as const) {
      const text = JSON.stringify(await store.raw(`EXPLAIN (FORMAT JSON) ${sql.replace(/\$(\d+)/g, (_, n: string) => String(values[Number(n) - 1]))}`));
      expect(text, sql).toContain(`"Index Name":"${index}"`);
      expect(text, sql).not.toContain('"Node Type":"Seq Scan"');
    }
  });
});

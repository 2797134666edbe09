// The audit trail: who did what to which site, when, and how it ended. Append-only, and
// tamper-evident: each entry carries the sha256 of its canonical form, which includes the
// previous entry's hash, so editing, deleting, inserting or reordering an entry breaks the
// chain from that entry on (audit-chain.ts checks it).
import type { AuditEntry, AuditFilter } from '../../../../shared/audit.ts';
import { entryHash, GENESIS, storedDetail } from '../audit-chain.ts';
import type { Db } from './db.ts';

export type { AuditEntry } from '../../../../shared/audit.ts';
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'prevHash' | 'hash'>;

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  site_id: number | null;
  target: string | null;
  detail: string;
  outcome: string;
  prev_hash: string | null;
  hash: string | null;
}

export const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  siteId: r.site_id,
  target: r.target,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  outcome: r.outcome,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export class AuditRepo {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      insert: db.prepare('INSERT INTO audit_log (id, at, actor, action, site_id, target, detail, outcome, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      head: db.prepare<[], { id: number; hash: string | null }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'),
      unsealed: db.prepare<[], AuditRow>('SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id'),
      sealedBefore: db.prepare<[number], { hash: string | null }>('SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1'),
      seal: db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ? AND hash IS NULL'),
      recent: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
      forSite: db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE site_id = ? ORDER BY id DESC LIMIT ?'),
      after: db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log'),
    };
    this.#sealOld();
  }

  /** Appends one entry, chained to the last; returns its id. */
  record(e: NewAuditEntry): number {
    return this.#db.transaction(() => {
      // Read inside the write transaction: the chain's order is the ids' order.
      const head = this.#s.head.get();
      const id = (head?.id ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS;
      const detail = storedDetail(e.detail);
      const hash = entryHash({ ...e, id, prevHash }, detail);
      this.#s.insert.run(id, e.at, e.actor, e.action, e.siteId, e.target, detail, e.outcome, prevHash, hash);
      return id;
    }).immediate();
  }

  recent(limit = 200): AuditEntry[] {
    return this.#s.recent.all(limit).map(toEntry);
  }

  forSite(siteId: number, limit = 100): AuditEntry[] {
    return this.#s.forSite.all(siteId, limit).map(toEntry);
  }

  /** A page, newest first, filtered. */
  page(f: AuditFilter): AuditEntry[] {
    const conditions: [string, string | number | undefined][] = [
      ['actor = ?', f.actor],
      ['site_id = ?', f.siteId],
      ['action = ?', f.action],
      ['at >= ?', f.from],
      ['at < ?', f.to],
      ['id < ?', f.beforeId],
    ];
    const used = conditions.filter((c): c is [string, string | number] => c[1] !== undefined);
    const where = used.length ? `WHERE ${used.map(([sql]) => sql).join(' AND ')}` : '';
    return this.#db
      .prepare<(string | number)[], AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`)
      .all(...used.map(([, v]) => v), f.limit)
      .map(toEntry);
  }

  /** Entries after this id, in order, a page at a time: for verifying without holding them all. */
  rowsAfter(afterId: number, limit: number): AuditRow[] {
    return this.#s.after.all(afterId, limit);
  }

  count(): number {
    return this.#s.count.get()?.n ?? 0;
  }

  /** Entries written before the chain existed are sealed once, in order, when the store opens. */
  #sealOld(): void {
    const rows = this.#s.unsealed.all();
    if (rows.length === 0) return;
    this.#db.transaction(() => {
      let prev = (rows[0] && this.#s.sealedBefore.get(rows[0].id)?.hash) ?? GENESIS;
      for (const r of rows) {
        const detail = storedDetail(toEntry(r).detail);
        const hash = entryHash({ ...toEntry(r), prevHash: prev }, detail);
        this.#s.seal.run(detail, prev, hash, r.id);
        prev = hash;
      }
    })();
  }
}

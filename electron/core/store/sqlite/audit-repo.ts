// The audit trail: who did what to which site, when, and how it ended. Append-only, and
// tamper-evident: each entry carries the sha256 of its canonical form, which includes the
// previous entry's hash, so editing, deleting, inserting or reordering an entry breaks the
// chain from that entry on (audit-chain.ts checks it).
import type { AuditEntry, AuditFilter } from '../../../../shared/audit.ts';
import { auditConditions, nextEntry, sealRows, toEntry, type AuditRow, type NewAuditEntry } from '../audit-rows.ts';
import type { Db } from './db.ts';

export type { AuditEntry } from '../../../../shared/audit.ts';
export { toEntry, type AuditRow, type NewAuditEntry } from '../audit-rows.ts';

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
      const r = nextEntry(this.#s.head.get() ?? null, e);
      this.#s.insert.run(r.id, r.at, r.actor, r.action, r.site_id, r.target, r.detail, r.outcome, r.prev_hash, r.hash);
      return r.id;
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
    const used = auditConditions(f);
    const where = used.length ? `WHERE ${used.map(([sql]) => `${sql} ?`).join(' AND ')}` : '';
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
      const prev = (rows[0] && this.#s.sealedBefore.get(rows[0].id)?.hash) ?? null;
      for (const r of sealRows(rows, prev)) this.#s.seal.run(r.detail, r.prevHash, r.hash, r.id);
    })();
  }
}

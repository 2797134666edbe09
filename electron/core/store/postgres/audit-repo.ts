// The audit trail on PostgreSQL, as SQLite's AuditRepo: append-only (triggers refuse UPDATE,
// DELETE and TRUNCATE of a sealed entry) and hash-chained. Collectors share the log, so each
// append holds a transaction-scoped advisory lock from reading the head until it commits: the
// chain's order is the ids' order, and no two appends chain to the same head.
import type { AuditEntry, AuditFilter } from '../../../../shared/audit.ts';
import { auditConditions, nextEntry, sealRows, toEntry, type AuditRow, type NewAuditEntry } from '../audit-rows.ts';
import type { PgDb } from './pg-db.ts';
import { withPgTransaction } from './transaction.ts';

/** The advisory lock key of the chain's head ("audit" in ASCII); only this area takes it. */
const CHAIN_LOCK = 0x6175646974;

/** The hot reads, exported for the EXPLAIN tests. */
export const AUDIT_SQL = {
  head: 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  recent: 'SELECT * FROM audit_log ORDER BY id DESC LIMIT $1',
  forSite: 'SELECT * FROM audit_log WHERE site_id = $1 ORDER BY id DESC LIMIT $2',
} as const;

export class PgAuditRepo {
  readonly #db: PgDb;
  #sealed: Promise<void> | null = null;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** Appends one entry, chained to the last; returns its id. */
  async record(e: NewAuditEntry): Promise<number> {
    await this.#ready();
    return this.#db.transaction(async () => {
      await this.#db.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK], 'audit.lock');
      const r = nextEntry(await this.#db.maybeOne<{ id: number; hash: string | null }>(AUDIT_SQL.head, [], 'audit.head'), e);
      await this.#db.run(
        'INSERT INTO audit_log (id, at, actor, action, site_id, target, detail, outcome, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [r.id, r.at, r.actor, r.action, r.site_id, r.target, r.detail, r.outcome, r.prev_hash, r.hash],
        'audit.insert',
      );
      return r.id;
    });
  }

  async recent(limit = 200): Promise<AuditEntry[]> {
    await this.#ready();
    return (await this.#db.query<AuditRow>(AUDIT_SQL.recent, [limit], 'audit.recent')).map(toEntry);
  }

  async forSite(siteId: number, limit = 100): Promise<AuditEntry[]> {
    await this.#ready();
    return (await this.#db.query<AuditRow>(AUDIT_SQL.forSite, [siteId, limit], 'audit.forSite')).map(toEntry);
  }

  /** A page, newest first, filtered. */
  async page(f: AuditFilter): Promise<AuditEntry[]> {
    await this.#ready();
    const used = auditConditions(f);
    const where = used.length ? `WHERE ${used.map(([sql], i) => `${sql} $${i + 1}`).join(' AND ')}` : '';
    const rows = await this.#db.query<AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${used.length + 1}`, [...used.map(([, v]) => v), f.limit]);
    return rows.map(toEntry);
  }

  /** Entries after this id, in order, a page at a time: for verifying without holding them all. */
  async rowsAfter(afterId: number, limit: number): Promise<AuditRow[]> {
    await this.#ready();
    return this.#db.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit], 'audit.after');
  }

  async count(): Promise<number> {
    await this.#ready();
    return (await this.#db.one<{ n: number }>('SELECT count(*) AS n FROM audit_log', [], 'audit.count')).n;
  }

  /** Entries written before the chain existed (copied in unsealed) are sealed once, in order, before the log is first used. */
  #ready(): Promise<void> {
    this.#sealed ??= this.#sealOld().catch((err: unknown) => {
      this.#sealed = null;
      throw err;
    });
    return this.#sealed;
  }

  // Its own transaction on its own connection: a caller's transaction that rolls back must not undo the seal.
  async #sealOld(): Promise<void> {
    await withPgTransaction(this.#db.pool, async (client) => {
      const { rows } = await client.query<AuditRow>('SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id');
      if (rows.length === 0) return;
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const first = rows[0];
      const before = first ? (await client.query<{ hash: string | null }>('SELECT hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1', [first.id])).rows[0] : undefined;
      for (const s of sealRows(rows, before?.hash ?? null)) {
        await client.query('UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3 WHERE id = $4 AND hash IS NULL', [s.detail, s.prevHash, s.hash, s.id]);
      }
    });
  }
}

// Site leases for several collectors sharing one fleet. A collector polls only the sites it
// holds a lease on; a lease lasts ttl from its last renewal. Every time is the database's
// clock, so collectors whose clocks disagree still agree on who holds what.
import type pg from 'pg';
import { oneRow } from './one-row.ts';
import { withPgTransaction } from './transaction.ts';

/** Epoch ms on the database's clock, read when the statement runs (not when the transaction began). */
const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
/** Sites a collector should poll: in the register and set up. */
const NEEDS_POLLING = 's.archived_at IS NULL AND s.host IS NOT NULL';

export class LeaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseError';
  }
}

export interface CollectorInfo {
  id: string;
  /** For people: the host or service name. */
  name: string;
  /** Where the collector answers, if anywhere. */
  listen?: string | null;
}

export interface Lease {
  siteId: number;
  expiresAt: number;
}

export interface ClaimResult {
  /** The database's time when the claim finished. */
  at: number;
  /** Sites newly leased by this claim. */
  taken: number[];
  /** Sites given up: over this collector's fair share, or no longer needing polling. */
  handedBack: number[];
  /** Every lease this collector holds now. */
  leases: Lease[];
  share: number;
}

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > 86_400_000) throw new LeaseError(`A lease ttl must be a whole number of ms from 1 to 86400000 (got ${ttlMs}).`);
}

function checkId(collectorId: string): void {
  if (typeof collectorId !== 'string' || collectorId.length < 1 || collectorId.length > 200) throw new LeaseError('A collector id is 1 to 200 characters.');
}

const asLeases = (rows: { site_id: number; expires_at: number }[]): Lease[] =>
  rows.map((r) => ({ siteId: r.site_id, expiresAt: r.expires_at })).sort((a, b) => a.siteId - b.siteId);

async function nowMs(db: pg.PoolClient | pg.Pool): Promise<number> {
  return oneRow((await db.query<{ now: number }>(`SELECT ${NOW_MS} AS now`)).rows, 'the time').now;
}

export class PgLeaseRepo {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Joins (or rejoins after a restart) as live. */
  async register(collector: CollectorInfo): Promise<void> {
    checkId(collector.id);
    if (!collector.name || collector.name.length > 200) throw new LeaseError('A collector name is 1 to 200 characters.');
    await this.pool.query(
      `INSERT INTO collectors (id, name, listen, started_at, heartbeat_at) VALUES ($1, $2, $3, ${NOW_MS}, ${NOW_MS})
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, listen = EXCLUDED.listen,
         started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at`,
      [collector.id, collector.name, collector.listen ?? null],
    );
  }

  /** Says this collector is alive and renews every lease it still holds to now + ttl. */
  async heartbeat(collectorId: string, ttlMs: number): Promise<{ at: number; leases: Lease[] }> {
    checkId(collectorId);
    checkTtl(ttlMs);
    return withPgTransaction(this.pool, async (db) => {
      const at = await this.touch(db, collectorId);
      // Only rows still naming this collector: a lease another collector took is not taken back.
      const renewed = await db.query<{ site_id: number; expires_at: number }>(
        `UPDATE site_leases SET expires_at = ${NOW_MS} + $2 WHERE collector_id = $1 RETURNING site_id, expires_at`,
        [collectorId, ttlMs],
      );
      return { at, leases: asLeases(renewed.rows) };
    });
  }

  /**
   * Takes free sites (no lease, or an expired one) up to this collector's fair share, or hands
   * back what it holds over that share. Two collectors claiming at once never take the same
   * site: free rows are locked with SKIP LOCKED, and a lease is only overwritten if it has expired.
   */
  async claim(collectorId: string, ttlMs: number): Promise<ClaimResult> {
    checkId(collectorId);
    checkTtl(ttlMs);
    return withPgTransaction(this.pool, async (db) => {
      const now = await this.touch(db, collectorId);
      const counts = await db.query<{ live: number; sites: number }>(
        `SELECT (SELECT count(*) FROM collectors WHERE heartbeat_at > $1::bigint - $2) AS live,
                (SELECT count(*) FROM sites s WHERE ${NEEDS_POLLING}) AS sites`,
        [now, ttlMs],
      );
      const { live, sites } = oneRow(counts.rows, 'the fleet counts');
      const share = Math.ceil(sites / Math.max(1, live));

      const gone = await db.query<{ site_id: number }>(
        `DELETE FROM site_leases l USING sites s WHERE l.site_id = s.id AND l.collector_id = $1 AND NOT (${NEEDS_POLLING}) RETURNING l.site_id`,
        [collectorId],
      );
      const mine = await db.query<{ site_id: number }>(
        `UPDATE site_leases SET expires_at = ${NOW_MS} + $2 WHERE collector_id = $1 RETURNING site_id`,
        [collectorId, ttlMs],
      );
      const held = mine.rows.map((r) => r.site_id).sort((a, b) => a - b);
      const handedBack = gone.rows.map((r) => r.site_id);
      let taken: number[] = [];
      if (held.length > share) {
        // The newest-numbered sites go back, so a collector keeps a stable block.
        const surplus = held.slice(share);
        await db.query('DELETE FROM site_leases WHERE collector_id = $1 AND site_id = ANY($2::bigint[])', [collectorId, surplus]);
        handedBack.push(...surplus);
      } else if (held.length < share) {
        taken = await this.takeFree(db, collectorId, ttlMs, share - held.length);
      }
      const leases = await db.query<{ site_id: number; expires_at: number }>('SELECT site_id, expires_at FROM site_leases WHERE collector_id = $1', [collectorId]);
      return { at: await nowMs(db), taken, handedBack: handedBack.sort((a, b) => a - b), leases: asLeases(leases.rows), share };
    });
  }

  /** Leaves on a clean shutdown: the collector is forgotten and its sites are free at once. */
  async release(collectorId: string): Promise<{ at: number; released: number[] }> {
    checkId(collectorId);
    return withPgTransaction(this.pool, async (db) => {
      const released = await db.query<{ site_id: number }>('DELETE FROM site_leases WHERE collector_id = $1 RETURNING site_id', [collectorId]);
      await db.query('DELETE FROM collectors WHERE id = $1', [collectorId]);
      return { at: await nowMs(db), released: released.rows.map((r) => r.site_id).sort((a, b) => a - b) };
    });
  }

  /** Collectors whose heartbeat is younger than ttl: alive, by the database's clock. */
  async live(ttlMs: number): Promise<string[]> {
    checkTtl(ttlMs);
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM collectors WHERE heartbeat_at > ${NOW_MS} - $1 ORDER BY id`, [ttlMs]);
    return rows.map((r) => r.id);
  }

  /** The leases this collector holds that have not expired. */
  async owned(collectorId: string): Promise<Lease[]> {
    checkId(collectorId);
    const { rows } = await this.pool.query<{ site_id: number; expires_at: number }>(
      `SELECT site_id, expires_at FROM site_leases WHERE collector_id = $1 AND expires_at > ${NOW_MS}`,
      [collectorId],
    );
    return asLeases(rows);
  }

  private async touch(db: pg.PoolClient, collectorId: string): Promise<number> {
    const { rows } = await db.query<{ now: number }>(`UPDATE collectors SET heartbeat_at = ${NOW_MS} WHERE id = $1 RETURNING heartbeat_at AS now`, [collectorId]);
    const row = rows[0];
    if (row === undefined) throw new LeaseError(`Collector ${collectorId} is not registered (or has released its sites); register it again.`);
    return row.now;
  }

  private async takeFree(db: pg.PoolClient, collectorId: string, ttlMs: number, want: number): Promise<number[]> {
    // `now` is read inside this statement, after its snapshot: a lease another collector
    // released before we could see it was released before this time too.
    const { rows } = await db.query<{ site_id: number }>(
      `WITH now AS (SELECT ${NOW_MS} AS t),
       free AS (
         SELECT s.id FROM sites s LEFT JOIN site_leases l ON l.site_id = s.id
         WHERE ${NEEDS_POLLING} AND (l.site_id IS NULL OR l.expires_at <= (SELECT t FROM now))
         ORDER BY s.id LIMIT $3
         FOR NO KEY UPDATE OF s SKIP LOCKED)
       INSERT INTO site_leases (site_id, collector_id, expires_at)
       SELECT id, $1, (SELECT t FROM now) + $2 FROM free
       ON CONFLICT (site_id) DO UPDATE SET collector_id = EXCLUDED.collector_id, expires_at = EXCLUDED.expires_at
         WHERE site_leases.expires_at <= EXCLUDED.expires_at - $2
       RETURNING site_id`,
      [collectorId, ttlMs, want],
    );
    return rows.map((r) => r.site_id).sort((a, b) => a - b);
  }
}

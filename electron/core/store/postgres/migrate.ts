// Brings a PostgreSQL database to this code's schema, with the SQLite runner's rules
// (electron/core/store/db.ts): pending migrations in order, each in its own transaction and
// recorded with its sha256; an edited migration or a newer database is refused.
import crypto from 'node:crypto';
import type pg from 'pg';
import { StoreConfigError } from './errors.ts';
import type { PgMigration } from './migrations/index.ts';

/** One key for every process that migrates this schema: collectors starting together take turns. */
const MIGRATION_LOCK = 0x62326266; // "b2bf"

export const hashOfPg = (m: PgMigration): string => crypto.createHash('sha256').update(m.sql).digest('hex');

interface AppliedRow {
  version: number;
  name: string;
  hash: string;
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    // Held until COMMIT or ROLLBACK, so no lock outlives a failed step.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function appliedRows(client: pg.PoolClient): Promise<Map<number, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>('SELECT version, name, hash FROM schema_migrations');
  return new Map(rows.map((r) => [r.version, r]));
}

function checkApplied(applied: Map<number, AppliedRow>, migrations: readonly PgMigration[]): void {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const current = Math.max(0, ...applied.keys());
  if (current > known) {
    throw new StoreConfigError(`The database is at schema version ${current}, newer than this console knows (${known}). Update the console.`);
  }
  for (const m of migrations) {
    const done = applied.get(m.version);
    if (done && done.hash !== hashOfPg(m)) {
      throw new StoreConfigError(`Migration ${m.version} (${m.name}) was changed after it was applied; add a new migration instead.`);
    }
  }
}

/** Runs what is pending; returns the versions this call applied (none when another process got there first). */
export async function migratePg(pool: pg.Pool, migrations: readonly PgMigration[]): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const client = await pool.connect();
  let broken = false;
  try {
    const pending = await inTransaction(client, async () => {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, hash text NOT NULL, applied_at timestamptz NOT NULL)`);
      const applied = await appliedRows(client);
      checkApplied(applied, ordered);
      return ordered.filter((m) => !applied.has(m.version));
    });
    const ran: number[] = [];
    for (const m of pending) {
      const didRun = await inTransaction(client, async () => {
        // Another process may have applied it between our read and this lock.
        const applied = await appliedRows(client);
        checkApplied(applied, ordered);
        if (applied.has(m.version)) return false;
        try {
          await client.query(m.sql);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          throw new StoreConfigError(`Migration ${m.version} (${m.name}) failed and was rolled back: ${reason}`, { cause: err });
        }
        await client.query('INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES ($1, $2, $3, clock_timestamp())', [m.version, m.name, hashOfPg(m)]);
        return true;
      });
      if (didRun) ran.push(m.version);
    }
    return ran;
  } catch (err) {
    broken = !(err instanceof StoreConfigError);
    throw err;
  } finally {
    // A connection that failed mid-protocol is not given back to the pool.
    client.release(broken);
  }
}

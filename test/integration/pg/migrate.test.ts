// The PostgreSQL migration runner: the SQLite runner's rules, plus collectors starting together.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool } from '../../../electron/core/store/postgres/connect.ts';
import { StoreConfigError } from '../../../electron/core/store/postgres/errors.ts';
import { syncIdentitySequences } from '../../../electron/core/store/postgres/identity.ts';
import { hashOfPg, migratePg } from '../../../electron/core/store/postgres/migrate.ts';
import { pgMigrations } from '../../../electron/core/store/postgres/migrations/index.ts';
import { pgSchemaSnapshot } from '../../../electron/core/store/postgres/schema-snapshot.ts';
import { pgUnavailableReason, startPg, type PgCluster } from '../../helpers/pg-cluster.ts';

const SNAPSHOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/schema.pg.snapshot.sql');
const reason = pgUnavailableReason();
if (reason !== null) console.log(`migrate.test.ts skipped: ${reason}`);

describe.skipIf(reason !== null)('PostgreSQL migrations', () => {
  let cluster: PgCluster;
  let n = 0;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await cluster?.stop();
  });
  const freshPool = async (): Promise<pg.Pool> => {
    const pool = createPgPool(await cluster.createDatabase(`migrate_${++n}`));
    pools.push(pool);
    return pool;
  };
  const versions = async (pool: pg.Pool): Promise<number[]> =>
    (await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);

  it('are numbered 1..n without gaps', () => {
    expect(pgMigrations.map((m) => m.version)).toEqual(pgMigrations.map((_, i) => i + 1));
  });

  it('bring a new database to the latest version, recording name, hash and time, and do nothing the second time', async () => {
    const pool = await freshPool();
    expect(await migratePg(pool, pgMigrations)).toEqual(pgMigrations.map((m) => m.version));
    const { rows } = await pool.query<{ version: number; name: string; hash: string; applied_at: Date }>('SELECT * FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => [r.version, r.name, r.hash])).toEqual(pgMigrations.map((m) => [m.version, m.name, hashOfPg(m)]));
    expect(rows.every((r) => r.applied_at instanceof Date)).toBe(true);
    expect(await migratePg(pool, pgMigrations)).toEqual([]);
  });

  it('match the schema snapshot (regenerate with UPDATE_SNAPSHOTS=1 after adding a migration)', async () => {
    const pool = await freshPool();
    await migratePg(pool, pgMigrations);
    const actual = await pgSchemaSnapshot(pool);
    if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, actual);
    expect(actual).toBe(fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('run once when several collectors start together on one database', async () => {
    const url = await cluster.createDatabase(`together_${++n}`);
    const first = createPgPool(url);
    const starters = [first, ...Array.from({ length: 3 }, () => createPgPool(url))];
    pools.push(...starters);
    const results = await Promise.all(starters.map((p) => migratePg(p, pgMigrations)));
    expect(results.flat().sort((a, b) => a - b)).toEqual(pgMigrations.map((m) => m.version));
    expect(await versions(first)).toEqual(pgMigrations.map((m) => m.version));
  });

  it('roll back a migration that fails half way, leaving the version unchanged and the next start able to go on', async () => {
    const pool = await freshPool();
    const broken = [...pgMigrations, { version: pgMigrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (x integer); INSERT INTO nowhere VALUES (1);' }];
    await expect(migratePg(pool, broken)).rejects.toThrow(new RegExp(`Migration ${pgMigrations.length + 1} \\(broken\\) failed and was rolled back: relation "nowhere" does not exist`));
    expect(await versions(pool)).toEqual(pgMigrations.map((m) => m.version));
    expect((await pool.query<{ t: string | null }>("SELECT to_regclass('half') AS t")).rows).toEqual([{ t: null }]);
    expect(await migratePg(pool, pgMigrations)).toEqual([]);
  });

  it('catch a migration edited after it was applied, before running anything newer', async () => {
    const pool = await freshPool();
    await migratePg(pool, pgMigrations.slice(0, 1));
    const edited = pgMigrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    const err = await migratePg(pool, edited).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreConfigError);
    expect((err as Error).message).toBe(`Migration 1 (baseline) was changed after it was applied; add a new migration instead.`);
    expect(await versions(pool)).toEqual([1]);
  });

  it('refuse a database from a newer console', async () => {
    const pool = await freshPool();
    await migratePg(pool, pgMigrations);
    await pool.query(`INSERT INTO schema_migrations VALUES (${pgMigrations.length + 5}, 'future', 'x', now())`);
    await expect(migratePg(pool, pgMigrations)).rejects.toThrow(/newer than this console knows/);
  });

  it('keep explicit ids insertable, and syncIdentitySequences moves the next id past them', async () => {
    const pool = await freshPool();
    await migratePg(pool, pgMigrations);
    await pool.query(`INSERT INTO sites (id, urn, name, created_at, updated_at) VALUES (41, 100041, 'Copied', 't', 't')`);
    expect(await syncIdentitySequences(pool)).toBeGreaterThan(10);
    const { rows } = await pool.query<{ id: number }>(`INSERT INTO sites (urn, name, created_at, updated_at) VALUES (100042, 'New', 't', 't') RETURNING id`);
    expect(rows).toEqual([{ id: 42 }]);
  });
});

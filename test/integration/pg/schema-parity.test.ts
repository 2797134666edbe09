// The PostgreSQL baseline against the SQLite schema it translates: same tables, columns,
// nullability, keys, foreign keys, CHECK and UNIQUE counts, indexes and triggers, and the
// triggers doing the same thing to the same rows.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/sqlite/db.ts';
import { openPostgres } from '../../../electron/core/store/postgres/connect.ts';
import { pgUnavailableReason, startPg, type PgCluster } from '../../helpers/pg-cluster.ts';

const reason = pgUnavailableReason();
if (reason !== null) console.log(`schema-parity.test.ts skipped: ${reason}`);

interface Model {
  columns: string[];
  primaryKeys: string[];
  foreignKeys: string[];
  indexes: string[];
  checks: Record<string, number>;
  uniques: Record<string, number>;
  triggers: string[];
}

/** Ids, their references and times are bigint; flags, ports, versions, URNs and counts are integer. */
const BIGINT = /(^id$|^at$|_id$|_at$|^ts$|_ts$|^since$|_ms$|^hour$|^day$|^ls_|_until$)/;
const PG_TYPES: Record<string, string> = { TEXT: 'text', BLOB: 'bytea', REAL: 'double precision' };
const pgType = (sqliteType: string, col: string): string =>
  sqliteType === 'INTEGER' ? (BIGINT.test(col) ? 'bigint' : 'integer') : (PG_TYPES[sqliteType] ?? `unmapped ${sqliteType}`);

function sqliteModel(db: Database.Database): Model {
  const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[]).filter(
    (t) => t.name !== 'schema_migrations',
  );
  const m: Model = { columns: [], primaryKeys: [], foreignKeys: [], indexes: [], checks: {}, uniques: {}, triggers: [] };
  for (const t of tables) {
    const cols = db.pragma(`table_xinfo(${t.name})`) as { name: string; type: string; notnull: number; pk: number }[];
    for (const c of cols) m.columns.push(`${t.name}.${c.name} ${pgType(c.type, c.name)}${c.notnull || c.pk ? ' not null' : ''}`);
    const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    if (pk.length) m.primaryKeys.push(`${t.name}(${pk.map((c) => c.name).join(',')})`);
    for (const f of db.pragma(`foreign_key_list(${t.name})`) as { table: string; from: string; to: string; on_delete: string }[]) {
      m.foreignKeys.push(`${t.name}.${f.from} -> ${f.table}.${f.to} on delete ${f.on_delete.toLowerCase()}`);
    }
    m.checks[t.name] = (t.sql.match(/CHECK\s*\(/gi) ?? []).length;
    m.uniques[t.name] = (db.pragma(`index_list(${t.name})`) as { origin: string }[]).filter((i) => i.origin === 'u').length;
    for (const i of db.pragma(`index_list(${t.name})`) as { name: string; unique: number; origin: string; partial: number }[]) {
      if (i.origin !== 'c') continue;
      const cols = (db.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name).join(',');
      m.indexes.push(`${i.name} on ${t.name}(${cols})${i.unique ? ' unique' : ''}${i.partial ? ' partial' : ''}`);
    }
  }
  m.triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((r) => r.name);
  return sorted(m);
}

/**
 * PostgreSQL-only covering indexes: the only indexes allowed to carry INCLUDE columns, each with
 * its why. SQLite needs none of them: its rollup tables are WITHOUT ROWID, so the key already
 * holds every column in site order. Written as key columns, then the included ones.
 */
const PG_ONLY_COVERING: Record<string, string> = {
  // Migration 006. The poller writes a round at a time, scattering a site's rows across the
  // heap; carrying the values in the key keeps a site's reads on a few adjacent leaf pages.
  'history_hourly_pkey on history_hourly(site_id,hour) include (s_healthy,s_lagging,s_failing,s_unreachable,s_auth_failed,s_hostkey_changed,s_protocol_error,s_unknown,s_maintenance,r_pupils,r_attendance,r_exclusions,r_assessment)':
    "a site's hourly series and timeline read index-only (not the running totals: the key would double)",
  'history_daily_pkey on history_daily(site_id,day) include (s_healthy,s_lagging,s_failing,s_unreachable,s_auth_failed,s_hostkey_changed,s_protocol_error,s_unknown,s_maintenance,r_pupils,r_attendance,r_exclusions,r_assessment,c_up,c_down,c_excluded,c_pupils,c_attendance,c_exclusions,c_assessment)':
    'the daily series and the daily part of uptime (all but the last 90 days) read index-only',
};

async function pgCovering(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; tbl: string; cols: string[]; keys: number }>(`
    SELECT i.relname AS name, t.relname AS tbl, ix.indnkeyatts AS keys,
      array(SELECT attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = ix.indrelid AND attnum = k.n ORDER BY o)::text[] AS cols
    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace AND ix.indnatts > ix.indnkeyatts`);
  return rows.map((r) => `${r.name} on ${r.tbl}(${r.cols.slice(0, r.keys).join(',')}) include (${r.cols.slice(r.keys).join(',')})`).sort();
}

const ON_DELETE: Record<string, string> = { a: 'no action', c: 'cascade', n: 'set null', r: 'restrict', d: 'set default' };

async function pgModel(pool: pg.Pool, only: Set<string>): Promise<Model> {
  const q = async <T extends object>(sql: string): Promise<T[]> => (await pool.query<T>(sql)).rows;
  const m: Model = { columns: [], primaryKeys: [], foreignKeys: [], indexes: [], checks: {}, uniques: {}, triggers: [] };
  for (const c of await q<{ tbl: string; col: string; type: string; nn: boolean }>(`
    SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS nn
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`)) {
    if (only.has(c.tbl)) m.columns.push(`${c.tbl}.${c.col} ${c.type}${c.nn ? ' not null' : ''}`);
  }
  for (const k of await q<{ tbl: string; type: string; cols: string[]; parent: string; pcols: string[]; del: string }>(`
    SELECT conrelid::regclass::text AS tbl, contype AS type, confrelid::regclass::text AS parent, confdeltype AS del,
      array(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY o)::text[] AS cols,
      array(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = confrelid AND attnum = k.n ORDER BY o)::text[] AS pcols
    FROM pg_constraint WHERE connamespace = current_schema()::regnamespace`)) {
    if (!only.has(k.tbl)) continue;
    if (k.type === 'p') m.primaryKeys.push(`${k.tbl}(${k.cols.join(',')})`);
    if (k.type === 'f') m.foreignKeys.push(`${k.tbl}.${k.cols.join(',')} -> ${k.parent}.${k.pcols.join(',')} on delete ${ON_DELETE[k.del]}`);
    if (k.type === 'c') m.checks[k.tbl] = (m.checks[k.tbl] ?? 0) + 1;
    if (k.type === 'u') m.uniques[k.tbl] = (m.uniques[k.tbl] ?? 0) + 1;
  }
  for (const t of only) {
    m.checks[t] ??= 0;
    m.uniques[t] ??= 0;
  }
  for (const i of await q<{ name: string; tbl: string; cols: string[]; uniq: boolean; partial: boolean }>(`
    SELECT i.relname AS name, t.relname AS tbl, ix.indisunique AS uniq, ix.indpred IS NOT NULL AS partial,
      array(SELECT attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = ix.indrelid AND attnum = k.n ORDER BY o)::text[] AS cols
    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)`)) {
    if (only.has(i.tbl)) m.indexes.push(`${i.name} on ${i.tbl}(${i.cols.join(',')})${i.uniq ? ' unique' : ''}${i.partial ? ' partial' : ''}`);
  }
  m.triggers = (await q<{ name: string }>(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`)).map((r) => r.name);
  return sorted(m);
}

function sorted(m: Model): Model {
  return { ...m, columns: m.columns.sort(), primaryKeys: m.primaryKeys.sort(), foreignKeys: m.foreignKeys.sort(), indexes: m.indexes.sort(), triggers: m.triggers.sort() };
}

// Valid in both dialects: a fleet incident gains three children (one already resolved), one
// resolves, another is deleted, and the fleet incident resolves with the last of them.
const INCIDENT_STORY = [
  `INSERT INTO sites (id, urn, name, host, "user", created_at, updated_at) VALUES (1, 100001, 'A', 'h', 'u', 't', 't'), (2, 100002, 'B', 'h', 'u', 't', 't'), (3, 100003, 'C', 'h', 'u', 't', 't')`,
  `INSERT INTO incidents (id, kind, fleet_size, state, first_verdict, verdict, reason_code, title, opened_at, updated_at, notify_state) VALUES (10, 'fleet', 2, 'open', 'unreachable', 'unreachable', 'x', 'Fleet', 1000, 1000, 'sent')`,
  `INSERT INTO incidents (id, kind, site_id, state, first_verdict, verdict, reason_code, title, opened_at, updated_at, notify_state) VALUES (11, 'site', 1, 'open', 'unreachable', 'unreachable', 'x', 'A', 1100, 1100, 'grouped'), (12, 'site', 2, 'open', 'unreachable', 'unreachable', 'x', 'B', 1200, 1200, 'grouped')`,
  `INSERT INTO incidents (id, kind, site_id, state, first_verdict, verdict, reason_code, title, opened_at, updated_at, resolved_at, notify_state) VALUES (13, 'site', 3, 'resolved', 'unreachable', 'unreachable', 'x', 'C', 900, 1500, 1500, 'grouped')`,
  `UPDATE incidents SET parent_id = 10 WHERE id IN (11, 12, 13)`,
  `UPDATE incidents SET state = 'resolved', resolved_at = 5000, updated_at = 5000 WHERE id = 11`,
  `DELETE FROM incidents WHERE id = 12`,
];
const INCIDENTS = 'SELECT id, state, child_count, open_child_count, last_joined_at, resolved_at, updated_at, ttr_ms FROM incidents ORDER BY id';

describe.skipIf(reason !== null)('the PostgreSQL baseline translates the SQLite schema', () => {
  let cluster: PgCluster;
  let pool: pg.Pool;
  let sqlite: Database.Database;
  beforeAll(async () => {
    cluster = await startPg();
    pool = await openPostgres(cluster.url);
    sqlite = openDatabase(':memory:');
  });
  afterAll(async () => {
    sqlite?.close();
    await pool?.end();
    await cluster?.stop();
  });

  it('with the same tables, columns, keys, checks, indexes and triggers', async () => {
    const want = sqliteModel(sqlite);
    // Not a comparison of two empty lists.
    expect([want.columns.length, want.foreignKeys.length, want.indexes.length, want.triggers.length]).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), 5]);
    expect(Math.min(want.columns.length / 250, want.foreignKeys.length / 15, want.indexes.length / 25)).toBeGreaterThanOrEqual(1);
    const tables = new Set(want.columns.map((c) => c.slice(0, c.indexOf('.'))));
    const got = await pgModel(pool, tables);
    expect(got.columns).toEqual(want.columns);
    expect(got.primaryKeys).toEqual(want.primaryKeys);
    expect(got.foreignKeys).toEqual(want.foreignKeys);
    expect(got.checks).toEqual(want.checks);
    expect(got.uniques).toEqual(want.uniques);
    expect(got.indexes).toEqual(want.indexes);
    // TRUNCATE skips row triggers in PostgreSQL, so the audit log refuses it with one more.
    expect(got.triggers).toEqual([...want.triggers, 'audit_log_no_truncate'].sort());
  });

  it('with covering indexes only where the allow-list says why', async () => {
    expect(await pgCovering(pool)).toEqual(Object.keys(PG_ONLY_COVERING).sort());
  });

  it('whose incident triggers keep a fleet incident the same as SQLite does', async () => {
    for (const sql of INCIDENT_STORY) {
      sqlite.exec(sql);
      await pool.query(sql);
    }
    const want = sqlite.prepare(INCIDENTS).all();
    // The story ends with the fleet incident resolved by its triggers.
    expect(want[0]).toMatchObject({ id: 10, state: 'resolved', child_count: 2, open_child_count: 0, resolved_at: 5000 });
    expect((await pool.query(INCIDENTS)).rows).toEqual(want);
  });

  it('whose audit log is append-only', async () => {
    await pool.query(`INSERT INTO audit_log (id, at, actor, action, outcome) VALUES (1, 1, 'sam', 'old', 'ok')`);
    // An entry from before the chain may be sealed once ...
    await pool.query(`UPDATE audit_log SET prev_hash = '', hash = 'h1' WHERE id = 1`);
    // ... and never changed or removed after.
    for (const sql of [`UPDATE audit_log SET actor = 'eve' WHERE id = 1`, 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(pool.query(sql), sql).rejects.toThrow('the audit log is append-only');
    }
    expect((await pool.query('SELECT actor FROM audit_log')).rows).toEqual([{ actor: 'sam' }]);
  });
});

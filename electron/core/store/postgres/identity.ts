// Identity columns do not move when a row is inserted with an explicit id (rows copied from
// SQLite keep theirs), so the next generated id would collide. This moves every identity
// sequence of the schema past the largest id in its table.
import type pg from 'pg';

const IDENTITIES = `
SELECT c.relname AS tbl, a.attname AS col FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attidentity <> '' AND NOT a.attisdropped`;

/** Run after inserting rows with explicit ids; returns how many sequences it set. */
export async function syncIdentitySequences(db: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await db.query<{ tbl: string; col: string }>(IDENTITIES);
  for (const { tbl, col } of rows) {
    // Names come from the catalog, quoted as identifiers: nothing from outside reaches this SQL.
    const t = `"${tbl.replace(/"/g, '""')}"`;
    const c = `"${col.replace(/"/g, '""')}"`;
    await db.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${c}) FROM ${t}), 0) + 1, false)`, [t, col]);
  }
  return rows.length;
}

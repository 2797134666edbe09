// The PostgreSQL schema as sorted text lines, read from the catalog: what the snapshot test
// compares, so any change to tables, columns, constraints, indexes or triggers shows in review.
import type pg from 'pg';
import { oneRow } from './one-row.ts';

const COLUMNS = `
SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`;

// NOT NULL is on the column line; PostgreSQL 18 also lists it here as contype 'n'.
const CONSTRAINTS = `
SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype IN ('p', 'u', 'c', 'f', 'x')`;

const INDEXES = `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema()`;

const TRIGGERS = `
SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal`;

const FUNCTIONS = `SELECT proname AS name, prosrc AS src FROM pg_proc WHERE pronamespace = current_schema()::regnamespace`;

interface ColumnRow {
  tbl: string;
  col: string;
  type: string;
  not_null: boolean;
  def: string | null;
  identity: string;
  generated: string;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function columnLine(r: ColumnRow): string {
  const parts = [`column ${r.tbl}.${r.col} ${r.type}`];
  if (r.not_null) parts.push('not null');
  if (r.identity === 'd') parts.push('identity by default');
  if (r.identity === 'a') parts.push('identity always');
  if (r.generated === 's' && r.def !== null) parts.push(`generated (${r.def}) stored`);
  else if (r.def !== null) parts.push(`default ${r.def}`);
  return parts.join(' ');
}

/** Every table, column, constraint, index, trigger and function of the current schema, one per line, sorted. */
export async function pgSchemaSnapshot(db: pg.Pool | pg.PoolClient): Promise<string> {
  const schema = oneRow((await db.query<{ s: string }>('SELECT current_schema() AS s')).rows, 'the schema').s;
  const unqualified = (s: string): string => s.split(`${schema}.`).join('');
  const lines: string[] = [];
  for (const r of (await db.query<ColumnRow>(COLUMNS)).rows) lines.push(columnLine(r));
  for (const r of (await db.query<{ tbl: string; name: string; def: string }>(CONSTRAINTS)).rows) {
    lines.push(`constraint ${unqualified(r.tbl)}.${r.name} ${oneLine(r.def)}`);
  }
  for (const r of (await db.query<{ def: string }>(INDEXES)).rows) lines.push(`index ${unqualified(oneLine(r.def))}`);
  for (const r of (await db.query<{ def: string }>(TRIGGERS)).rows) lines.push(`trigger ${unqualified(oneLine(r.def))}`);
  for (const r of (await db.query<{ name: string; src: string }>(FUNCTIONS)).rows) lines.push(`function ${r.name}: ${oneLine(r.src)}`);
  // Byte order, not the server's collation, so the file is the same on every machine.
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${lines.join('\n')}\n`;
}

// Opens the console's SQLite database: WAL, foreign keys, migrations.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations as defaultMigrations, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const hashOf = (m: Migration) => crypto.createHash('sha256').update(m.sql).digest('hex');

export function openDatabase(file: string, migrations: readonly Migration[] = defaultMigrations): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Map(
    (db.prepare('SELECT version, name, hash FROM schema_migrations').all() as { version: number; name: string; hash: string }[]).map((r) => [r.version, r]),
  );
  const current = db.pragma('user_version', { simple: true }) as number;
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (current > known) {
    throw new MigrationError(`The database is at schema version ${current}, newer than this console knows (${known}). Update the console.`);
  }
  for (const m of migrations) {
    const done = applied.get(m.version);
    if (done) {
      if (done.hash !== hashOf(m)) throw new MigrationError(`Migration ${m.version} (${m.name}) was changed after it was applied; add a new migration instead.`);
      continue;
    }
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTables) assertForeignKeysHold(db, m);
        db.prepare('INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (?, ?, ?, ?)').run(m.version, m.name, hashOf(m), new Date().toISOString());
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}

/** With foreign keys off nothing else would notice a rebuild that orphaned rows: refuse to commit one. */
function assertForeignKeysHold(db: Db, m: Migration): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    const where = [...new Set(broken.map((b) => `${b.table} → ${b.parent}`))].join(', ');
    throw new MigrationError(`Migration ${m.version} (${m.name}) would leave ${broken.length} rows pointing at nothing (${where}); nothing was changed.`);
  }
}

/** The schema as SQL text, sorted: what the snapshot test compares. */
export function schemaSnapshot(db: Db): string {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { sql: string }[];
  return `${rows.map((r) => `${r.sql.replace(/\s+/g, ' ').trim()};`).join('\n')}\n`;
}

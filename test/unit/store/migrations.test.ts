import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MigrationError, openDatabase, schemaSnapshot } from '../../../electron/core/store/db.ts';
import { migrations } from '../../../electron/core/store/migrations/index.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const SNAPSHOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/schema.snapshot.sql');
const tempDir = useTempDir();

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring a new database to the latest version in WAL mode', () => {
    const db = openDatabase(path.join(tempDir(), 'c.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('are idempotent when the database opens again', () => {
    const file = path.join(tempDir(), 'c.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    db.close();
  });

  it('match the schema snapshot (regenerate with UPDATE_SNAPSHOTS=1 after adding a migration)', () => {
    const db = openDatabase(':memory:');
    const actual = schemaSnapshot(db);
    db.close();
    if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, actual);
    expect(actual).toBe(fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('roll back a migration that fails half way, leaving the version unchanged', () => {
    const db = new Database(':memory:');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('catch a migration edited after it was applied', () => {
    const db = new Database(':memory:');
    migrate(db, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(db, edited)).toThrow(MigrationError);
    db.close();
  });

  it('refuse a database from a newer console', () => {
    const db = new Database(':memory:');
    migrate(db, migrations);
    db.pragma(`user_version = ${migrations.length + 5}`);
    expect(() => migrate(db, migrations)).toThrow(/newer than this console knows/);
    db.close();
  });
});

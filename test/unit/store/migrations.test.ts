import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MigrationError, openDatabase, schemaSnapshot } from '../../../electron/core/store/sqlite/db.ts';
import { migrations } from '../../../electron/core/store/sqlite/migrations/index.ts';
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

  it('005 archives in place: a v4 database keeps every site, sample and incident, foreign keys hold, and no id is reused', () => {
    const file = path.join(tempDir(), 'v4.sqlite');
    const v4 = openDatabase(file, migrations.slice(0, 4));
    const site = v4.prepare("INSERT INTO sites (id, urn, name, host, user, created_at, updated_at) VALUES (?, ?, ?, '127.0.0.1', 'b2b', 't', 't')");
    site.run(1, 100001, 'Ash');
    site.run(2, 100002, 'Birch');
    site.run(7, 100007, 'Cedar');
    // Site 9 was deleted under v4; only the audit trail remembers it.
    v4.prepare("INSERT INTO audit_log (at, actor, action, site_id, target, outcome) VALUES (1, 'sam', 'logs', 9, 'Gone', 'ok')").run();
    const sample = v4.prepare("INSERT INTO history_samples (site_id, ts, verdict, raw_verdict, gap_cap_s) VALUES (?, ?, 'healthy', 'healthy', 600)");
    for (const id of [1, 2, 7]) for (const ts of [1000, 2000]) sample.run(id, ts);
    v4.prepare("INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since) VALUES (7, 2000, 'healthy', 'healthy', 1000)").run();
    v4.prepare("INSERT INTO incidents (kind, site_id, state, first_verdict, verdict, reason_code, title, opened_at, updated_at, notify_state) VALUES ('site', 7, 'open', 'failing', 'failing', 'x', 't', 1, 1, 'sent')").run();
    v4.close();

    const db = openDatabase(file);
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(db.prepare('SELECT id, name, archived_at FROM sites ORDER BY id').all()).toEqual([
      { id: 1, name: 'Ash', archived_at: null },
      { id: 2, name: 'Birch', archived_at: null },
      { id: 7, name: 'Cedar', archived_at: null },
    ]);
    expect([count('history_samples'), count('site_latest'), count('incidents')]).toEqual([6, 1, 1]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // Children still reference the rebuilt table, so removing history with a demo site still cascades.
    expect(() => db.prepare('DELETE FROM sites WHERE id = 7').run()).not.toThrow();
    expect(count('history_samples')).toBe(4);
    const next = db.prepare("INSERT INTO sites (urn, name, host, user, created_at, updated_at) VALUES (100010, 'New', 'h', 'u', 't', 't')").run();
    expect(Number(next.lastInsertRowid)).toBe(10);
    db.close();
  });

  it('010 lets a register site wait for its host: a v9 database keeps its sites, children and sequence', () => {
    const file = path.join(tempDir(), 'v9.sqlite');
    const v9 = openDatabase(file, migrations.slice(0, 9));
    const site = v9.prepare("INSERT INTO sites (id, urn, name, host, user, latitude, longitude, created_at, updated_at) VALUES (?, ?, ?, '127.0.0.1', 'b2b', ?, ?, 't', 't')");
    site.run(3, 100003, 'Ash', 52.5, -2);
    site.run(12, 100012, 'Birch', null, null);
    v9.prepare("INSERT INTO history_samples (site_id, ts, verdict, raw_verdict, gap_cap_s) VALUES (12, 1, 'healthy', 'healthy', 600)").run();
    v9.prepare('DELETE FROM sites WHERE id = 12').run(); // a removed demo site: its id must not come back
    v9.prepare("INSERT INTO sites (id, urn, name, host, user, created_at, updated_at) VALUES (5, 100005, 'Cedar', 'h', 'u', 't', 't')").run();
    v9.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT id, name, host, location_source, notes FROM sites ORDER BY id').all()).toEqual([
      { id: 3, name: 'Ash', host: '127.0.0.1', location_source: 'manual', notes: '' },
      { id: 5, name: 'Cedar', host: 'h', location_source: null, notes: '' },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const fromGias = db.prepare("INSERT INTO sites (urn, name, created_at, updated_at, location_source) VALUES (100020, 'No host yet', 't', 't', 'gias')").run();
    expect(Number(fromGias.lastInsertRowid)).toBe(13);
    expect(() => db.prepare("INSERT INTO sites (urn, name, host, created_at, updated_at) VALUES (100021, 'Half', 'h', 't', 't')").run()).toThrow(/CHECK/);
    db.close();
  });

  it('015 keeps one latest-state row per site: a v14 database keeps the poller\'s state and its history together', () => {
    const file = path.join(tempDir(), 'v14.sqlite');
    const v14 = openDatabase(file, migrations.slice(0, 14));
    const site = v14.prepare("INSERT INTO sites (id, urn, name, host, user, created_at, updated_at) VALUES (?, ?, ?, 'h', 'u', 't', 't')");
    site.run(1, 100001, 'Ash');
    site.run(2, 100002, 'Birch');
    const status = JSON.stringify({ agent: { version: '2.4.1' } });
    const state = v14.prepare(`INSERT INTO site_state (site_id, effective, candidate, candidate_n, raw, reasons, datasets, polled_at, changed_at, last_ok_at, latency_ms, failures, status_json)
      VALUES (?, 'failing', 'healthy', 1, 'healthy', '[]', '[{"dataset":"pupils"}]', ?, 500, 900, 40, 0, ?)`);
    state.run(1, 1000, status);
    state.run(2, 2000, 'not json'); // a site polled before history was kept, with a document nobody can read
    v14.prepare("INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, reasons, ls_pupils, first_ts) VALUES (1, 1000, 'failing', 'healthy', 500, '[]', 77, 100)").run();
    v14.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT site_id, ts, verdict, since, ls_pupils, first_ts, candidate, candidate_n, datasets, last_ok_at, failures, agent_version FROM site_latest ORDER BY site_id').all()).toEqual([
      { site_id: 1, ts: 1000, verdict: 'failing', since: 500, ls_pupils: 77, first_ts: 100, candidate: 'healthy', candidate_n: 1, datasets: '[{"dataset":"pupils"}]', last_ok_at: 900, failures: 0, agent_version: '2.4.1' },
      { site_id: 2, ts: 2000, verdict: 'failing', since: 500, ls_pupils: null, first_ts: 2000, candidate: 'healthy', candidate_n: 1, datasets: '[{"dataset":"pupils"}]', last_ok_at: 900, failures: 0, agent_version: null },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'site_state'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuse to commit a table rebuild that would leave rows pointing at nothing', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    db.prepare("INSERT INTO sites (urn, name, host, user, created_at, updated_at) VALUES (100001, 'Ash', 'h', 'u', 't', 't')").run();
    db.prepare("INSERT INTO history_samples (site_id, ts, verdict, raw_verdict, gap_cap_s) VALUES (1, 1, 'healthy', 'healthy', 600)").run();
    const orphaning = { version: migrations.length + 1, name: 'orphaning', rebuildsTables: true, sql: 'DELETE FROM sites;' };
    expect(() => migrate(db, [...migrations, orphaning])).toThrow(/pointing at nothing \(history_samples → sites\)/);
    expect(db.prepare('SELECT count(*) AS n FROM sites').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

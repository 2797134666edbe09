// The audit trail's hash chain over a real SQLite file: every way of tampering with the
// file is caught and the first bad entry named, by the repo and by the command line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../electron/core/audit/audit-trail.ts';
import { DATABASE_FILE } from '../../../electron/core/core.ts';
import { entryHash, GENESIS } from '../../../electron/core/store/audit-chain.ts';
import { AuditRepo, toEntry, type AuditRow } from '../../../electron/core/store/sqlite/audit-repo.ts';
import { openDatabase } from '../../../electron/core/store/sqlite/db.ts';
import { SqliteStore } from '../../../electron/core/store/sqlite/sqlite-store.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { parse } from 'csv-parse/sync';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const T0 = Date.UTC(2026, 11, 3, 9, 0);

describe('audit chain', () => {
  let dir: string;
  let store: SqliteStore | null;
  let trail: AuditTrail;
  const open = () => {
    store = new SqliteStore(path.join(dir, DATABASE_FILE), { clock: new ManualClock(T0) });
    trail = new AuditTrail(store.audit);
  };
  const close = async () => {
    await store?.close();
    store = null;
  };
  beforeEach(async () => {
    dir = tempDir();
    open();
    for (let i = 1; i <= 10; i++) await store?.audit.record({ at: T0 + i * 1000, actor: i % 2 ? 'Sam Patel' : 'Priya Shah', action: i % 3 ? 'action.restart' : 'site.update', siteId: i, target: `School ${i}`, detail: { n: i }, outcome: 'succeeded' });
    return close;
  });

  /** Edits the file as someone with the database would: triggers off, then the change. */
  async function tamper(sql: string): Promise<void> {
    await close();
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.exec('DROP TRIGGER audit_log_no_rewrite; DROP TRIGGER audit_log_no_delete;');
    raw.exec(sql);
    raw.close();
    open();
  }

  it('holds when nothing was changed, and the database refuses edits and deletes', async () => {
    expect(await trail.verify()).toMatchObject({ ok: true, count: 10, firstBad: null });
    const raw = new Database(path.join(dir, DATABASE_FILE));
    expect(() => raw.prepare("UPDATE audit_log SET actor = 'x' WHERE id = 3").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_log WHERE id = 3').run()).toThrow(/append-only/);
    raw.close();
  });

  it('names an edited entry', async () => {
    await tamper("UPDATE audit_log SET actor = 'Someone Else' WHERE id = 4");
    expect((await trail.verify()).firstBad).toEqual({ id: 4, position: 4, problem: expect.stringMatching(/edited/) as unknown });
  });

  it('names the entry after a deleted one', async () => {
    await tamper('DELETE FROM audit_log WHERE id = 6');
    expect((await trail.verify()).firstBad).toMatchObject({ id: 7, problem: 'entries 6–6 before it are missing: deleted' });
  });

  it('names an inserted entry, even one given a plausible hash', async () => {
    await tamper("INSERT INTO audit_log (id, at, actor, action, site_id, target, detail, outcome, prev_hash, hash) SELECT 11, at, actor, action, site_id, target, detail, outcome, prev_hash, hash FROM audit_log WHERE id = 5");
    expect((await trail.verify()).firstBad).toMatchObject({ id: 11 });
  });

  it('names the first of two swapped entries', async () => {
    await tamper(`UPDATE audit_log SET id = -3 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 8; UPDATE audit_log SET id = 8 WHERE id = -3;`);
    expect((await trail.verify()).firstBad).toMatchObject({ id: 3 });
  });

  it('seals entries written before the chain existed, once, and chains new ones after them', async () => {
    await tamper("INSERT INTO audit_log (id, at, actor, action, site_id, target, detail, outcome) VALUES (11, 1, 'old', 'settings.update', NULL, NULL, '{}', 'ok')");
    // Re-opening sealed it (as an upgrade from before the chain would).
    expect(await trail.verify()).toMatchObject({ ok: true, count: 11 });
  });

  it('exports CSV and JSON lines ending with a checkpoint the command line can hold the log to', async () => {
    const csv = await trail.export('csv', { actor: 'Sam Patel' });
    const rows = parse(csv.text, { relax_column_count: true });
    expect(rows[0]).toEqual(['id', 'at', 'actor', 'action', 'site_id', 'target', 'outcome', 'detail', 'prev_hash', 'hash']);
    expect(rows.slice(1, -1).map((r) => r[2])).toEqual(Array(5).fill('Sam Patel'));
    const last = rows.at(-1);
    expect(last?.[0]).toBe('checkpoint');
    const jsonl = (await trail.export('jsonl', {})).text.trim().split('\n');
    expect(jsonl).toHaveLength(11);
    const { checkpoint } = JSON.parse(jsonl.at(-1) ?? '') as { checkpoint: { count: number; hash: string } };
    expect(checkpoint).toEqual({ count: 10, hash: last?.[2] });

    const cli = (args: string[]) => spawnSync(process.execPath, ['electron/server/audit-verify.ts', '--data', dir, ...args], { encoding: 'utf8' });
    await close();
    const good = cli(['--checkpoint', `${checkpoint.count}:${checkpoint.hash}`]);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/checkpoint 10:[0-9a-f]{64} holds/);
    // The log grows afterwards: the checkpoint still holds.
    const db = openDatabase(path.join(dir, DATABASE_FILE));
    new AuditRepo(db).record({ at: T0 + 99_000, actor: 'Sam Patel', action: 'settings.update', siteId: null, target: null, detail: {}, outcome: 'ok' });
    db.close();
    expect(cli(['--checkpoint', `${checkpoint.count}:${checkpoint.hash}`]).status).toBe(0);
    // Rewriting an entry is named...
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.exec("DROP TRIGGER audit_log_no_rewrite; UPDATE audit_log SET actor = 'Someone Else' WHERE id = 2");
    const bad = cli([]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/FIRST BAD ENTRY: #2 \(position 2\): its content does not match its hash/);
    // ...and one who recomputes every hash after it gets a chain that holds by itself, but
    // not the checkpoint kept elsewhere.
    let prev = GENESIS;
    for (const r of raw.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').all()) {
      const hash = entryHash({ ...toEntry(r), prevHash: prev }, r.detail);
      raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
      prev = hash;
    }
    raw.close();
    expect(cli([]).status).toBe(0);
    const rewritten = cli(['--checkpoint', `${checkpoint.count}:${checkpoint.hash}`]);
    expect(rewritten.status).toBe(1);
    expect(rewritten.stderr).toMatch(/CHECKPOINT 10:[0-9a-f]{64} DOES NOT HOLD/);
    expect(cli(['--checkpoint', 'nonsense']).status).toBe(2);
  });
});

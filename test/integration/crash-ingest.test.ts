// A kill -9 during ingest must leave a consistent database with every committed round intact.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/store/sqlite/db.ts';
import { SitesRepo } from '../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock } from '../../shared/clock.ts';
import { SiteInputSchema } from '../../shared/site.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { STEP, T0 } from './crash-ingest-child.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-ingest-child.ts');
const SITES = 150;
const tempDir = useTempDir('b2b-crash-');

/** Runs the child until it has reported `rounds` more commits plus a moment, then SIGKILLs it mid-stride. */
function ingestThenKill(file: string, rounds: number, extraMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: number[] = [];
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      committed.push(Number(line));
      if (committed.length === rounds && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(committed);
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

interface Check {
  rounds: number[];
  perRound: number[];
}

function inspect(file: string): Check {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const byTs = db.prepare('SELECT ts, count(*) AS n FROM history_samples GROUP BY ts ORDER BY ts').all() as { ts: number; n: number }[];

    // Rollups agree with the samples: all time between a site's first and last sample is
    // counted once (no gap here exceeds the cap), in hours and in days, and so are the returns.
    const span = db.prepare('SELECT site_id, (max(ts) - min(ts)) / 1000 AS seconds, sum(r_attendance) AS returns FROM history_samples GROUP BY site_id ORDER BY site_id').all();
    const total = (table: string) =>
      db
        .prepare(`SELECT site_id, sum(s_healthy + s_lagging + s_failing + s_unreachable + s_auth_failed + s_hostkey_changed + s_protocol_error + s_unknown + s_maintenance) AS seconds, sum(r_attendance) AS returns FROM ${table} GROUP BY site_id ORDER BY site_id`)
        .all();
    expect(total('history_hourly')).toEqual(span);
    expect(total('history_daily')).toEqual(span);
    // Each row's running totals continue from the row before it.
    for (const [table, key] of [['history_hourly', 'hour'], ['history_daily', 'day']]) {
      const broken = db
        .prepare(`SELECT count(*) AS n FROM (SELECT c_up + c_down + c_excluded - (s_healthy + s_lagging + s_failing + s_unreachable + s_auth_failed + s_hostkey_changed + s_protocol_error + s_unknown + s_maintenance)
          - coalesce(lag(c_up + c_down + c_excluded) OVER (PARTITION BY site_id ORDER BY ${key}), 0) AS gap,
          c_attendance - r_attendance - coalesce(lag(c_attendance) OVER (PARTITION BY site_id ORDER BY ${key}), 0) AS rgap FROM ${table}) WHERE gap != 0 OR rgap != 0`)
        .get() as { n: number };
      expect(broken.n, table).toBe(0);
    }
    const latest = db.prepare('SELECT count(*) AS n FROM site_latest l WHERE l.ts != (SELECT max(ts) FROM history_samples s WHERE s.site_id = l.site_id)').get() as { n: number };
    expect(latest.n).toBe(0);
    return { rounds: byTs.map((r) => (r.ts - T0) / STEP), perRound: byTs.map((r) => r.n) };
  } finally {
    db.close();
  }
}

describe('crash safety of ingest', () => {
  it('keeps every committed round and no partial one across repeated kill -9', async () => {
    const file = path.join(tempDir(), 'console.sqlite');
    const setup = openDatabase(file);
    new SitesRepo(setup, new ManualClock(T0)).createMany(
      Array.from({ length: SITES }, (_, i) => SiteInputSchema.parse({ urn: 200000 + i, name: `School ${i}`, host: '127.0.0.1', user: 'b2b' })),
    );
    setup.close();

    const reported: number[] = [];
    for (const [rounds, extraMs] of [[5, 0], [8, 7], [12, 23], [3, 41]] as const) {
      reported.push(...(await ingestThenKill(file, rounds, extraMs)));
      const { rounds: present, perRound } = inspect(file);
      // No partial round: every round on disk has all its sites.
      expect(perRound.every((n) => n === SITES), `rounds with missing samples: ${perRound.join(',')}`).toBe(true);
      // Every reported commit is there; at most one more (committed, killed before it could say so).
      expect(present.slice(0, reported.length)).toEqual(reported);
      expect(present.length - reported.length).toBeLessThanOrEqual(1);
      expect(present).toEqual(present.map((_, i) => i + 1));
      reported.splice(0, reported.length, ...present);
    }
    expect(reported.length).toBeGreaterThanOrEqual(28);
  }, 60_000);
});

// The retention job on PostgreSQL, as SQLite's: raw samples for a short window, hourly rollups
// for a season, daily ones for years; short transactions, yielding between them.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Bucket, HistoryOptions, PruneReport } from '../history-types.ts';
import { PRUNE_SAMPLES_SQL, pruneRollupSql } from './history-sql.ts';
import type { PgDb } from './pg-db.ts';

export class PgRetention {
  readonly #db: PgDb;
  readonly #options: HistoryOptions;

  constructor(db: PgDb, options: HistoryOptions) {
    this.#db = db;
    this.#options = options;
  }

  async prune(now: number): Promise<PruneReport> {
    const report: PruneReport = { samples: 0, hourly: 0, daily: 0, batches: 0, longestBatchMs: 0 };
    const batch = this.#options.pruneBatchRows;
    const cutoffMs = now - this.#options.rawRetentionMs;
    for (;;) {
      const deleted = await this.#timed(report, () => this.#db.run(PRUNE_SAMPLES_SQL, [cutoffMs, batch], 'history.pruneSamples'));
      report.samples += deleted;
      if (deleted < batch) break;
      await nextTurn();
    }
    report.hourly = await this.#pruneRollups('hour', Math.floor((now - this.#options.hourlyRetentionMs) / 1000), report);
    report.daily = await this.#pruneRollups('day', Math.floor((now - this.#options.dailyRetentionMs) / 1000), report);
    return report;
  }

  /** Rollups are keyed by site first: old rows are one range per site, not a scan of the table. */
  async #pruneRollups(bucket: Bucket, cutoffS: number, report: PruneReport): Promise<number> {
    const ids = (await this.#db.query<{ id: number }>('SELECT id FROM sites ORDER BY id', [], 'history.pruneSites')).map((r) => r.id);
    let total = 0;
    let next = 0;
    while (next < ids.length) {
      total += await this.#timed(report, async () => {
        let n = 0;
        while (next < ids.length && n < this.#options.pruneBatchRows) n += await this.#db.run(pruneRollupSql(bucket), [ids[next++] ?? 0, cutoffS], `history.prune.${bucket}`);
        return n;
      });
      if (next < ids.length) await nextTurn();
    }
    return total;
  }

  /** One batch in its own transaction, timed: the longest is how long it could hold a site's rows. */
  async #timed(report: PruneReport, batch: () => Promise<number>): Promise<number> {
    const started = performance.now();
    const deleted = await this.#db.transaction(batch);
    report.batches += 1;
    report.longestBatchMs = Math.max(report.longestBatchMs, performance.now() - started);
    return deleted;
  }
}

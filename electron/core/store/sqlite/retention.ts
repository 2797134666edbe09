// The retention job: raw samples for a short window, hourly rollups for a season, daily
// rollups for years. It deletes in small transactions and yields to the event loop between
// them, so a poll round waiting to commit is never held up for long.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from './db.ts';
import { PRUNE_SAMPLES_SQL, pruneRollupSql } from './history-sql.ts';
import type { Bucket, HistoryOptions, PruneReport } from '../history-types.ts';

export class Retention {
  private readonly db: Db;
  private readonly options: HistoryOptions;
  private readonly stmts;

  constructor(db: Db, options: HistoryOptions) {
    this.db = db;
    this.options = options;
    this.stmts = {
      samples: db.prepare<[number, number]>(PRUNE_SAMPLES_SQL),
      hour: db.prepare<[number, number]>(pruneRollupSql('hour')),
      day: db.prepare<[number, number]>(pruneRollupSql('day')),
      siteIds: db.prepare<[], { id: number }>('SELECT id FROM sites ORDER BY id'),
    };
  }

  async prune(now: number): Promise<PruneReport> {
    const report: PruneReport = { samples: 0, hourly: 0, daily: 0, batches: 0, longestBatchMs: 0 };
    const batch = this.options.pruneBatchRows;
    const cutoffMs = now - this.options.rawRetentionMs;
    for (;;) {
      const deleted = this.timed(report, () => this.stmts.samples.run(cutoffMs, batch).changes);
      report.samples += deleted;
      if (deleted < batch) break;
      await nextTurn();
    }
    report.hourly = await this.pruneRollups('hour', Math.floor((now - this.options.hourlyRetentionMs) / 1000), report);
    report.daily = await this.pruneRollups('day', Math.floor((now - this.options.dailyRetentionMs) / 1000), report);
    return report;
  }

  /**
   * Rollups are keyed by site first, so old rows are found by one range per site rather than a
   * scan or an extra index on time. Sites are taken in order until a batch's worth is deleted.
   */
  private async pruneRollups(bucket: Bucket, cutoffS: number, report: PruneReport): Promise<number> {
    const ids = this.stmts.siteIds.all().map((r) => r.id);
    const stmt = this.stmts[bucket];
    let total = 0;
    let next = 0;
    while (next < ids.length) {
      total += this.timed(report, () => {
        let n = 0;
        while (next < ids.length && n < this.options.pruneBatchRows) n += stmt.run(ids[next++] ?? 0, cutoffS).changes;
        return n;
      });
      if (next < ids.length) await nextTurn();
    }
    return total;
  }

  /** One batch in its own transaction, timed: the longest is how long a poll round could wait. */
  private timed(report: PruneReport, batch: () => number): number {
    const started = performance.now();
    const deleted = this.db.transaction(batch)();
    report.batches += 1;
    report.longestBatchMs = Math.max(report.longestBatchMs, performance.now() - started);
    return deleted;
  }
}

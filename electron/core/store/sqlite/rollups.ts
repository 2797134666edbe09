// Keeps one rollup table (hourly or daily) up to date as samples arrive.
import type { Db } from './db.ts';
import type { Piece } from '../history-buckets.ts';
import { CUM_COLUMNS } from '../history-columns.ts';
import { rollupShares } from '../history-rows.ts';
import { addToRollupSql, insertRollupSql, lastRollupSql } from './history-sql.ts';
import type { Bucket, DatasetCounts } from '../history-types.ts';

type LastRow = { bucket: number } & Record<string, number>;

export class RollupWriter {
  private readonly bucket: Bucket;
  private readonly last;
  private readonly addTo;
  private readonly insert;

  constructor(db: Db, bucket: Bucket) {
    this.bucket = bucket;
    this.last = db.prepare<[number], LastRow>(lastRollupSql(bucket));
    this.addTo = db.prepare(addToRollupSql(bucket));
    this.insert = db.prepare(insertRollupSql(bucket));
  }

  /**
   * Adds one sample's shares to a site's rollups (see rollupShares).
   * Buckets before keepFromS are not written: retention would delete them next.
   */
  add(siteId: number, pieces: readonly Piece[], endS: number, returns: Partial<DatasetCounts>, keepFromS: number): void {
    for (const share of rollupShares(this.bucket, pieces, endS, returns)) {
      if (share.bucket < keepFromS) continue;
      // Nearly every sample lands in a bucket that already has a row: one UPDATE, no read.
      if (this.addTo.run(...share.seconds, ...share.returns, ...share.deltas, siteId, share.bucket).changes > 0) continue;
      const last = this.last.get(siteId);
      // Running totals only ever extend forwards; a bucket behind the newest row is already counted.
      if (last && last.bucket > share.bucket) continue;
      const totals = CUM_COLUMNS.map((c, i) => (last?.[c] ?? 0) + (share.deltas[i] ?? 0));
      this.insert.run(siteId, share.bucket, ...share.seconds, ...share.returns, ...totals);
    }
  }
}

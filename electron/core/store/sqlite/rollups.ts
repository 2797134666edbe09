// Keeps one rollup table (hourly or daily) up to date as samples arrive.
import { VERDICTS } from '../../../../shared/health/verdict.ts';
import { DATASETS } from '../../../../shared/protocol/v1.ts';
import type { Db } from './db.ts';
import { bucketBounds, splitIntoBuckets, type Piece } from '../history-buckets.ts';
import { CLASSES, CUM_COLUMNS, addToRollupSql, classOf, insertRollupSql, lastRollupSql } from './history-sql.ts';
import type { Bucket, DatasetCounts } from '../history-types.ts';

type LastRow = { bucket: number } & Record<string, number>;

/** One bucket's share of a sample, as columns: verdict seconds, returns, running-total deltas. */
interface Share {
  bucket: number;
  seconds: number[];
  returns: number[];
  deltas: number[];
}

const CLASS_INDEX = new Map(CLASSES.map((c, i) => [c, i]));
const VERDICT_CLASS = VERDICTS.map((v) => CLASS_INDEX.get(classOf(v)) ?? 0);

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
   * Adds one sample's share to a site's rollups: its pieces of time, and its returns in the
   * bucket of its last second (the returns arrived during the interval it closes).
   * Buckets before keepFromS are not written: retention would delete them next.
   */
  add(siteId: number, pieces: readonly Piece[], endS: number, returns: Partial<DatasetCounts>, keepFromS: number): void {
    const shares = this.sharesOf(pieces, endS, returns);
    for (const share of shares) {
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

  private sharesOf(pieces: readonly Piece[], endS: number, returns: Partial<DatasetCounts>): Share[] {
    const shares: Share[] = splitIntoBuckets(this.bucket, pieces).map((b) => {
      const seconds = VERDICTS.map((v) => b.seconds[v] ?? 0);
      const deltas = CUM_COLUMNS.map(() => 0);
      seconds.forEach((s, i) => {
        const c = VERDICT_CLASS[i] ?? 0;
        deltas[c] = (deltas[c] ?? 0) + s;
      });
      return { bucket: b.bucket, seconds, returns: DATASETS.map(() => 0), deltas };
    });
    const counts = DATASETS.map((d) => returns[d] ?? 0);
    if (counts.some((n) => n > 0)) {
      const at = bucketBounds(this.bucket, endS - 1).start;
      let share = shares.find((s) => s.bucket === at);
      if (!share) {
        share = { bucket: at, seconds: VERDICTS.map(() => 0), returns: DATASETS.map(() => 0), deltas: CUM_COLUMNS.map(() => 0) };
        shares.push(share);
        shares.sort((x, y) => x.bucket - y.bucket);
      }
      share.returns = counts;
      counts.forEach((n, i) => (share.deltas[CLASSES.length + i] = n));
    }
    return shares;
  }
}

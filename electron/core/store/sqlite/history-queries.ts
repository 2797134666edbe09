// Reads for reports and charts: uptime and returns per site, group and fleet, and chart series.
// Everything here reads rollups; raw samples are only for the timeline's recent window.
import type { Clock } from '../../../../shared/clock.ts';
import type { Db } from './db.ts';
import { fleetBucketsSql, rangeTotalsSql, siteBucketsSql, siteSeriesSql } from './history-sql.ts';
import { bucketRange, needsGroups, planSources, seriesPoints, uptimeParts, uptimeReport, uptimeSiteIds, type NumberRow, type SiteGroups, type Source } from '../history-report.ts';
import type { Bucket, HistoryOptions, SeriesPoint, SeriesQuery, UptimeQuery, UptimeReport } from '../history-types.ts';

type Row = NumberRow;
interface TotalsParams {
  a: number;
  b: number;
  ids: string | null;
}

export class HistoryQueries {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly options: HistoryOptions;
  private readonly stmts;

  constructor(db: Db, clock: Clock, options: HistoryOptions) {
    this.db = db;
    this.clock = clock;
    this.options = options;
    this.stmts = {
      totals: { hour: db.prepare<[TotalsParams], Row>(rangeTotalsSql('hour')), day: db.prepare<[TotalsParams], Row>(rangeTotalsSql('day')) },
      buckets: { hour: db.prepare<[Row], Row>(siteBucketsSql('hour')), day: db.prepare<[Row], Row>(siteBucketsSql('day')) },
      site: { hour: db.prepare<[Row], Row>(siteSeriesSql('hour')), day: db.prepare<[Row], Row>(siteSeriesSql('day')) },
      fleet: { hour: db.prepare<[Row], Row>(fleetBucketsSql('hour')), day: db.prepare<[Row], Row>(fleetBucketsSql('day')) },
      groups: db.prepare<[], SiteGroups>('SELECT id, area, phase, type_group FROM sites'),
    };
  }

  /** Which rollups answer a range (see planSources). */
  plan(fromMs: number, toMs: number): Source[] {
    return planSources(fromMs, toMs, this.clock.now(), this.options);
  }

  uptime(q: UptimeQuery): UptimeReport {
    const sources = this.plan(q.from, q.to);
    const groupRows = needsGroups(q) ? this.stmts.groups.all() : [];
    const ids = uptimeSiteIds(q, groupRows);
    const params = (src: Source): TotalsParams => ({ a: src.from / 1000, b: src.to / 1000, ids: ids ? JSON.stringify(ids) : null });
    // One read transaction, so the parts of a mixed range see the same rounds.
    const rows = this.db.transaction(() => uptimeParts(sources).flatMap((src) => this.stmts.totals[src.bucket].all(params(src))))();
    return uptimeReport(q, sources, rows, groupRows);
  }

  /** Chart points for one site or the fleet, one per bucket in range, empty buckets included. */
  series(q: SeriesQuery): SeriesPoint[] {
    const { a, b } = bucketRange(q.bucket, q.from, q.to);
    if (b <= a) return [];
    const params = { from: a, to: b };
    const rows = q.siteId === null ? this.stmts.fleet[q.bucket].all(params) : this.stmts.site[q.bucket].all({ ...params, siteId: q.siteId });
    return seriesPoints(q.bucket, a, b, rows);
  }

  /**
   * One site's rollup rows over exactly the buckets the uptime report would read for this
   * range (same plan), so figures drawn from them equal the report's.
   */
  reportedBuckets(siteId: number, fromMs: number, toMs: number): Row[] {
    return this.db.transaction(() => this.plan(fromMs, toMs).flatMap((src) => this.siteBuckets(siteId, src.bucket, src.from, src.to)))();
  }

  /** One site's rollup rows in range (seconds per verdict column), for the timeline. */
  siteBuckets(siteId: number, bucket: Bucket, fromMs: number, toMs: number): Row[] {
    const { a, b } = bucketRange(bucket, fromMs, toMs);
    return b <= a ? [] : this.stmts.buckets[bucket].all({ siteId, from: a, to: b });
  }
}

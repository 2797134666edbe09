// Reads for reports and charts: uptime and returns per site, group and fleet, and chart series.
// Everything here reads rollups; raw samples are only for the timeline's recent window.
import type { Clock } from '../../../../shared/clock.ts';
import { DATASETS } from '../../../../shared/protocol/v1.ts';
import { uptimeRatio } from '../../../../shared/uptime.ts';
import type { Db } from './db.ts';
import { bucketStarts, ceilToBucket, dayBounds } from '../history-buckets.ts';
import { fleetBucketsSql, rangeTotalsSql, returnColumn, siteBucketsSql, siteSeriesSql } from './history-sql.ts';
import type { Bucket, DatasetCounts, GroupColumn, GroupUptime, HistoryOptions, SeriesPoint, SeriesQuery, SiteUptime, UptimeQuery, UptimeReport, UptimeTotals } from '../history-types.ts';

type Row = Record<string, number>;
type Source = UptimeReport['sources'][number];
interface TotalsParams {
  a: number;
  b: number;
  ids: string | null;
}
interface SiteGroups {
  id: number;
  area: string | null;
  phase: string | null;
  type_group: string | null;
}

const zeroReturns = (): DatasetCounts => ({ pupils: 0, attendance: 0, exclusions: 0, assessment: 0 });

/** A bucket counts when its start lies in [from, to): both ends in epoch seconds, rounded up to the bucket. */
export function bucketRange(bucket: Bucket, fromMs: number, toMs: number): { a: number; b: number } {
  return { a: ceilToBucket(bucket, Math.ceil(fromMs / 1000)), b: ceilToBucket(bucket, Math.ceil(toMs / 1000)) };
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

  /**
   * Which rollups answer a range. Running totals make any range cost two rows per site, so
   * hourly rollups (exact to the hour) answer wherever they are still kept; only the part
   * older than hourly retention comes from daily rollups, its first day counted whole.
   */
  plan(fromMs: number, toMs: number): Source[] {
    const { a, b } = bucketRange('hour', fromMs, toMs);
    if (b <= a) return [];
    const boundary = ceilToBucket('day', Math.floor((this.clock.now() - this.options.hourlyRetentionMs) / 1000));
    if (a >= boundary) return [{ bucket: 'hour', from: a * 1000, to: b * 1000 }];
    const dayFrom = dayBounds(a).start;
    const dayTo = b > boundary ? boundary : ceilToBucket('day', b);
    const sources: Source[] = [{ bucket: 'day', from: dayFrom * 1000, to: dayTo * 1000 }];
    if (b > boundary) sources.push({ bucket: 'hour', from: boundary * 1000, to: b * 1000 });
    return sources;
  }

  uptime(q: UptimeQuery): UptimeReport {
    const sources = this.plan(q.from, q.to);
    const needGroups = q.group !== undefined || q.groupBy !== undefined;
    const groupRows = needGroups ? this.stmts.groups.all() : [];
    let ids = q.siteIds ? [...q.siteIds] : null;
    if (q.group) {
      const { by, value } = q.group;
      const inGroup = new Set(groupRows.filter((s) => s[by] === value).map((s) => s.id));
      ids = (ids ?? [...inGroup]).filter((id) => inGroup.has(id));
    }

    // An empty range still lists every site, with nothing counted.
    const parts: Source[] = sources.length > 0 ? sources : [{ bucket: 'hour', from: 0, to: 0 }];
    const perSite = new Map<number, SiteUptime>();
    const run = (): void => {
      for (const src of parts) {
        const rows = this.stmts.totals[src.bucket].all({ a: src.from / 1000, b: src.to / 1000, ids: ids ? JSON.stringify(ids) : null });
        for (const r of rows) {
          const siteId = q.foldInto?.get(r.siteId ?? 0) ?? r.siteId ?? 0;
          const acc = perSite.get(siteId) ?? { siteId, ...emptyTotals() };
          addInto(acc, { secondsUp: r.c_up ?? 0, secondsDown: r.c_down ?? 0, secondsExcluded: r.c_excluded ?? 0, returns: returnsOf(r, 'c_') });
          perSite.set(siteId, acc);
        }
      }
    };
    // One read transaction, so the parts of a mixed range see the same rounds.
    this.db.transaction(run)();

    const sites = [...perSite.values()].sort((x, y) => x.siteId - y.siteId);
    for (const s of sites) s.uptime = uptimeRatio(s.secondsUp, s.secondsDown);

    const fleet = { ...emptyTotals(), sites: sites.length };
    for (const s of sites) addInto(fleet, s);
    fleet.uptime = uptimeRatio(fleet.secondsUp, fleet.secondsDown);

    return {
      from: sources[0]?.from ?? q.from,
      to: sources[sources.length - 1]?.to ?? q.from,
      sources,
      sites,
      groups: q.groupBy ? totalsByGroup(sites, groupRows, q.groupBy) : [],
      fleet,
    };
  }

  /** Chart points for one site or the fleet, one per bucket in range, empty buckets included. */
  series(q: SeriesQuery): SeriesPoint[] {
    const { a, b } = bucketRange(q.bucket, q.from, q.to);
    if (b <= a) return [];
    const params = { from: a, to: b };
    const rows = q.siteId === null ? this.stmts.fleet[q.bucket].all(params) : this.stmts.site[q.bucket].all({ ...params, siteId: q.siteId });
    const byT = new Map(rows.map((r) => [r.t ?? 0, r]));
    return bucketStarts(q.bucket, a, b).map((t) => {
      const r = byT.get(t);
      return { t: t * 1000, up: r?.up ?? 0, down: r?.down ?? 0, excluded: r?.excluded ?? 0, returns: r ? returnsOf(r, 'r_') : zeroReturns() };
    });
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

const returnsOf = (r: Row, prefix: 'c_' | 'r_'): DatasetCounts => {
  const out = zeroReturns();
  for (const d of DATASETS) out[d] = r[prefix === 'r_' ? returnColumn(d) : `c_${d}`] ?? 0;
  return out;
};

const emptyTotals = (): UptimeTotals => ({ secondsUp: 0, secondsDown: 0, secondsExcluded: 0, uptime: null, returns: zeroReturns() });

function addInto(acc: UptimeTotals, add: Omit<UptimeTotals, 'uptime'>): void {
  acc.secondsUp += add.secondsUp;
  acc.secondsDown += add.secondsDown;
  acc.secondsExcluded += add.secondsExcluded;
  for (const d of DATASETS) acc.returns[d] += add.returns[d];
}

function totalsByGroup(sites: readonly SiteUptime[], groupRows: readonly SiteGroups[], by: GroupColumn): GroupUptime[] {
  const groupOf = new Map(groupRows.map((s) => [s.id, s[by]]));
  const groups = new Map<string | null, GroupUptime>();
  for (const s of sites) {
    const group = groupOf.get(s.siteId) ?? null;
    const acc = groups.get(group) ?? { group, sites: 0, ...emptyTotals() };
    acc.sites += 1;
    addInto(acc, s);
    groups.set(group, acc);
  }
  const out = [...groups.values()];
  for (const g of out) g.uptime = uptimeRatio(g.secondsUp, g.secondsDown);
  // Named groups in order, the unassigned ones last.
  return out.sort((x, y) => (x.group === null ? 1 : y.group === null ? -1 : x.group.localeCompare(y.group)));
}

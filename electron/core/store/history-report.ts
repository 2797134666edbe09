// What both backends do around their report queries: which rollups answer a range, and how
// the rows they read become the uptime report, chart series and timeline. Pure.
import { DATASETS } from '../../../shared/protocol/v1.ts';
import { uptimeRatio } from '../../../shared/uptime.ts';
import { bucketStarts, ceilToBucket, dayBounds } from './history-buckets.ts';
import { returnColumn } from './history-columns.ts';
import type { Bucket, DatasetCounts, GroupColumn, GroupUptime, HistoryOptions, SeriesPoint, SiteUptime, UptimeQuery, UptimeReport, UptimeTotals } from './history-types.ts';

export type Source = UptimeReport['sources'][number];
export type NumberRow = Record<string, number>;

export interface SiteGroups {
  id: number;
  area: string | null;
  phase: string | null;
  type_group: string | null;
}

const DAY_MS = 86_400_000;

const zeroReturns = (): DatasetCounts => ({ pupils: 0, attendance: 0, exclusions: 0, assessment: 0 });

/** A bucket counts when its start lies in [from, to): both ends in epoch seconds, rounded up to the bucket. */
export function bucketRange(bucket: Bucket, fromMs: number, toMs: number): { a: number; b: number } {
  return { a: ceilToBucket(bucket, Math.ceil(fromMs / 1000)), b: ceilToBucket(bucket, Math.ceil(toMs / 1000)) };
}

/**
 * Which rollups answer a range. Running totals make any range cost two rows per site, so
 * hourly rollups (exact to the hour) answer wherever they are still kept; only the part
 * older than hourly retention comes from daily rollups, its first day counted whole.
 */
export function planSources(fromMs: number, toMs: number, nowMs: number, options: HistoryOptions): Source[] {
  const { a, b } = bucketRange('hour', fromMs, toMs);
  if (b <= a) return [];
  const boundary = ceilToBucket('day', Math.floor((nowMs - options.hourlyRetentionMs) / 1000));
  if (a >= boundary) return [{ bucket: 'hour', from: a * 1000, to: b * 1000 }];
  const dayFrom = dayBounds(a).start;
  const dayTo = b > boundary ? boundary : ceilToBucket('day', b);
  const sources: Source[] = [{ bucket: 'day', from: dayFrom * 1000, to: dayTo * 1000 }];
  if (b > boundary) sources.push({ bucket: 'hour', from: boundary * 1000, to: b * 1000 });
  return sources;
}

/** The parts an uptime query reads: an empty range still lists every site, with nothing counted. */
export const uptimeParts = (sources: readonly Source[]): Source[] => (sources.length > 0 ? [...sources] : [{ bucket: 'hour', from: 0, to: 0 }]);

/** The sites an uptime query is limited to, or null for all. */
export function uptimeSiteIds(q: UptimeQuery, groupRows: readonly SiteGroups[]): number[] | null {
  let ids = q.siteIds ? [...q.siteIds] : null;
  if (q.group) {
    const { by, value } = q.group;
    const inGroup = new Set(groupRows.filter((s) => s[by] === value).map((s) => s.id));
    ids = (ids ?? [...inGroup]).filter((id) => inGroup.has(id));
  }
  return ids;
}

export const needsGroups = (q: UptimeQuery): boolean => q.group !== undefined || q.groupBy !== undefined;

/** The report from the totals rows of every part (siteId and the c_ columns), in the order read. */
export function uptimeReport(q: UptimeQuery, sources: readonly Source[], rows: readonly NumberRow[], groupRows: readonly SiteGroups[]): UptimeReport {
  const perSite = new Map<number, SiteUptime>();
  for (const r of rows) {
    const siteId = q.foldInto?.get(r.siteId ?? 0) ?? r.siteId ?? 0;
    const acc = perSite.get(siteId) ?? { siteId, ...emptyTotals() };
    addInto(acc, { secondsUp: r.c_up ?? 0, secondsDown: r.c_down ?? 0, secondsExcluded: r.c_excluded ?? 0, returns: returnsOf(r, 'c_') });
    perSite.set(siteId, acc);
  }
  const sites = [...perSite.values()].sort((x, y) => x.siteId - y.siteId);
  for (const s of sites) s.uptime = uptimeRatio(s.secondsUp, s.secondsDown);

  const fleet = { ...emptyTotals(), sites: sites.length };
  for (const s of sites) addInto(fleet, s);
  fleet.uptime = uptimeRatio(fleet.secondsUp, fleet.secondsDown);

  return {
    from: sources[0]?.from ?? q.from,
    to: sources[sources.length - 1]?.to ?? q.from,
    sources: [...sources],
    sites,
    groups: q.groupBy ? totalsByGroup(sites, groupRows, q.groupBy) : [],
    fleet,
  };
}

/** One point per bucket in [a, b) (epoch s), empty buckets included, from rows keyed by t. */
export function seriesPoints(bucket: Bucket, a: number, b: number, rows: readonly NumberRow[]): SeriesPoint[] {
  const byT = new Map(rows.map((r) => [r.t ?? 0, r]));
  return bucketStarts(bucket, a, b).map((t) => {
    const r = byT.get(t);
    return { t: t * 1000, up: r?.up ?? 0, down: r?.down ?? 0, excluded: r?.excluded ?? 0, returns: r ? returnsOf(r, 'r_') : zeroReturns() };
  });
}

/** The same points from one row of arrays in step with each other (t, up, down, excluded, r_*; null: no rows). */
export function seriesPointsFromColumns(bucket: Bucket, a: number, b: number, columns: Readonly<Record<string, readonly number[] | null>>): SeriesPoint[] {
  const at = new Map((columns.t ?? []).map((t, i) => [t, i]));
  const value = (name: string, i: number): number => columns[name]?.[i] ?? 0;
  return bucketStarts(bucket, a, b).map((t) => {
    const i = at.get(t);
    const returns = zeroReturns();
    if (i === undefined) return { t: t * 1000, up: 0, down: 0, excluded: 0, returns };
    for (const [d, column] of COLUMN_OF.r_) returns[d] = value(column, i);
    return { t: t * 1000, up: value('up', i), down: value('down', i), excluded: value('excluded', i), returns };
  });
}

/**
 * How a timeline over [from, to) is drawn: from raw samples while they are kept, else hourly up
 * to a month (at most ~720 spans) while hourly rollups are kept, else daily.
 */
export function timelineResolution(fromMs: number, toMs: number, nowMs: number, options: HistoryOptions): 'sample' | Bucket {
  if (fromMs >= nowMs - options.rawRetentionMs) return 'sample';
  return toMs - fromMs <= 31 * DAY_MS && fromMs >= nowMs - options.hourlyRetentionMs ? 'hour' : 'day';
}

// Column names built once: looking a row up by a freshly built string costs more than the rest of a chart point.
const COLUMN_OF = { r_: DATASETS.map((d) => [d, returnColumn(d)] as const), c_: DATASETS.map((d) => [d, `c_${d}`] as const) };

const returnsOf = (r: NumberRow, prefix: 'c_' | 'r_'): DatasetCounts => {
  const out = zeroReturns();
  for (const [d, column] of COLUMN_OF[prefix]) out[d] = r[column] ?? 0;
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

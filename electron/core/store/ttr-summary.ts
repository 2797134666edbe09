// Time to recover for the manager's report, as both backends compute it from the resolved
// incidents they read: per site and per group, mean and median.
import type { TtrGrouping, TtrReport, TtrStats } from '../../../shared/incidents.ts';

export interface TtrRow {
  siteId: number;
  siteName: string;
  siteUrn: number;
  group: string | null;
  ttrMs: number;
}

/** A whitelist, because the grouping names a column of sites. */
export const TTR_GROUP_COLUMNS: Record<TtrGrouping, string> = { area: 'area', phase: 'phase', type: 'type', typeGroup: 'type_group', trust: 'trust' };

/** Mean, median and max of some durations; nulls when there are none. */
export function ttrStats(durations: readonly number[]): TtrStats {
  if (durations.length === 0) return { count: 0, meanMs: null, medianMs: null, maxMs: null };
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? 0;
  const median = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { count: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, medianMs: median, maxMs: at(sorted.length - 1) };
}

function groupBy<K, T>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Pure: rows of resolved incidents to the report's figures. Worst median first, so the report leads with trouble. */
export function summariseTtr(rows: readonly TtrRow[]): Pick<TtrReport, 'overall' | 'groups' | 'sites'> {
  const byMedian = (a: TtrStats, b: TtrStats) => (b.medianMs ?? 0) - (a.medianMs ?? 0);
  const sites = [...groupBy(rows, (r) => r.siteId).values()].map((list) => {
    const first = list[0] as TtrRow;
    return { siteId: first.siteId, siteName: first.siteName, siteUrn: first.siteUrn, group: first.group, ...ttrStats(list.map((r) => r.ttrMs)) };
  });
  const groups = [...groupBy(rows, (r) => r.group).entries()].map(([group, list]) => ({ group, ...ttrStats(list.map((r) => r.ttrMs)) }));
  return { overall: ttrStats(rows.map((r) => r.ttrMs)), groups: groups.sort(byMedian), sites: sites.sort(byMedian) };
}

/** The report for [from, to) from its rows, which come in resolution order (ties in the sort keep it). */
export const ttrReport = (from: number, to: number, grouping: TtrGrouping, rows: readonly TtrRow[]): TtrReport => ({
  from: new Date(from).toISOString(),
  to: new Date(to).toISOString(),
  groupBy: grouping,
  ...summariseTtr(rows),
});

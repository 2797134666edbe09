// The report's tables, derived from what the store answered. Pure: the screen, the CSV and
// the tests all read the same rows, so what a manager exports is what they saw.
import type { TtrReport, TtrStats } from '../../../../shared/incidents.ts';
import { DATASETS, type Dataset } from '../../../../shared/protocol/v1.ts';
import type { GroupColumnName, SeriesPointView, UptimeReportView } from '../../../../shared/reports.ts';
import type { Site } from '../../../../shared/site.ts';
import { uptimeRatio } from '../../../../shared/uptime.ts';

export type DatasetCounts = Record<Dataset, number>;

export const SPLITS: readonly { column: GroupColumnName; label: string; ttr: 'area' | 'phase' | 'typeGroup' }[] = [
  { column: 'area', label: 'Area', ttr: 'area' },
  { column: 'phase', label: 'Phase', ttr: 'phase' },
  { column: 'type_group', label: 'Type group', ttr: 'typeGroup' },
];

export const totalReturns = (r: DatasetCounts): number => DATASETS.reduce((n, d) => n + r[d], 0);

/** Groups without a value (a site with no phase in GIAS) still count, under a name people read. */
export const groupName = (g: string | null): string => g ?? 'Not recorded';

export interface LeagueRow {
  siteId: number;
  name: string;
  urn: number | null;
  laestab: string | null;
  typeGroup: string | null;
  phase: string | null;
  area: string | null;
  uptime: number | null;
  secondsUp: number;
  secondsDown: number;
  secondsExcluded: number;
  returns: DatasetCounts;
  returnsTotal: number;
  incidents: number;
  ttr: TtrStats | null;
}

const zero = (): DatasetCounts => ({ pupils: 0, attendance: 0, exclusions: 0, assessment: 0 });

/**
 * One row per site the store counted, plus registered sites it has nothing for yet. Worst
 * first: lowest uptime, then most down time; sites with no counted time go last, since
 * "no data" is neither good nor bad.
 */
export function leagueRows(sites: readonly Site[], report: UptimeReportView, ttr: TtrReport | null): LeagueRow[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const ttrBySite = new Map((ttr?.sites ?? []).map((t) => [t.siteId, t]));
  const counted = new Map(report.sites.map((s) => [s.siteId, s]));
  const ids = new Set([...counted.keys(), ...byId.keys()]);
  const rows: LeagueRow[] = [...ids].map((siteId) => {
    const site = byId.get(siteId);
    const u = counted.get(siteId);
    const t = ttrBySite.get(siteId);
    const returns = u ? { ...u.returns } : zero();
    return {
      siteId,
      name: site?.name ?? t?.siteName ?? `Site ${siteId} (removed)`,
      urn: site?.urn ?? t?.siteUrn ?? null,
      laestab: site?.laestab ?? null,
      typeGroup: site?.typeGroup ?? null,
      phase: site?.phase ?? null,
      area: site?.area ?? null,
      uptime: u ? uptimeRatio(u.secondsUp, u.secondsDown) : null,
      secondsUp: u?.secondsUp ?? 0,
      secondsDown: u?.secondsDown ?? 0,
      secondsExcluded: u?.secondsExcluded ?? 0,
      returns,
      returnsTotal: totalReturns(returns),
      incidents: t?.count ?? 0,
      ttr: t ? { count: t.count, meanMs: t.meanMs, medianMs: t.medianMs, maxMs: t.maxMs } : null,
    };
  });
  return rows.sort(worstFirst);
}

export function worstFirst(a: LeagueRow, b: LeagueRow): number {
  if (a.uptime === null || b.uptime === null) return a.uptime === null ? (b.uptime === null ? a.name.localeCompare(b.name) : 1) : -1;
  return a.uptime - b.uptime || b.secondsDown - a.secondsDown || a.name.localeCompare(b.name);
}

export interface GroupRow {
  group: string | null;
  sites: number;
  uptime: number | null;
  secondsUp: number;
  secondsDown: number;
  secondsExcluded: number;
  returns: DatasetCounts;
  returnsTotal: number;
  /** Sites in the group that made at least one return in the period. */
  sitesReturning: number;
  ttr: TtrStats | null;
}

/** The store's group totals as they are, with the share of sites returning and TTR beside them. */
export function groupRows(report: UptimeReportView, ttr: TtrReport | null, column: GroupColumnName, sites: readonly Site[]): GroupRow[] {
  const groupOf = new Map(sites.map((s) => [s.id, column === 'type_group' ? s.typeGroup : s[column]]));
  const returning = new Map<string | null, number>();
  for (const s of report.sites) {
    if (totalReturns(s.returns) === 0) continue;
    const g = groupOf.get(s.siteId) ?? null;
    returning.set(g, (returning.get(g) ?? 0) + 1);
  }
  const ttrByGroup = new Map((ttr?.groups ?? []).map((g) => [g.group, g]));
  return report.groups.map((g) => {
    const t = ttrByGroup.get(g.group);
    return {
      group: g.group,
      sites: g.sites,
      uptime: g.uptime,
      secondsUp: g.secondsUp,
      secondsDown: g.secondsDown,
      secondsExcluded: g.secondsExcluded,
      returns: { ...g.returns },
      returnsTotal: totalReturns(g.returns),
      sitesReturning: returning.get(g.group) ?? 0,
      ttr: t ? { count: t.count, meanMs: t.meanMs, medianMs: t.medianMs, maxMs: t.maxMs } : null,
    };
  });
}

export interface ChartPoint {
  t: number;
  /** Null where nothing was counted, so the line breaks instead of dropping to 0%. */
  uptimePct: number | null;
  returns: number;
}

export function chartPoints(series: readonly SeriesPointView[]): ChartPoint[] {
  return series.map((p) => {
    const ratio = uptimeRatio(p.up, p.down);
    return { t: p.t, uptimePct: ratio === null ? null : Math.round(ratio * 10_000) / 100, returns: totalReturns(p.returns) };
  });
}

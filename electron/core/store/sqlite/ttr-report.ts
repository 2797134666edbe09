// Time to recover for the manager's report: per site and per group, mean and median.
// The business case for the traded service rests on this figure.
import type { TtrGrouping, TtrReport, TtrStats } from '../../../../shared/incidents.ts';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { iso } from './incident-rows.ts';

export interface TtrRow {
  siteId: number;
  siteName: string;
  siteUrn: number;
  group: string | null;
  ttrMs: number;
}

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

// A whitelist, because the grouping names a column.
const COLUMNS: Record<TtrGrouping, string> = { area: 'area', phase: 'phase', type: 'type', typeGroup: 'type_group', trust: 'trust' };

export class TtrReports {
  private readonly db: Db;
  private readonly stmts = new Map<TtrGrouping, Database.Statement<[{ from: number; to: number }], TtrRow>>();

  constructor(db: Db) {
    this.db = db;
  }

  /** Site incidents that recovered in [from, to), epoch ms. */
  report(from: number, to: number, grouping: TtrGrouping = 'area'): TtrReport {
    return { from: iso(from), to: iso(to), groupBy: grouping, ...summariseTtr(this.statement(grouping).all({ from, to })) };
  }

  private statement(grouping: TtrGrouping): Database.Statement<[{ from: number; to: number }], TtrRow> {
    let stmt = this.stmts.get(grouping);
    if (!stmt) {
      stmt = this.db.prepare<[{ from: number; to: number }], TtrRow>(`SELECT i.site_id AS siteId, s.name AS siteName, s.urn AS siteUrn,
        s.${COLUMNS[grouping]} AS "group", i.ttr_ms AS ttrMs
        FROM incidents i JOIN sites s ON s.id = i.site_id
        WHERE i.resolved_at >= @from AND i.resolved_at < @to AND i.kind = 'site'`);
      this.stmts.set(grouping, stmt);
    }
    return stmt;
  }
}

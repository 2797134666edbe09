// Time to recover for the manager's report: per site and per group, mean and median.
// The business case for the traded service rests on this figure.
import type { TtrGrouping, TtrReport } from '../../../../shared/incidents.ts';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { TTR_GROUP_COLUMNS, ttrReport, type TtrRow } from '../ttr-summary.ts';

export { summariseTtr, ttrStats, type TtrRow } from '../ttr-summary.ts';

export class TtrReports {
  private readonly db: Db;
  private readonly stmts = new Map<TtrGrouping, Database.Statement<[{ from: number; to: number }], TtrRow>>();

  constructor(db: Db) {
    this.db = db;
  }

  /** Site incidents that recovered in [from, to), epoch ms. */
  report(from: number, to: number, grouping: TtrGrouping = 'area'): TtrReport {
    return ttrReport(from, to, grouping, this.statement(grouping).all({ from, to }));
  }

  private statement(grouping: TtrGrouping): Database.Statement<[{ from: number; to: number }], TtrRow> {
    let stmt = this.stmts.get(grouping);
    if (!stmt) {
      stmt = this.db.prepare<[{ from: number; to: number }], TtrRow>(`SELECT i.site_id AS siteId, s.name AS siteName, s.urn AS siteUrn,
        s.${TTR_GROUP_COLUMNS[grouping]} AS "group", i.ttr_ms AS ttrMs
        FROM incidents i JOIN sites s ON s.id = i.site_id
        WHERE i.resolved_at >= @from AND i.resolved_at < @to AND i.kind = 'site'
        ORDER BY i.resolved_at, i.id`);
      this.stmts.set(grouping, stmt);
    }
    return stmt;
  }
}

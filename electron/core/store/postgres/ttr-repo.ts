// Time to recover on PostgreSQL: the same rows as SQLite's, summed by the shared summary.
import type { TtrGrouping, TtrReport } from '../../../../shared/incidents.ts';
import { TTR_GROUP_COLUMNS, ttrReport, type TtrRow } from '../ttr-summary.ts';
import type { PgDb } from './pg-db.ts';

const sql = (grouping: TtrGrouping): string => `SELECT i.site_id AS "siteId", s.name AS "siteName", s.urn AS "siteUrn",
  s.${TTR_GROUP_COLUMNS[grouping]} AS "group", i.ttr_ms AS "ttrMs"
FROM incidents i JOIN sites s ON s.id = i.site_id
WHERE i.resolved_at >= $1 AND i.resolved_at < $2 AND i.kind = 'site'
ORDER BY i.resolved_at, i.id`;

export class PgTtrRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** Site incidents that recovered in [from, to), epoch ms. */
  async report(from: number, to: number, grouping: TtrGrouping = 'area'): Promise<TtrReport> {
    return ttrReport(from, to, grouping, await this.#db.query<TtrRow>(sql(grouping), [from, to], `ttr.report.${grouping}`));
  }
}

import type { PgMigration } from './index.ts';

// PostgreSQL only (SQLite's rollup tables are WITHOUT ROWID, clustered by site already): the
// rollups' primary keys carry the values the reads need, so they are read from the key alone.
// The poller writes a round at a time, so a site's 2,160 hourly rows sit on as many heap pages;
// through the key they are a few dozen adjacent leaf pages. Each key replaces the plain one
// (same name, same columns) rather than adding a second index over the same columns.
const SERIES = 's_healthy, s_lagging, s_failing, s_unreachable, s_auth_failed, s_hostkey_changed, s_protocol_error, s_unknown, s_maintenance, r_pupils, r_attendance, r_exclusions, r_assessment';
const TOTALS = 'c_up, c_down, c_excluded, c_pupils, c_attendance, c_exclusions, c_assessment';
const covering = (table: string, key: string, include: string): string => `
ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey;
ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (site_id, ${key}) INCLUDE (${include});`;

// The hourly key carries what the series reads, not the running totals: a poller's key grows by
// splitting pages in half (a site's next row is never next to its last one in the heap), so each
// included column costs about twice its size, and with the totals too a year of 1,000 sites
// passed 1 GB. Uptime reads the totals at two hourly rows per site: two heap pages, not 2,160.
export const pg006CoveringRollups: PgMigration = {
  version: 6,
  name: 'covering-rollups',
  sql: `${covering('history_hourly', 'hour', SERIES)}
${covering('history_daily', 'day', `${SERIES}, ${TOTALS}`)}
`,
};

// The history store's column names and its hot SQL, in one place so the repo runs exactly
// what the EXPLAIN QUERY PLAN tests check.
import { DATASETS } from '../../../../shared/protocol/v1.ts';
import { CLASSES, CLASS_VERDICTS, CUM_COLUMNS, LAST_SUCCESS_COLUMNS, RETURN_COLUMNS, ROLLUP_TABLES, VERDICT_COLUMNS, returnColumn, verdictColumn, type VerdictClass } from '../history-columns.ts';
import type { Bucket } from '../history-types.ts';

// The column names are the schema's, shared with PostgreSQL; re-exported for the plan tests and benchmarks.
export { CLASSES, CUM_COLUMNS, LAST_SUCCESS_COLUMNS, RETURN_COLUMNS, ROLLUP_TABLES, VERDICT_COLUMNS, classOf, lastSuccessColumn, returnColumn, verdictColumn, type VerdictClass } from '../history-columns.ts';

/** SQL summing one class's verdict columns of a row alias, e.g. "(t.s_healthy + t.s_lagging)". */
export const classSum = (alias: string, c: VerdictClass): string => `(${CLASS_VERDICTS[c].map((v) => `${alias}.${verdictColumn(v)}`).join(' + ')})`;

/** What each running-total column adds per row: the row's own share of it. */
const ownShare = (alias: string): string[] => [...CLASSES.map((c) => classSum(alias, c)), ...DATASETS.map((d) => `${alias}.${returnColumn(d)}`)];

/**
 * Per site, the totals over buckets starting in [@a, @b), from running totals. The running
 * total before an instant is read from the first row at or after it (its total less its own
 * share) and only when there is none from the site's last row: rows before the range may
 * already be pruned, rows inside it are not.
 * Named parameters: @a, @b (epoch seconds), @ids (JSON array of site ids, or null for all).
 */
export function rangeTotalsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  const own = { a: ownShare('ra'), b: ownShare('rb') };
  const before = (edge: 'a' | 'b', col: string, i: number): string =>
    `CASE WHEN r${edge}.${key} IS NULL THEN coalesce(l.${col}, 0) ELSE r${edge}.${col} - ${own[edge][i] ?? '0'} END`;
  const totals = CUM_COLUMNS.map((col, i) => `${before('b', col, i)} - (${before('a', col, i)}) AS ${col}`).join(',\n  ');
  return `WITH edge AS (
  SELECT s.id AS site_id,
    (SELECT min(x.${key}) FROM ${table} x WHERE x.site_id = s.id AND x.${key} >= @a) AS ka,
    (SELECT min(x.${key}) FROM ${table} x WHERE x.site_id = s.id AND x.${key} >= @b) AS kb,
    (SELECT max(x.${key}) FROM ${table} x WHERE x.site_id = s.id) AS kl
  FROM sites s
  WHERE @ids IS NULL OR s.id IN (SELECT value FROM json_each(@ids))
)
SELECT e.site_id AS siteId,
  ${totals}
FROM edge e
LEFT JOIN ${table} l ON l.site_id = e.site_id AND l.${key} = e.kl
LEFT JOIN ${table} ra ON ra.site_id = e.site_id AND ra.${key} = e.ka
LEFT JOIN ${table} rb ON rb.site_id = e.site_id AND rb.${key} = e.kb`;
}

/** One site's rollup rows in [@from, @to), seconds per verdict: the timeline's dominant verdicts. */
export function siteBucketsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT ${key} AS t, ${VERDICT_COLUMNS.join(', ')}
FROM ${table} WHERE site_id = @siteId AND ${key} >= @from AND ${key} < @to ORDER BY ${key}`;
}

const seriesColumns = (alias: string, agg: (expr: string) => string): string =>
  [...CLASSES.map((c) => `${agg(classSum(alias, c))} AS ${c}`), ...DATASETS.map((d) => `${agg(`${alias}.${returnColumn(d)}`)} AS ${returnColumn(d)}`)].join(', ');

/** One site's chart points in [@from, @to): seconds up, down and excluded, and returns. */
export function siteSeriesSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT h.${key} AS t, ${seriesColumns('h', (e) => e)}
FROM ${table} h WHERE h.site_id = @siteId AND h.${key} >= @from AND h.${key} < @to ORDER BY h.${key}`;
}

/**
 * The fleet's sums per bucket in [@from, @to): one range read per site, then grouped.
 * CROSS JOIN pins sites as the outer loop; left to itself the planner may scan the whole rollup table.
 */
export function fleetBucketsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT h.${key} AS t, ${seriesColumns('h', (e) => `sum(${e})`)}
FROM sites s CROSS JOIN ${table} h ON h.site_id = s.id AND h.${key} >= @from AND h.${key} < @to
GROUP BY h.${key} ORDER BY h.${key}`;
}

/** The newest rollup row of a site: where the next round's running totals continue from. */
export function lastRollupSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT ${key} AS bucket, ${CUM_COLUMNS.join(', ')} FROM ${table} WHERE site_id = ? ORDER BY ${key} DESC LIMIT 1`;
}

/**
 * Adds a share to an existing bucket row, running totals included. Positional:
 * verdict seconds, returns, running-total deltas, then site_id and the bucket.
 */
export function addToRollupSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  const sets = [...VERDICT_COLUMNS, ...RETURN_COLUMNS, ...CUM_COLUMNS].map((c) => `${c} = ${c} + ?`);
  return `UPDATE ${table} SET ${sets.join(', ')} WHERE site_id = ? AND ${key} = ?`;
}

/** A new bucket row. Positional: site_id, the bucket, verdict seconds, returns, running totals. */
export function insertRollupSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  const cols = ['site_id', key, ...VERDICT_COLUMNS, ...RETURN_COLUMNS, ...CUM_COLUMNS];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

export const LATEST_COLUMNS = `site_id AS siteId, ts, verdict, raw_verdict AS rawVerdict, since, latency_ms AS latencyMs, reasons, ${LAST_SUCCESS_COLUMNS.join(', ')}`;
export const LATEST_ALL_SQL = `SELECT ${LATEST_COLUMNS} FROM site_latest ORDER BY site_id`;
export const LATEST_ONE_SQL = `SELECT ${LATEST_COLUMNS} FROM site_latest WHERE site_id = ?`;

export const SAMPLE_COLUMNS = `site_id AS siteId, ts, verdict, raw_verdict AS rawVerdict, latency_ms AS latencyMs, gap_cap_s AS gapCapS, reasons, ${[...RETURN_COLUMNS, ...LAST_SUCCESS_COLUMNS].join(', ')}`;
/** One site's samples in (@from, @to], plus the one before: a timeline needs to know where the first span starts. */
export const SITE_SAMPLES_SQL = `SELECT ${SAMPLE_COLUMNS} FROM history_samples
WHERE site_id = @siteId AND ts >= coalesce((SELECT max(ts) FROM history_samples WHERE site_id = @siteId AND ts <= @from), @from + 1) AND ts <= @to
ORDER BY ts`;

export const PRUNE_SAMPLES_SQL = 'DELETE FROM history_samples WHERE id IN (SELECT id FROM history_samples WHERE ts < ? LIMIT ?)';
export function pruneRollupSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `DELETE FROM ${table} WHERE site_id = ? AND ${key} < ?`;
}

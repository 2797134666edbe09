// The history's SQL on PostgreSQL, in one place so the repo runs exactly what the EXPLAIN
// tests check. Aliases the code reads are quoted: PostgreSQL folds unquoted ones to lower case.
import { DATASETS } from '../../../../shared/protocol/v1.ts';
import {
  CLASSES,
  CLASS_VERDICTS,
  CUM_COLUMNS,
  LAST_SUCCESS_COLUMNS,
  LATEST_STATE_COLUMNS,
  POLLER_STATE_COLUMNS,
  RETURN_COLUMNS,
  ROLLUP_TABLES,
  SAMPLE_WRITE_COLUMNS,
  VERDICT_COLUMNS,
  returnColumn,
  verdictColumn,
  type VerdictClass,
} from '../history-columns.ts';
import type { Bucket } from '../history-types.ts';

const classSum = (alias: string, c: VerdictClass): string => `(${CLASS_VERDICTS[c].map((v) => `${alias}.${verdictColumn(v)}`).join(' + ')})`;
const ownShare = (alias: string): string[] => [...CLASSES.map((c) => classSum(alias, c)), ...DATASETS.map((d) => `${alias}.${returnColumn(d)}`)];

/**
 * Per site, the totals over buckets starting in [$1, $2) (epoch s), from running totals: the
 * total of the last row before $2 less the total before the first row at or after $1 (its
 * total less its own share: rows before the range may be pruned, rows inside it are not); no
 * row in the range, nothing. $3: site ids or null. Each edge is one descent of the primary
 * key per site that brings its row along: finding keys first, then their rows, touched more
 * than twice the pages.
 */
export function rangeTotalsSql(bucket: Bucket, from = '$1', to = '$2', ids = '$3'): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  const own = ownShare('x');
  return `SELECT s.id AS "siteId",
  ${CUM_COLUMNS.map((col) => `CASE WHEN ra.k < ${to} THEN rb.${col} - ra.${col} ELSE 0 END AS ${col}`).join(',\n  ')}
FROM sites s
LEFT JOIN LATERAL (SELECT x.${key} AS k, ${CUM_COLUMNS.map((col, i) => `x.${col} - ${own[i] ?? '0'} AS ${col}`).join(', ')}
  FROM ${table} x WHERE x.site_id = s.id AND x.${key} >= ${from} ORDER BY x.${key} LIMIT 1) ra ON true
LEFT JOIN LATERAL (SELECT ${CUM_COLUMNS.map((col) => `x.${col}`).join(', ')}
  FROM ${table} x WHERE x.site_id = s.id AND x.${key} < ${to} ORDER BY x.${key} DESC LIMIT 1) rb ON true
WHERE ${ids}::bigint[] IS NULL OR s.id = ANY (${ids}::bigint[])`;
}

/**
 * The totals of every part of a range (daily, then hourly) in one statement, so all parts see
 * the same rounds. Parameters: site ids or null, then each part's [from, to).
 */
export function uptimeSql(buckets: readonly Bucket[]): string {
  return buckets.map((b, i) => `(${rangeTotalsSql(b, `$${2 * i + 2}`, `$${2 * i + 3}`, '$1')})`).join('\nUNION ALL\n');
}

/** One site's rollup rows in [$2, $3): seconds per verdict, for the timeline. */
export function siteBucketsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT ${key} AS t, ${VERDICT_COLUMNS.join(', ')} FROM ${table} WHERE site_id = $1 AND ${key} >= $2 AND ${key} < $3 ORDER BY ${key}`;
}

const seriesColumns = (alias: string, agg: (expr: string) => string): string =>
  [...CLASSES.map((c) => `${agg(classSum(alias, c))} AS ${c}`), ...DATASETS.map((d) => `${agg(`${alias}.${returnColumn(d)}`)} AS ${returnColumn(d)}`)].join(', ');

/**
 * One site's chart points in [$2, $3), as one row of arrays (t, up, down, excluded, r_*), in
 * step with each other: 90 days of hours is 2,160 rows, and pg spends far longer decoding
 * that many rows field by field than the server spends finding them. Null when none.
 */
export function siteSeriesSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT array_agg(h.${key}) AS t, ${seriesColumns('h', (e) => `array_agg(${e})`)} FROM ${table} h WHERE h.site_id = $1 AND h.${key} >= $2 AND h.${key} < $3`;
}

/**
 * The fleet's sums per bucket in [$1, $2): a range read per site, never a scan of the whole
 * table. OFFSET 0 keeps the planner from flattening the LATERAL into a hash join over a scan.
 */
export function fleetBucketsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT h.${key} AS t, ${seriesColumns('h', (e) => `sum(${e})::bigint`)}
FROM sites s CROSS JOIN LATERAL (SELECT * FROM ${table} x WHERE x.site_id = s.id AND x.${key} >= $1 AND x.${key} < $2 OFFSET 0) h
GROUP BY h.${key} ORDER BY h.${key}`;
}

const LATEST_COLUMNS = `site_id AS "siteId", ts, verdict, raw_verdict AS "rawVerdict", since, latency_ms AS "latencyMs", reasons, ${LAST_SUCCESS_COLUMNS.join(', ')}`;
export const LATEST_ALL_SQL = `SELECT ${LATEST_COLUMNS} FROM site_latest ORDER BY site_id`;
export const LATEST_ONE_SQL = `SELECT ${LATEST_COLUMNS} FROM site_latest WHERE site_id = $1`;
export const FIRST_POLL_SQL = 'SELECT first_ts AS "firstTs" FROM site_latest WHERE site_id = $1';

const SAMPLE_COLUMNS = `site_id AS "siteId", ts, verdict, raw_verdict AS "rawVerdict", latency_ms AS "latencyMs", gap_cap_s AS "gapCapS", reasons, ${[...RETURN_COLUMNS, ...LAST_SUCCESS_COLUMNS].join(', ')}`;
/** One site's samples in ($2, $3], plus the one before: a timeline needs to know where the first span starts. */
export const SITE_SAMPLES_SQL = `SELECT ${SAMPLE_COLUMNS} FROM history_samples
WHERE site_id = $1 AND ts >= coalesce((SELECT max(ts) FROM history_samples WHERE site_id = $1 AND ts <= $2), $2 + 1) AND ts <= $3
ORDER BY ts`;

/** A batch of old samples by id: `id IN (subquery)` would be a hash join over a scan of the whole table. */
export const PRUNE_SAMPLES_SQL = 'DELETE FROM history_samples WHERE id = ANY (ARRAY(SELECT id FROM history_samples WHERE ts < $1 LIMIT $2))';
export function pruneRollupSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `DELETE FROM ${table} WHERE site_id = $1 AND ${key} < $2`;
}

// ---- the round writer: one statement per table per round, its rows as arrays ----

/** unnest($1::t1[], $2::t2[], ...) AS u(c1, c2, ...): a whole round's rows as one parameter per column. */
const unnest = (cols: readonly (readonly [string, string])[]): string =>
  `unnest(${cols.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${cols.map(([c]) => c).join(', ')})`;

const typed = (cols: readonly string[], type: (c: string) => string): [string, string][] => cols.map((c) => [c, type(c)]);

const SAMPLE_TYPES: Record<string, string> = { verdict: 'text', raw_verdict: 'text', reasons: 'text', gap_cap_s: 'integer' };
export const SAMPLE_ARRAYS = typed(SAMPLE_WRITE_COLUMNS, (c) => SAMPLE_TYPES[c] ?? (c.startsWith('r_') ? 'integer' : 'bigint'));
export const INSERT_SAMPLES_SQL = `INSERT INTO history_samples (${SAMPLE_WRITE_COLUMNS.join(', ')}) SELECT * FROM ${unnest(SAMPLE_ARRAYS)}`;

/** The round's sites' rows, locked in id order so two writers of one site queue rather than deadlock. */
export const PREV_LATEST_SQL = `SELECT site_id AS "siteId", ts, verdict, since, ${LAST_SUCCESS_COLUMNS.join(', ')}
FROM site_latest WHERE site_id = ANY ($1::bigint[]) ORDER BY site_id FOR UPDATE`;

/** The newest rollup row of each of the round's sites: where running totals continue from. */
export function lastRollupsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `SELECT u.id AS "siteId", x.${key} AS bucket, ${CUM_COLUMNS.map((c) => `x.${c}`).join(', ')}
FROM unnest($1::bigint[]) AS u(id)
CROSS JOIN LATERAL (SELECT * FROM ${table} r WHERE r.site_id = u.id ORDER BY r.${key} DESC LIMIT 1) x`;
}

const ROLLUP_VALUES = [...VERDICT_COLUMNS, ...RETURN_COLUMNS, ...CUM_COLUMNS];
export const ROLLUP_ARRAYS: [string, string][] = [['site_id', 'bigint'], ['bucket', 'bigint'], ['fresh', 'boolean'], ...typed(ROLLUP_VALUES, () => 'integer')];

/**
 * A round's rollup rows in one statement: rows marked fresh are new buckets (their running
 * totals given whole), the others add to an existing bucket (a bucket already gone is left so).
 */
export function writeRollupsSql(bucket: Bucket): string {
  const { table, key } = ROLLUP_TABLES[bucket];
  return `WITH u AS (SELECT * FROM ${unnest(ROLLUP_ARRAYS)}),
added AS (
  UPDATE ${table} t SET ${ROLLUP_VALUES.map((c) => `${c} = t.${c} + u.${c}`).join(', ')}
  FROM u WHERE NOT u.fresh AND t.site_id = u.site_id AND t.${key} = u.bucket
)
INSERT INTO ${table} (site_id, ${key}, ${ROLLUP_VALUES.join(', ')})
SELECT site_id, bucket, ${ROLLUP_VALUES.join(', ')} FROM u WHERE u.fresh`;
}

const LATEST_TYPES: Record<string, string> = { verdict: 'text', raw_verdict: 'text', reasons: 'text', candidate: 'text', datasets: 'text', agent_version: 'text', status_json: 'text', candidate_n: 'integer', failures: 'integer' };
const LATEST_WRITE = [...LATEST_STATE_COLUMNS, 'first_ts', ...POLLER_STATE_COLUMNS, 'status_json'];
export const LATEST_ARRAYS: [string, string][] = [['site_id', 'bigint'], ['fresh', 'boolean'], ['poller', 'boolean'], ...typed(LATEST_WRITE, (c) => LATEST_TYPES[c] ?? 'bigint')];

/**
 * Every site's latest state in one statement: new rows inserted whole (first_ts once), others
 * updated; the poller's half only when the round brought one, and a poll without a document
 * keeps the last.
 */
export const WRITE_LATEST_SQL = `WITH u AS (SELECT * FROM ${unnest(LATEST_ARRAYS)}),
changed AS (
  UPDATE site_latest l SET ${LATEST_STATE_COLUMNS.map((c) => `${c} = u.${c}`).join(', ')},
    ${POLLER_STATE_COLUMNS.map((c) => `${c} = CASE WHEN u.poller THEN u.${c} ELSE l.${c} END`).join(', ')},
    status_json = coalesce(u.status_json, l.status_json)
  FROM u WHERE NOT u.fresh AND l.site_id = u.site_id
)
INSERT INTO site_latest (site_id, ${LATEST_WRITE.join(', ')})
SELECT site_id, ${LATEST_WRITE.join(', ')} FROM u WHERE u.fresh`;

// The history's hot queries must stay index reads on PostgreSQL as history grows: a fleet of
// 150 sites with a year of daily rollups, 90 days of hourly ones and two days of samples, and
// every hot statement's plan (custom and generic, as a named statement runs after five uses).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../electron/core/store/postgres/connect.ts';
import { PgHistoryRepo } from '../../../electron/core/store/postgres/history-repo.ts';
import { PgDb } from '../../../electron/core/store/postgres/pg-db.ts';
import {
  FIRST_POLL_SQL,
  LATEST_ONE_SQL,
  PREV_LATEST_SQL,
  PRUNE_SAMPLES_SQL,
  SITE_SAMPLES_SQL,
  fleetBucketsSql,
  lastRollupsSql,
  pruneRollupSql,
  rangeTotalsSql,
  siteBucketsSql,
  siteSeriesSql,
  uptimeSql,
} from '../../../electron/core/store/postgres/history-sql.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { pgUnavailableReason, startPg, type PgCluster } from '../../helpers/pg-cluster.ts';
import { allVisible } from '../../helpers/pg-vacuum.ts';

/** Counts the statements the areas send (BEGIN and COMMIT apart). */
class CountingDb extends PgDb {
  statements = 0;

  override query<R extends object>(text: string, values?: readonly unknown[], name?: string): Promise<R[]> {
    this.statements++;
    return super.query<R>(text, values, name);
  }

  override run(text: string, values?: readonly unknown[], name?: string): Promise<number> {
    this.statements++;
    return super.run(text, values, name);
  }
}

const SITES = 150;
const NOW_S = Date.parse('2026-11-16T00:00:00Z') / 1000;
const DAY_S = 86_400;
const unavailable = pgUnavailableReason();
if (unavailable !== null) console.log(`history plans: skipped: ${unavailable}`);

/** The rollup columns after the key, all zero but the running totals. */
const ROLLUP_ZEROS = `${Array.from({ length: 13 }, () => '0').join(', ')}, n, n, 0, 0, 0, 0, 0`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];
type Param = number | null | readonly number[];
const literal = (v: Param): string => (v === null ? 'NULL' : Array.isArray(v) ? `'{${v.join(',')}}'` : String(v));

const BIG = ['history_samples', 'history_hourly', 'history_daily'];
const a90 = NOW_S - 90 * DAY_S;
const a365 = NOW_S - 365 * DAY_S;
/**
 * index: the index the plan must use; null for site_latest, one row per site, which PostgreSQL
 * may rightly scan. only: every read of that index is index-only (migration 006: the rollups'
 * keys carry what these read): the poller scatters a site's rows across the heap, a page a row.
 */
const cases: { name: string; sql: string; params: Param[]; index: RegExp | null; only?: true }[] = [
  { name: "one site's 90-day hourly series", sql: siteSeriesSql('hour'), params: [42, a90, NOW_S], index: /^history_hourly_pkey$/, only: true },
  { name: "one site's 90-day daily series", sql: siteSeriesSql('day'), params: [42, a90, NOW_S], index: /^history_daily_pkey$/, only: true },
  { name: 'uptime of every site over 365 days: the daily part', sql: rangeTotalsSql('day'), params: [a365, a90, null], index: /^history_daily_pkey$/, only: true },
  { name: 'uptime of every site over 365 days: the hourly part', sql: rangeTotalsSql('hour'), params: [a90, NOW_S, null], index: /^history_hourly_pkey$/ },
  { name: 'uptime of every site over 365 days, as the repo asks: both parts in one statement', sql: uptimeSql(['day', 'hour']), params: [null, a365, a90, a90, NOW_S], index: /^history_daily_pkey$/, only: true },
  { name: 'uptime of chosen sites', sql: rangeTotalsSql('hour'), params: [a90, NOW_S, [3, 4, 5]], index: /^history_hourly_pkey$/ },
  { name: "the fleet's daily series over a month", sql: fleetBucketsSql('day'), params: [NOW_S - 30 * DAY_S, NOW_S], index: /^history_daily_pkey$/ },
  { name: "one site's timeline buckets", sql: siteBucketsSql('hour'), params: [42, NOW_S - 7 * DAY_S, NOW_S], index: /^history_hourly_pkey$/, only: true },
  { name: "one site's raw samples", sql: SITE_SAMPLES_SQL, params: [42, (NOW_S - 3600) * 1000, NOW_S * 1000], index: /^history_samples_site_ts$/ },
  { name: "one site's latest", sql: LATEST_ONE_SQL, params: [42], index: null },
  { name: "one site's first poll", sql: FIRST_POLL_SQL, params: [42], index: null },
  { name: 'round: the sites latest rows, locked', sql: PREV_LATEST_SQL, params: [[1, 2, 3, 42]], index: null },
  { name: 'round: the newest hourly row per site', sql: lastRollupsSql('hour'), params: [[1, 2, 3, 42]], index: /^history_hourly_pkey$/ },
  { name: 'round: the newest daily row per site', sql: lastRollupsSql('day'), params: [[1, 2, 3, 42]], index: /^history_daily_pkey$/, only: true },
  { name: 'retention: old samples', sql: PRUNE_SAMPLES_SQL, params: [(NOW_S - 47 * 3600) * 1000, 5000], index: /^history_samples_pkey$/ },
  { name: "retention: one site's old hourly rows", sql: pruneRollupSql('hour'), params: [42, a90 + DAY_S], index: /^history_hourly_pkey$/ },
];

describe.skipIf(unavailable !== null)('PostgreSQL query plans of the hot history queries', () => {
  let cluster: PgCluster;
  let pool: pg.Pool;

  beforeAll(async () => {
    cluster = await startPg();
    pool = await openPostgres(await cluster.createDatabase('history_plans'));
    await pool.query(`INSERT INTO sites (urn, name, host, "user", created_at, updated_at)
      SELECT 100000 + i, 'School ' || i, '127.0.0.1', 'b2b', '2026-01-01', '2026-01-01' FROM generate_series(1, ${SITES}) i`);
    // In the poller's order, a round at a time: each site's rows scattered across the heap.
    await pool.query(`INSERT INTO history_daily SELECT s.id, d, ${ROLLUP_ZEROS} FROM sites s,
      LATERAL (SELECT ${a365}::bigint + k * ${DAY_S} AS d, k * 3600 AS n FROM generate_series(0, 364) k) x ORDER BY d, s.id`);
    await pool.query(`INSERT INTO history_hourly SELECT s.id, h, ${ROLLUP_ZEROS} FROM sites s,
      LATERAL (SELECT ${a90}::bigint + k * 3600 AS h, k * 3600 AS n FROM generate_series(0, 90 * 24 - 1) k) x ORDER BY h, s.id`);
    await pool.query(`INSERT INTO history_samples (site_id, ts, verdict, raw_verdict, gap_cap_s)
      SELECT s.id, (${NOW_S}::bigint - k * 300) * 1000, 'healthy', 'healthy', 900 FROM sites s, generate_series(0, 48 * 12 - 1) k`);
    await pool.query(`INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, first_ts) SELECT id, ${NOW_S * 1000}, 'healthy', 'healthy', 0, 0 FROM sites`);
    await allVisible(pool);
  }, 180_000);

  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
  });

  const plan = async (sql: string, params: readonly Param[], generic: boolean): Promise<PlanNode[]> => {
    const client = await pool.connect();
    try {
      await client.query(`SET plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}`);
      await client.query(`PREPARE hot AS ${sql}`);
      // EXPLAIN without ANALYZE: the DELETEs and FOR UPDATE are planned, never run.
      const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) EXECUTE hot(${params.map(literal).join(', ')})`);
      const top = rows[0]?.['QUERY PLAN'][0]?.Plan;
      if (!top) throw new Error('no plan');
      return nodesOf(top);
    } finally {
      await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
      client.release();
    }
  };

  it('has the rows the plans are about', async () => {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM history_hourly');
    expect(rows[0]?.n).toBe(SITES * 90 * 24);
  });

  it('writes a poll round in the same few statements whatever its size', async () => {
    const own = await openPostgres(await cluster.createDatabase('history_round'));
    try {
      await own.query(`INSERT INTO sites (urn, name, host, "user", created_at, updated_at)
        SELECT 100000 + i, 'School ' || i, '127.0.0.1', 'b2b', '2026-01-01', '2026-01-01' FROM generate_series(1, 300) i`);
      const db = new CountingDb(own);
      const clock = new ManualClock(NOW_S * 1000);
      const history = new PgHistoryRepo(db, clock);
      const round = async (sites: number, ts: number): Promise<number> => {
        clock.set(ts);
        const before = db.statements;
        const samples = Array.from({ length: sites }, (_, i) => ({ siteId: i + 1, ts, verdict: 'healthy' as const, rawVerdict: 'healthy' as const, latencyMs: 5, reasons: [], returns: { pupils: 1 }, lastSuccess: {} }));
        expect(await history.recordRound(samples)).toEqual({ recorded: sites, skipped: 0 });
        return db.statements - before;
      };
      // First polls, then the next round, for 10 sites and for 300.
      const small = [await round(10, NOW_S * 1000), await round(10, NOW_S * 1000 + 300_000)];
      const large = [await round(300, NOW_S * 1000 + 600_000), await round(300, NOW_S * 1000 + 900_000)];
      expect(large).toEqual(small);
      // Latest rows read, samples written, per rollup table its newest rows read and its rows written, latest rows written.
      expect(large[1]).toBe(7);
    } finally {
      await own.end();
    }
  });

  // The daily key carries the running totals (index-only); the hourly one does not (migration
  // 006: it would pass 1 GB), so its two edge rows per site come from the heap.
  it.each([
    { generic: false, sql: uptimeSql(['day', 'hour']), params: [null, a365, a90, a90, NOW_S] as Param[], want: ['daily only', 'daily only', 'hourly', 'hourly'] },
    { generic: true, sql: uptimeSql(['day', 'hour']), params: [null, a365, a90, a90, NOW_S] as Param[], want: ['daily only', 'daily only', 'hourly', 'hourly'] },
    { generic: false, sql: rangeTotalsSql('hour'), params: [a90, NOW_S, [3, 4, 5]] as Param[], want: ['hourly', 'hourly'] },
  ])('uptime reaches each edge row of a site in one descent, index-only where the key carries the totals (generic: $generic)', async ({ sql, params, generic, want }) => {
    const nodes = await plan(sql, params, generic);
    const descents = nodes.filter((n) => /^history_(hourly|daily)_pkey$/.test(n['Index Name'] ?? ''));
    const kinds: Record<string, string> = { 'Index Only Scan': ' only', 'Index Scan': '' };
    expect(descents.map((n) => `${(n['Index Name'] ?? '').replace(/^history_(\w+)_pkey$/, '$1')}${kinds[n['Node Type']] ?? ` ${n['Node Type']}`}`)).toEqual(want);
  });

  describe.each([
    { mode: 'custom plan', generic: false },
    { mode: 'generic plan', generic: true },
  ])('$mode', ({ generic }) => {
    it.each(cases)('$name', async ({ sql, params, index, only }) => {
      const nodes = await plan(sql, params, generic);
      const shown = JSON.stringify(nodes.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
      if (index) expect(nodes.some((n) => index.test(n['Index Name'] ?? '')), `${index} in ${shown}`).toBe(true);
      if (index && only) expect(nodes.filter((n) => index.test(n['Index Name'] ?? '') && n['Node Type'] !== 'Index Only Scan'), shown).toEqual([]);
      // The only full scans allowed are of the small per-site tables; never samples or rollups.
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && BIG.includes(n['Relation Name'] ?? '')), shown).toEqual([]);
    });
  });
});

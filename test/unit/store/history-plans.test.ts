// The hot queries must stay index reads as history grows: these pin their query plans.
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/store/sqlite/db.ts';
import { HistoryRepo } from '../../../electron/core/store/sqlite/history-repo.ts';
import {
  LATEST_ALL_SQL,
  LATEST_ONE_SQL,
  PRUNE_SAMPLES_SQL,
  SITE_SAMPLES_SQL,
  fleetBucketsSql,
  lastRollupSql,
  pruneRollupSql,
  rangeTotalsSql,
  siteBucketsSql,
  siteSeriesSql,
} from '../../../electron/core/store/sqlite/history-sql.ts';
import { SitesRepo } from '../../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const T0 = Date.parse('2026-11-16T09:00:00Z');

/** Every rollup read of the uptime query is a primary-key seek: the edges of the range, and the newest row. */
const byKey = ['x', 'l', 'ra', 'rb'].map((alias) => new RegExp(`^SEARCH ${alias} USING PRIMARY KEY \\(site_id=\\?`));

const cases = [
  { name: 'uptime over all sites, hourly', sql: rangeTotalsSql('hour'), params: { a: 0, b: 1, ids: null }, uses: byKey, scans: ['s', 'json_each'] },
  { name: 'uptime over all sites, daily', sql: rangeTotalsSql('day'), params: { a: 0, b: 1, ids: null }, uses: byKey, scans: ['s', 'json_each'] },
  { name: 'uptime over chosen sites', sql: rangeTotalsSql('day'), params: { a: 0, b: 1, ids: '[1]' }, uses: [/SEARCH x USING PRIMARY KEY \(site_id=\? AND day>\?\)/], scans: ['s', 'json_each'] },
  { name: "one site's hourly series", sql: siteSeriesSql('hour'), params: { siteId: 1, from: 0, to: 1 }, uses: [/^SEARCH h USING PRIMARY KEY \(site_id=\? AND hour>\? AND hour<\?\)$/], scans: [] },
  { name: "one site's daily timeline buckets", sql: siteBucketsSql('day'), params: { siteId: 1, from: 0, to: 1 }, uses: [/^SEARCH history_daily USING PRIMARY KEY \(site_id=\? AND day>\? AND day<\?\)$/], scans: [] },
  { name: "one site's daily series", sql: siteSeriesSql('day'), params: { siteId: 1, from: 0, to: 1 }, uses: [/^SEARCH h USING PRIMARY KEY \(site_id=\? AND day>\? AND day<\?\)$/], scans: [] },
  { name: "the fleet's daily series", sql: fleetBucketsSql('day'), params: { from: 0, to: 1 }, uses: [/^SEARCH h USING PRIMARY KEY \(site_id=\? AND day>\? AND day<\?\)$/], scans: ['s'] },
  { name: 'latest per site (fleet snapshot)', sql: LATEST_ALL_SQL, params: [], uses: [/^SCAN site_latest$/], scans: ['site_latest'] },
  { name: "one site's latest", sql: LATEST_ONE_SQL, params: [1], uses: [/^SEARCH site_latest USING INTEGER PRIMARY KEY/], scans: [] },
  { name: "one site's raw samples", sql: SITE_SAMPLES_SQL, params: { siteId: 1, from: 0, to: 1 }, uses: [/history_samples USING (COVERING )?INDEX history_samples_site_ts \(site_id=\?/], scans: [] },
  { name: 'ingest: newest rollup row', sql: lastRollupSql('hour'), params: [1], uses: [/^SEARCH history_hourly USING PRIMARY KEY \(site_id=\?\)$/], scans: [] },
  { name: 'retention: old samples', sql: PRUNE_SAMPLES_SQL, params: [0, 1], uses: [/SEARCH history_samples USING COVERING INDEX history_samples_ts \(ts<\?\)/], scans: [] },
  { name: 'retention: old hourly rows', sql: pruneRollupSql('hour'), params: [1, 0], uses: [/^SEARCH history_hourly USING PRIMARY KEY \(site_id=\? AND hour<\?\)$/], scans: [] },
];

describe('query plans of the hot history queries', () => {
  let db: Db;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'h.sqlite'));
    const clock = new ManualClock(T0);
    const sites = new SitesRepo(db, clock).createMany(Array.from({ length: 20 }, (_, i) => SiteInputSchema.parse({ urn: 100001 + i, name: `School ${i}`, host: '127.0.0.1', user: 'b2b' })));
    const repo = new HistoryRepo(db, clock);
    for (let r = 0; r < 30; r++) {
      clock.set(T0 + r * 300_000);
      repo.recordRound(sites.map((s) => ({ siteId: s.id, ts: clock.now(), verdict: 'healthy', rawVerdict: 'healthy', latencyMs: 10, reasons: [], returns: {}, lastSuccess: {} })));
    }
    return () => db.close();
  });

  const plan = (sql: string, params: unknown): string[] =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as Record<string, unknown>) as { detail: string }[]).map((r) => r.detail);

  describe.each([
    { stats: 'without statistics', analyze: false },
    { stats: 'after ANALYZE', analyze: true },
  ])('$stats', ({ analyze }) => {
    it.each(cases)('$name', ({ sql, params, uses, scans }) => {
      if (analyze) db.exec('ANALYZE');
      const lines = plan(sql, params);
      for (const pattern of uses) expect(lines.some((l) => pattern.test(l)), `${pattern} in\n${lines.join('\n')}`).toBe(true);
      // The only full scans allowed are of the small per-site tables; never samples or rollups.
      const scanned = lines.filter((l) => l.startsWith('SCAN ')).map((l) => (l.split(' ')[1] ?? ''));
      expect(scanned.filter((t) => !(scans as readonly string[]).includes(t)), lines.join('\n')).toEqual([]);
    });
  });
});

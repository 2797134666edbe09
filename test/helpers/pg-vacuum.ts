import type pg from 'pg';

/**
 * As autovacuum leaves rollups the poller has moved past: every page all-visible, so index-only
 * reads skip the heap. The test cluster commits asynchronously and a VACUUM straight after the
 * load can leave pages unmarked, so it runs again until none is left.
 */
export async function allVisible(pool: pg.Pool): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await pool.query('VACUUM ANALYZE');
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('history_hourly', 'history_daily') AND relallvisible < relpages");
    if (rows[0]?.n === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the rollups never became all-visible');
}

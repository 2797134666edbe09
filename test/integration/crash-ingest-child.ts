// Child process for the crash-safety test: records poll rounds into a real database file in
// a loop and prints each round number once its transaction has committed. The parent kills
// it with SIGKILL at an arbitrary moment. Usage: node crash-ingest-child.ts <db file>
import { openDatabase } from '../../electron/core/store/sqlite/db.ts';
import { HistoryRepo } from '../../electron/core/store/sqlite/history-repo.ts';
import type { Sample } from '../../electron/core/store/history-types.ts';
import { ManualClock } from '../../shared/clock.ts';
import type { Verdict } from '../../shared/health/verdict.ts';

/** Round r is polled at T0 + r × STEP. T0 is the night the clocks go forward. */
export const T0 = Date.UTC(2026, 2, 28, 22, 0);
export const STEP = 5 * 60_000;
const MAX_ROUNDS = 50_000;
const CYCLE: Verdict[] = ['healthy', 'healthy', 'lagging', 'failing', 'unreachable', 'maintenance', 'healthy'];

export function roundSamples(siteIds: readonly number[], round: number): Sample[] {
  const ts = T0 + round * STEP;
  return siteIds.map((siteId) => {
    const verdict = CYCLE[(siteId + Math.floor(round / 4)) % CYCLE.length] ?? 'healthy';
    return {
      siteId,
      ts,
      verdict,
      rawVerdict: verdict,
      latencyMs: 50 + (siteId % 40),
      reasons: verdict === 'healthy' ? [] : [{ code: 'crash-test', severity: 'bad', message: `round ${round}` }],
      returns: (siteId + round) % 6 === 0 ? { attendance: 1 } : {},
      lastSuccess: (siteId + round) % 6 === 0 ? { attendance: new Date(ts).toISOString() } : {},
    };
  });
}

function main(file: string): void {
  const db = openDatabase(file);
  const clock = new ManualClock(T0);
  const repo = new HistoryRepo(db, clock);
  const siteIds = (db.prepare('SELECT id FROM sites ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  // Carry on after the last round that made it to disk, as a restarted console would.
  const last = (db.prepare('SELECT max(ts) AS ts FROM site_latest').get() as { ts: number | null }).ts;
  let round = last === null ? 1 : (last - T0) / STEP + 1;
  for (const end = round + MAX_ROUNDS; round < end; round++) {
    clock.set(T0 + round * STEP);
    repo.recordRound(roundSamples(siteIds, round));
    process.stdout.write(`${round}\n`);
  }
  db.close();
}

if (import.meta.main) main(process.argv[2] ?? '');

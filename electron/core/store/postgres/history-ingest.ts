// Writes a poll round on PostgreSQL: the same rows as SQLite's round writer, but decided in
// memory and written with one statement per table (rows as arrays), so a round of 500 sites
// costs a handful of round trips, not thousands.
import { CUM_COLUMNS } from '../history-columns.ts';
import { NO_POLLER_STATE, planSample, pollerValues, prevOf, rollupShares, type HistoryRow, type PrevLatest, type Share } from '../history-rows.ts';
import type { Bucket, HistoryOptions, RoundResult, Sample } from '../history-types.ts';
import { INSERT_SAMPLES_SQL, LATEST_ARRAYS, PREV_LATEST_SQL, ROLLUP_ARRAYS, SAMPLE_ARRAYS, WRITE_LATEST_SQL, lastRollupsSql, writeRollupsSql } from './history-sql.ts';
import type { PgDb } from './pg-db.ts';

/** Rows to one parameter per column, as unnest() takes them. */
const asColumns = (rows: readonly unknown[][], width: number): unknown[][] => Array.from({ length: width }, (_, i) => rows.map((r) => r[i] ?? null));

interface LatestWrite {
  siteId: number;
  fresh: boolean;
  /** Whether any sample of the round brought the poller's state. */
  poller: boolean;
  state: unknown[];
  firstTs: number;
  pollerState: unknown[];
  statusJson: unknown;
}

interface RollupRow {
  siteId: number;
  bucket: number;
  /** A new bucket: its running totals are whole; else everything is added to the stored row. */
  fresh: boolean;
  values: number[];
}

const POLLER_WIDTH = NO_POLLER_STATE.length - 1;

export class PgRoundWriter {
  readonly #db: PgDb;
  readonly #options: HistoryOptions;

  constructor(db: PgDb, options: HistoryOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** All or nothing. Samples not newer than a site's latest are skipped, as on SQLite. */
  async record(samples: readonly Sample[], nowMs: number): Promise<RoundResult> {
    if (samples.length === 0) return { recorded: 0, skipped: 0 };
    const nowS = Math.floor(nowMs / 1000);
    const keepFrom: Record<Bucket, number> = {
      hour: nowS - Math.floor(this.#options.hourlyRetentionMs / 1000),
      day: nowS - Math.floor(this.#options.dailyRetentionMs / 1000),
    };
    const ordered = [...samples].sort((a, b) => a.ts - b.ts);
    const ids = [...new Set(ordered.map((s) => s.siteId))];
    return this.#db.transaction(async () => {
      const prevRows = await this.#db.query<HistoryRow>(PREV_LATEST_SQL, [ids], 'history.prevLatest');
      const prev = new Map<number, PrevLatest>(prevRows.map((r) => [Number(r.siteId), prevOf(r)]));
      const rows: unknown[][] = [];
      const latest = new Map<number, LatestWrite>();
      const shares: Record<Bucket, { siteId: number; shares: Share[] }[]> = { hour: [], day: [] };
      for (const s of ordered) {
        const before = prev.get(s.siteId);
        const plan = planSample(s, before, this.#options.gapCapMs);
        if (!plan) continue;
        prev.set(s.siteId, plan.next);
        rows.push(plan.row);
        for (const bucket of ['hour', 'day'] as const) {
          const kept = rollupShares(bucket, plan.pieces, plan.endS, s.returns).filter((x) => x.bucket >= keepFrom[bucket]);
          if (kept.length > 0) shares[bucket].push({ siteId: s.siteId, shares: kept });
        }
        const write = latest.get(s.siteId) ?? { siteId: s.siteId, fresh: !before, poller: false, state: [], firstTs: s.ts, pollerState: NO_POLLER_STATE.slice(0, POLLER_WIDTH), statusJson: null };
        write.state = plan.state;
        if (s.poller) {
          const values = pollerValues(s.poller);
          write.poller = true;
          write.pollerState = values.slice(0, POLLER_WIDTH);
          write.statusJson = values[POLLER_WIDTH] ?? write.statusJson;
        }
        latest.set(s.siteId, write);
      }
      if (rows.length === 0) return { recorded: 0, skipped: ordered.length };
      await this.#db.run(INSERT_SAMPLES_SQL, asColumns(rows, SAMPLE_ARRAYS.length), 'history.insertSamples');
      for (const bucket of ['hour', 'day'] as const) await this.#writeRollups(bucket, shares[bucket]);
      const latestRows = [...latest.values()].map((w) => [w.siteId, w.fresh, w.poller, ...w.state, w.firstTs, ...w.pollerState, w.statusJson]);
      await this.#db.run(WRITE_LATEST_SQL, asColumns(latestRows, LATEST_ARRAYS.length), 'history.writeLatest');
      return { recorded: rows.length, skipped: ordered.length - rows.length };
    });
  }

  /**
   * Running totals only ever extend forwards: a share for a bucket after a site's newest row
   * starts a new row from that row's totals; one at or behind it adds to the row there, if
   * any (a bucket behind the newest with no row is already counted).
   */
  async #writeRollups(bucket: Bucket, perSite: readonly { siteId: number; shares: Share[] }[]): Promise<void> {
    if (perSite.length === 0) return;
    const ids = [...new Set(perSite.map((p) => p.siteId))];
    const lastRows = await this.#db.query<HistoryRow>(lastRollupsSql(bucket), [ids], `history.lastRollups.${bucket}`);
    const last = new Map(lastRows.map((r) => [Number(r.siteId), { bucket: Number(r.bucket), cum: CUM_COLUMNS.map((c) => Number(r[c] ?? 0)) }]));
    const out = new Map<string, RollupRow>();
    for (const { siteId, shares } of perSite) {
      for (const share of shares) {
        const key = `${siteId}:${share.bucket}`;
        const newest = last.get(siteId);
        if (newest && share.bucket <= newest.bucket) {
          const row = out.get(key) ?? { siteId, bucket: share.bucket, fresh: false, values: [...share.seconds, ...share.returns, ...share.deltas].map(() => 0) };
          [...share.seconds, ...share.returns, ...share.deltas].forEach((v, i) => (row.values[i] = (row.values[i] ?? 0) + v));
          out.set(key, row);
          if (share.bucket === newest.bucket) newest.cum = newest.cum.map((c, i) => c + (share.deltas[i] ?? 0));
        } else {
          const totals = CUM_COLUMNS.map((_, i) => (newest?.cum[i] ?? 0) + (share.deltas[i] ?? 0));
          out.set(key, { siteId, bucket: share.bucket, fresh: true, values: [...share.seconds, ...share.returns, ...totals] });
          last.set(siteId, { bucket: share.bucket, cum: totals });
        }
      }
    }
    const rollupRows = [...out.values()].map((r) => [r.siteId, r.bucket, r.fresh, ...r.values]);
    await this.#db.run(writeRollupsSql(bucket), asColumns(rollupRows, ROLLUP_ARRAYS.length), `history.writeRollups.${bucket}`);
  }
}

// Writes a poll round: raw samples, the hourly and daily rollups they extend, and each
// site's latest state, in one transaction.
import type { Reason } from '../../../../shared/health/verdict.ts';
import { DATASETS } from '../../../../shared/protocol/v1.ts';
import type { Db } from './db.ts';
import { attribute } from '../history-buckets.ts';
import { LAST_SUCCESS_COLUMNS, RETURN_COLUMNS } from './history-sql.ts';
import type { HistoryOptions, PollerState, RoundResult, Sample } from '../history-types.ts';
import { RollupWriter } from './rollups.ts';

const MAX_REASONS = 10;
const MAX_MESSAGE = 240;

/** Reasons are for reading, not archiving: cap them so a chatty agent cannot bloat every sample. */
export const compactReasons = (reasons: readonly Reason[]): string =>
  JSON.stringify(reasons.slice(0, MAX_REASONS).map((r) => (r.message.length > MAX_MESSAGE ? { ...r, message: `${r.message.slice(0, MAX_MESSAGE - 1)}…` } : r)));

const toMs = (iso: string | null | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
};

interface PrevRow {
  ts: number;
  verdict: string;
  since: number;
  [lastSuccess: string]: number | string | null;
}

const LATEST_STATE = ['ts', 'verdict', 'raw_verdict', 'since', 'latency_ms', 'reasons', ...LAST_SUCCESS_COLUMNS];
const POLLER_STATE = ['candidate', 'candidate_n', 'datasets', 'last_ok_at', 'failures', 'agent_version'];
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const NO_POLLER_STATE = [null, 0, '[]', null, 0, null, null];
const pollerValues = (p: PollerState) => [p.candidate, p.candidateN, JSON.stringify(p.datasets), p.lastOkAt, p.failures, p.agentVersion, p.statusJson];

export class RoundWriter {
  private readonly db: Db;
  private readonly options: HistoryOptions;
  private readonly hourly: RollupWriter;
  private readonly daily: RollupWriter;
  private readonly stmts;

  constructor(db: Db, options: HistoryOptions) {
    this.db = db;
    this.options = options;
    this.hourly = new RollupWriter(db, 'hour');
    this.daily = new RollupWriter(db, 'day');
    const sampleCols = ['site_id', 'ts', 'verdict', 'raw_verdict', 'latency_ms', 'gap_cap_s', 'reasons', ...RETURN_COLUMNS, ...LAST_SUCCESS_COLUMNS];
    this.stmts = {
      prev: db.prepare<[number], PrevRow>(`SELECT ts, verdict, since, ${LAST_SUCCESS_COLUMNS.join(', ')} FROM site_latest WHERE site_id = ?`),
      insertSample: db.prepare(`INSERT INTO history_samples (${sampleCols.join(', ')}) VALUES (${placeholders(sampleCols.length)})`),
      // first_ts is written once: the start of the site's observed time.
      insertLatest: db.prepare(`INSERT INTO site_latest (${LATEST_STATE.join(', ')}, site_id, first_ts, ${POLLER_STATE.join(', ')}, status_json) VALUES (${placeholders(LATEST_STATE.length + POLLER_STATE.length + 3)})`),
      updateLatest: db.prepare(`UPDATE site_latest SET ${LATEST_STATE.map((c) => `${c} = ?`).join(', ')} WHERE site_id = ?`),
      // A poll's state rides in the same row; a poll that brought no document keeps the last one.
      updateLatestAndPoller: db.prepare(
        `UPDATE site_latest SET ${[...LATEST_STATE, ...POLLER_STATE].map((c) => `${c} = ?`).join(', ')}, status_json = coalesce(?, status_json) WHERE site_id = ?`,
      ),
    };
  }

  /** All or nothing, so a crash never leaves half a round. Samples not newer than a site's latest are skipped. */
  record(samples: readonly Sample[], nowMs: number): RoundResult {
    const nowS = Math.floor(nowMs / 1000);
    const keepHourS = nowS - Math.floor(this.options.hourlyRetentionMs / 1000);
    const keepDayS = nowS - Math.floor(this.options.dailyRetentionMs / 1000);
    const ordered = [...samples].sort((a, b) => a.ts - b.ts);
    return this.db.transaction((): RoundResult => {
      let recorded = 0;
      for (const s of ordered) {
        const prev = this.stmts.prev.get(s.siteId);
        if (prev && s.ts <= prev.ts) continue;
        const reasons = compactReasons(s.reasons);
        const seen = DATASETS.map((d) => toMs(s.lastSuccess[d]));
        const capS = Math.floor(Math.max(this.options.gapCapMs, 2 * (s.intervalMs ?? 0)) / 1000);
        this.stmts.insertSample.run(s.siteId, s.ts, s.verdict, s.rawVerdict, s.latencyMs, capS, reasons, ...DATASETS.map((d) => s.returns[d] ?? 0), ...seen);

        const curS = Math.floor(s.ts / 1000);
        const pieces = prev ? attribute(Math.floor(prev.ts / 1000), curS, s.verdict, capS) : [];
        this.hourly.add(s.siteId, pieces, curS, s.returns, keepHourS);
        this.daily.add(s.siteId, pieces, curS, s.returns, keepDayS);

        // A dataset this poll could not see keeps its last known transfer.
        const known = DATASETS.map((d, i) => (s.lastSuccess[d] !== undefined ? seen[i] : (prev?.[LAST_SUCCESS_COLUMNS[i] ?? ''] ?? null)));
        const since = prev && prev.verdict === s.verdict ? prev.since : s.ts;
        const state = [s.ts, s.verdict, s.rawVerdict, since, s.latencyMs, reasons, ...known];
        const poller = s.poller ? pollerValues(s.poller) : NO_POLLER_STATE;
        if (!prev) this.stmts.insertLatest.run(...state, s.siteId, s.ts, ...poller);
        else if (s.poller) this.stmts.updateLatestAndPoller.run(...state, ...poller, s.siteId);
        else this.stmts.updateLatest.run(...state, s.siteId);
        recorded += 1;
      }
      return { recorded, skipped: ordered.length - recorded };
    })();
  }
}

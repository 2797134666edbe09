// Writes a poll round: raw samples, the hourly and daily rollups they extend, and each
// site's latest state, in one transaction.
import type { Db } from './db.ts';
import { LAST_SUCCESS_COLUMNS, LATEST_STATE_COLUMNS, POLLER_STATE_COLUMNS, SAMPLE_WRITE_COLUMNS } from '../history-columns.ts';
import { NO_POLLER_STATE, planSample, pollerValues, prevOf, type HistoryRow } from '../history-rows.ts';
import type { HistoryOptions, RoundResult, Sample } from '../history-types.ts';
import { RollupWriter } from './rollups.ts';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

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
    const latest = LATEST_STATE_COLUMNS;
    this.stmts = {
      prev: db.prepare<[number], HistoryRow>(`SELECT ts, verdict, since, ${LAST_SUCCESS_COLUMNS.join(', ')} FROM site_latest WHERE site_id = ?`),
      insertSample: db.prepare(`INSERT INTO history_samples (${SAMPLE_WRITE_COLUMNS.join(', ')}) VALUES (${placeholders(SAMPLE_WRITE_COLUMNS.length)})`),
      // first_ts is written once: the start of the site's observed time.
      insertLatest: db.prepare(
        `INSERT INTO site_latest (${latest.join(', ')}, site_id, first_ts, ${POLLER_STATE_COLUMNS.join(', ')}, status_json) VALUES (${placeholders(latest.length + POLLER_STATE_COLUMNS.length + 3)})`,
      ),
      updateLatest: db.prepare(`UPDATE site_latest SET ${latest.map((c) => `${c} = ?`).join(', ')} WHERE site_id = ?`),
      // A poll's state rides in the same row; a poll that brought no document keeps the last one.
      updateLatestAndPoller: db.prepare(
        `UPDATE site_latest SET ${[...latest, ...POLLER_STATE_COLUMNS].map((c) => `${c} = ?`).join(', ')}, status_json = coalesce(?, status_json) WHERE site_id = ?`,
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
        const prevRow = this.stmts.prev.get(s.siteId);
        const plan = planSample(s, prevRow ? prevOf(prevRow) : undefined, this.options.gapCapMs);
        if (!plan) continue;
        this.stmts.insertSample.run(...plan.row);
        this.hourly.add(s.siteId, plan.pieces, plan.endS, s.returns, keepHourS);
        this.daily.add(s.siteId, plan.pieces, plan.endS, s.returns, keepDayS);
        const poller = s.poller ? pollerValues(s.poller) : NO_POLLER_STATE;
        if (!prevRow) this.stmts.insertLatest.run(...plan.state, s.siteId, s.ts, ...poller);
        else if (s.poller) this.stmts.updateLatestAndPoller.run(...plan.state, ...poller, s.siteId);
        else this.stmts.updateLatest.run(...plan.state, s.siteId);
        recorded += 1;
      }
      return { recorded, skipped: ordered.length - recorded };
    })();
  }
}

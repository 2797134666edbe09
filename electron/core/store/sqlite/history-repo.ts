// Poll history: the poller records each round here; reports, charts and the fleet snapshot read it.
import type { Clock } from '../../../../shared/clock.ts';
import type { Verdict } from '../../../../shared/health/verdict.ts';
import { observedRange } from '../../../../shared/uptime.ts';
import type { Db } from './db.ts';
import { HistoryQueries } from './history-queries.ts';
import { RoundWriter } from './history-ingest.ts';
import { LATEST_ALL_SQL, LATEST_ONE_SQL, SITE_SAMPLES_SQL } from './history-sql.ts';
import { timelineResolution } from '../history-report.ts';
import { toLatest, toSample, type HistoryRow } from '../history-rows.ts';
import { secondsByVerdict, spansFromBuckets, spansFromSamples } from '../history-timeline.ts';
import {
  DEFAULT_HISTORY_OPTIONS,
  type HistoryOptions,
  type PruneReport,
  type RoundResult,
  type Sample,
  type SeriesPoint,
  type SeriesQuery,
  type SiteLatest,
  type StoredSample,
  type Timeline,
  type UptimeQuery,
  type UptimeReport,
} from '../history-types.ts';
import { Retention } from './retention.ts';

type Row = HistoryRow;

export class HistoryRepo {
  private readonly clock: Clock;
  private readonly options: HistoryOptions;
  private readonly queries: HistoryQueries;
  private readonly retention: Retention;
  private readonly writer: RoundWriter;
  private readonly stmts;

  constructor(db: Db, clock: Clock, options: Partial<HistoryOptions> = {}) {
    this.clock = clock;
    this.options = { ...DEFAULT_HISTORY_OPTIONS, ...options };
    this.queries = new HistoryQueries(db, clock, this.options);
    this.retention = new Retention(db, this.options);
    this.writer = new RoundWriter(db, this.options);
    this.stmts = {
      latestAll: db.prepare<[], Row>(LATEST_ALL_SQL),
      latestOne: db.prepare<[number], Row>(LATEST_ONE_SQL),
      samples: db.prepare<[{ siteId: number; from: number; to: number }], Row>(SITE_SAMPLES_SQL),
      firstPoll: db.prepare<[number], { firstTs: number | null }>('SELECT first_ts AS firstTs FROM site_latest WHERE site_id = ?'),
    };
  }

  /**
   * Writes one poll round in one transaction: every sample, the rollups they extend and each
   * site's latest state. All or nothing, so a crash never leaves half a round.
   */
  recordRound(samples: readonly Sample[]): RoundResult {
    return this.writer.record(samples, this.clock.now());
  }

  /** Every site's latest sample: the fleet snapshot in one read. */
  latest(): SiteLatest[] {
    return this.stmts.latestAll.all().map(toLatest);
  }

  latestFor(siteId: number): SiteLatest | null {
    const row = this.stmts.latestOne.get(siteId);
    return row ? toLatest(row) : null;
  }

  /** Raw samples of one site with ts in (from, to]; only the raw window is kept. */
  samples(siteId: number, from: number, to: number): StoredSample[] {
    return this.stmts.samples
      .all({ siteId, from, to })
      .map(toSample)
      .filter((s) => s.ts > from);
  }

  uptime(q: UptimeQuery): UptimeReport {
    return this.queries.uptime(q);
  }

  series(q: SeriesQuery): SeriesPoint[] {
    return this.queries.series(q);
  }

  /** When the site was first polled (ms), or null if it never has been. */
  firstPollAt(siteId: number): number | null {
    return this.stmts.firstPoll.get(siteId)?.firstTs ?? null;
  }

  /**
   * Verdict spans of one site over [from, to): exact within the raw window, else per rollup
   * bucket; both only from the first poll on. The seconds per verdict are the uptime report's.
   */
  timeline(siteId: number, from: number, to: number): Timeline {
    const now = this.clock.now();
    const observed = observedRange(from, to, this.firstPollAt(siteId));
    const seconds = observed ? secondsByVerdict(this.queries.reportedBuckets(siteId, from, to)) : [];
    const resolution = timelineResolution(from, to, now, this.options);
    if (resolution === 'sample') {
      const rows = observed ? this.stmts.samples.all({ siteId, from, to }).map((r) => ({ ts: Number(r.ts), verdict: r.verdict as Verdict, gapCapS: Number(r.gapCapS) })) : [];
      return { resolution, spans: spansFromSamples(rows, from, to), observed, seconds };
    }
    // Rows are read for the whole window: the bucket holding the first poll starts before it.
    const spans = observed ? spansFromBuckets(this.queries.siteBuckets(siteId, resolution, from, to), resolution, observed.from, to) : [];
    return { resolution, spans, observed, seconds };
  }

  /** Applies retention as of `now`, in short transactions. */
  prune(now: number = this.clock.now()): Promise<PruneReport> {
    return this.retention.prune(now);
  }
}

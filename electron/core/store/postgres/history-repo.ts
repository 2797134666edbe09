// Poll history on PostgreSQL: the poller records each round here; reports, charts and the
// fleet snapshot read it. Behaviour is SQLite's (store/sqlite/history-repo.ts), shared pure
// parts in store/history-*.ts.
import type { Clock } from '../../../../shared/clock.ts';
import type { Verdict } from '../../../../shared/health/verdict.ts';
import { observedRange } from '../../../../shared/uptime.ts';
import { bucketRange, needsGroups, planSources, seriesPoints, seriesPointsFromColumns, timelineResolution, uptimeParts, uptimeReport, uptimeSiteIds, type NumberRow, type SiteGroups } from '../history-report.ts';
import { toLatest, toSample, type HistoryRow } from '../history-rows.ts';
import { secondsByVerdict, spansFromBuckets, spansFromSamples } from '../history-timeline.ts';
import {
  DEFAULT_HISTORY_OPTIONS,
  type Bucket,
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
import type { StoreAreas } from '../store.ts';
import { PgRoundWriter } from './history-ingest.ts';
import { PgRetention } from './history-retention.ts';
import { FIRST_POLL_SQL, LATEST_ALL_SQL, LATEST_ONE_SQL, SITE_SAMPLES_SQL, fleetBucketsSql, siteBucketsSql, siteSeriesSql, uptimeSql } from './history-sql.ts';
import type { PgDb } from './pg-db.ts';

/** siteSeriesSql's one row: a column of numbers per name, null when the range holds no rows. */
type SeriesColumns = Record<string, number[] | null>;

interface Parts {
  options: HistoryOptions;
  writer: PgRoundWriter;
  retention: PgRetention;
}

export class PgHistoryRepo {
  readonly #db: PgDb;
  readonly #clock: Clock;
  readonly #given: Partial<HistoryOptions>;
  readonly #settings: StoreAreas['settings'] | undefined;
  #parts: Parts | null = null;

  /** Retention comes from the stored settings (read once, as SQLite reads them at open) unless given. */
  constructor(db: PgDb, clock: Clock, options: Partial<HistoryOptions> = {}, settings?: StoreAreas['settings']) {
    this.#db = db;
    this.#clock = clock;
    this.#given = options;
    this.#settings = settings;
  }

  async #ready(): Promise<Parts> {
    if (this.#parts) return this.#parts;
    const retention = this.#settings ? (await this.#settings.all()).retention : null;
    const fromSettings: Partial<HistoryOptions> = retention ? { rawRetentionMs: retention.rawHours * 3_600_000, hourlyRetentionMs: retention.hourlyDays * 86_400_000 } : {};
    const options = { ...DEFAULT_HISTORY_OPTIONS, ...fromSettings, ...this.#given };
    this.#parts = { options, writer: new PgRoundWriter(this.#db, options), retention: new PgRetention(this.#db, options) };
    return this.#parts;
  }

  /** One poll round in one transaction: every sample, the rollups they extend and each site's latest state. */
  async recordRound(samples: readonly Sample[]): Promise<RoundResult> {
    const { writer } = await this.#ready();
    return writer.record(samples, this.#clock.now());
  }

  /** Every site's latest sample: the fleet snapshot in one read. */
  async latest(): Promise<SiteLatest[]> {
    return (await this.#db.query<HistoryRow>(LATEST_ALL_SQL, [], 'history.latestAll')).map(toLatest);
  }

  async latestFor(siteId: number): Promise<SiteLatest | null> {
    const row = await this.#db.maybeOne<HistoryRow>(LATEST_ONE_SQL, [siteId], 'history.latestOne');
    return row ? toLatest(row) : null;
  }

  /** Raw samples of one site with ts in (from, to]; only the raw window is kept. */
  async samples(siteId: number, from: number, to: number): Promise<StoredSample[]> {
    return (await this.#sampleRows(siteId, from, to)).map(toSample).filter((s) => s.ts > from);
  }

  async uptime(q: UptimeQuery): Promise<UptimeReport> {
    const { options } = await this.#ready();
    const sources = planSources(q.from, q.to, this.#clock.now(), options);
    const groupRows = needsGroups(q) ? await this.#db.query<SiteGroups>('SELECT id, area, phase, type_group FROM sites', [], 'history.siteGroups') : [];
    const ids = uptimeSiteIds(q, groupRows);
    const parts = uptimeParts(sources);
    const params = [ids, ...parts.flatMap((src) => [src.from / 1000, src.to / 1000])];
    const buckets = parts.map((src) => src.bucket);
    const rows = await this.#db.query<NumberRow>(uptimeSql(buckets), params, `history.uptime.${buckets.join('.')}`);
    return uptimeReport(q, sources, rows, groupRows);
  }

  /** Chart points for one site or the fleet, one per bucket in range, empty buckets included. */
  async series(q: SeriesQuery): Promise<SeriesPoint[]> {
    const { a, b } = bucketRange(q.bucket, q.from, q.to);
    if (b <= a) return [];
    if (q.siteId !== null) return seriesPointsFromColumns(q.bucket, a, b, await this.#db.one<SeriesColumns>(siteSeriesSql(q.bucket), [q.siteId, a, b], `history.siteSeries.${q.bucket}`));
    return seriesPoints(q.bucket, a, b, await this.#db.query<NumberRow>(fleetBucketsSql(q.bucket), [a, b], `history.fleetSeries.${q.bucket}`));
  }

  /** When the site was first polled (ms), or null if it never has been. */
  async firstPollAt(siteId: number): Promise<number | null> {
    return (await this.#db.maybeOne<{ firstTs: number | null }>(FIRST_POLL_SQL, [siteId], 'history.firstPoll'))?.firstTs ?? null;
  }

  /**
   * Verdict spans of one site over [from, to): exact within the raw window, else per rollup
   * bucket; both only from the first poll on. The seconds per verdict are the uptime report's.
   */
  async timeline(siteId: number, from: number, to: number): Promise<Timeline> {
    const { options } = await this.#ready();
    const now = this.#clock.now();
    const observed = observedRange(from, to, await this.firstPollAt(siteId));
    const reported: NumberRow[] = [];
    if (observed) for (const src of planSources(from, to, now, options)) reported.push(...(await this.#siteBuckets(siteId, src.bucket, src.from, src.to)));
    const seconds = secondsByVerdict(reported);
    const resolution = timelineResolution(from, to, now, options);
    if (resolution === 'sample') {
      const rows = observed ? (await this.#sampleRows(siteId, from, to)).map((r) => ({ ts: Number(r.ts), verdict: r.verdict as Verdict, gapCapS: Number(r.gapCapS) })) : [];
      return { resolution, spans: spansFromSamples(rows, from, to), observed, seconds };
    }
    // Rows are read for the whole window: the bucket holding the first poll starts before it.
    const spans = observed ? spansFromBuckets(await this.#siteBuckets(siteId, resolution, from, to), resolution, observed.from, to) : [];
    return { resolution, spans, observed, seconds };
  }

  /** Applies retention as of `now`, in short transactions. */
  async prune(now: number = this.#clock.now()): Promise<PruneReport> {
    const { retention } = await this.#ready();
    return retention.prune(now);
  }

  #sampleRows(siteId: number, from: number, to: number): Promise<HistoryRow[]> {
    return this.#db.query<HistoryRow>(SITE_SAMPLES_SQL, [siteId, from, to], 'history.siteSamples');
  }

  async #siteBuckets(siteId: number, bucket: Bucket, fromMs: number, toMs: number): Promise<NumberRow[]> {
    const { a, b } = bucketRange(bucket, fromMs, toMs);
    return b <= a ? [] : this.#db.query<NumberRow>(siteBucketsSql(bucket), [siteId, a, b], `history.siteBuckets.${bucket}`);
  }
}

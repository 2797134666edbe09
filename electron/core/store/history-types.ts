// The history store's vocabulary: what the poller hands in and what the queries hand back.
import type { DatasetFreshness, Reason, Verdict } from '../../../shared/health/verdict.ts';
import type { SiteTimeline } from '../../../shared/fleet.ts';
import type { Dataset } from '../../../shared/protocol/v1.ts';

export type DatasetCounts = Record<Dataset, number>;
export type DatasetTimes = Record<Dataset, string | null>;

/** One poll result of one site, as the poller records it once per round. */
export interface Sample {
  siteId: number;
  /** When the poll finished, ms since the epoch. */
  ts: number;
  /** The effective (damped) verdict: what uptime is counted on. */
  verdict: Verdict;
  /** The verdict of this poll alone, before damping. */
  rawVerdict: Verdict;
  latencyMs: number | null;
  reasons: readonly Reason[];
  /** New successful transfers per dataset since the site's previous sample; missing means 0. */
  returns: Partial<DatasetCounts>;
  /**
   * Last successful transfer per dataset (ISO; read back in UTC, e.g. '…T08:00:00.000Z').
   * Missing = not observed this poll (the last known value is kept); null = never.
   */
  lastSuccess: Partial<DatasetTimes>;
  /** The site's poll interval, if longer than usual: widens the gap allowed before time counts as unknown. */
  intervalMs?: number;
  /** The poller's state after this poll, kept in the same latest-state row; absent, the stored one stays. */
  poller?: PollerState;
}

/** What the poller carries from one poll to the next besides the verdict: damping and the last document. */
export interface PollerState {
  candidate: Verdict | null;
  candidateN: number;
  datasets: readonly DatasetFreshness[];
  lastOkAt: number | null;
  failures: number;
  /** Null keeps the document stored before: the last one the agent sent stays until it sends another. */
  statusJson: string | null;
  agentVersion: string | null;
}

/** The latest sample of a site: one row per site, what the fleet snapshot reads. */
export interface SiteLatest {
  siteId: number;
  ts: number;
  verdict: Verdict;
  rawVerdict: Verdict;
  /** When the site entered its current effective verdict (ms). */
  since: number;
  latencyMs: number | null;
  reasons: Reason[];
  lastSuccess: DatasetTimes;
}

/** A stored raw sample (kept for the raw window only). */
export interface StoredSample {
  siteId: number;
  ts: number;
  verdict: Verdict;
  rawVerdict: Verdict;
  latencyMs: number | null;
  reasons: Reason[];
  returns: DatasetCounts;
  lastSuccess: DatasetTimes;
}

export interface RoundResult {
  recorded: number;
  /** Samples not newer than the site's latest one (a duplicate or a clock step back). */
  skipped: number;
}

export const GROUP_COLUMNS = ['area', 'phase', 'type_group'] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];

export interface UptimeQuery {
  /** ms epoch; resolved to whole hours: a bucket counts when its start lies in [from, to). */
  from: number;
  to: number;
  siteIds?: readonly number[];
  /** Only the sites in one group, e.g. { by: 'area', value: 'North' }. */
  group?: { by: GroupColumn; value: string | null };
  /** Also total per group of this column. */
  groupBy?: GroupColumn;
  /** Count one site's rows under another (a predecessor under the academy that carries on). */
  foldInto?: ReadonlyMap<number, number>;
}

export interface UptimeTotals {
  secondsUp: number;
  secondsDown: number;
  secondsExcluded: number;
  /** Up / (up + down); null when no time was counted. */
  uptime: number | null;
  returns: DatasetCounts;
}

export interface SiteUptime extends UptimeTotals {
  siteId: number;
}

export interface GroupUptime extends UptimeTotals {
  group: string | null;
  sites: number;
}

export interface UptimeReport {
  /** The range actually covered, after rounding to the buckets the rollups hold. */
  from: number;
  to: number;
  /** Which rollups answered which part of the range. */
  sources: { bucket: 'hour' | 'day'; from: number; to: number }[];
  sites: SiteUptime[];
  groups: GroupUptime[];
  fleet: UptimeTotals & { sites: number };
}

export type Bucket = 'hour' | 'day';

export interface SeriesQuery {
  /** null: the whole fleet. */
  siteId: number | null;
  from: number;
  to: number;
  bucket: Bucket;
}

/** One chart point: seconds per class (site-seconds for the fleet) in the bucket starting at t. */
export interface SeriesPoint {
  t: number;
  up: number;
  down: number;
  excluded: number;
  returns: DatasetCounts;
}

export interface TimelineSpan {
  from: number;
  to: number;
  verdict: Verdict;
}

/** What site.timeline answers: see SiteTimelineSchema in shared/fleet.ts. */
export type Timeline = SiteTimeline;

export interface PruneReport {
  samples: number;
  hourly: number;
  daily: number;
  batches: number;
  /** The longest single transaction: how long a poll round could have waited for the write lock. */
  longestBatchMs: number;
}

export interface HistoryOptions {
  /** Longest gap between two samples credited to the later verdict; time beyond it counts as 'unknown'. */
  gapCapMs: number;
  rawRetentionMs: number;
  hourlyRetentionMs: number;
  dailyRetentionMs: number;
  /** Rows deleted per retention transaction. */
  pruneBatchRows: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const DEFAULT_HISTORY_OPTIONS: HistoryOptions = {
  gapCapMs: 15 * 60_000,
  rawRetentionMs: 48 * HOUR_MS,
  hourlyRetentionMs: 90 * DAY_MS,
  dailyRetentionMs: 1827 * DAY_MS,
  pruneBatchRows: 5_000,
};

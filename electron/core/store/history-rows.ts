// What both backends do with history rows: read them into the contract's shapes, and decide
// what one sample writes (its row, its latest state, its shares of the rollups). Pure.
import { VERDICTS, type Reason, type Verdict } from '../../../shared/health/verdict.ts';
import { DATASETS } from '../../../shared/protocol/v1.ts';
import { attribute, bucketBounds, splitIntoBuckets, type Piece } from './history-buckets.ts';
import { CLASSES, CUM_COLUMNS, classOf, lastSuccessColumn, returnColumn } from './history-columns.ts';
import type { Bucket, DatasetCounts, DatasetTimes, PollerState, Sample, SiteLatest, StoredSample } from './history-types.ts';

export type HistoryRow = Record<string, string | number | null>;

const MAX_REASONS = 10;
const MAX_MESSAGE = 240;

/** Reasons are for reading, not archiving: cap them so a chatty agent cannot bloat every sample. */
export const compactReasons = (reasons: readonly Reason[]): string =>
  JSON.stringify(reasons.slice(0, MAX_REASONS).map((r) => (r.message.length > MAX_MESSAGE ? { ...r, message: `${r.message.slice(0, MAX_MESSAGE - 1)}…` } : r)));

const toMs = (iso: string | null | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
};
const toIso = (ms: string | number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const timesOf = (r: HistoryRow): DatasetTimes => Object.fromEntries(DATASETS.map((d) => [d, toIso(r[lastSuccessColumn(d)])])) as DatasetTimes;
const countsOf = (r: HistoryRow): DatasetCounts => Object.fromEntries(DATASETS.map((d) => [d, Number(r[returnColumn(d)] ?? 0)])) as DatasetCounts;

/** A site_latest row (siteId, ts, verdict, rawVerdict, since, latencyMs, reasons, ls_*). */
export const toLatest = (r: HistoryRow): SiteLatest => ({
  siteId: Number(r.siteId),
  ts: Number(r.ts),
  verdict: r.verdict as Verdict,
  rawVerdict: r.rawVerdict as Verdict,
  since: Number(r.since),
  latencyMs: r.latencyMs === null ? null : Number(r.latencyMs),
  reasons: JSON.parse(String(r.reasons)) as Reason[],
  lastSuccess: timesOf(r),
});

/** A history_samples row (siteId, ts, verdict, rawVerdict, latencyMs, reasons, r_*, ls_*). */
export const toSample = (r: HistoryRow): StoredSample => ({
  siteId: Number(r.siteId),
  ts: Number(r.ts),
  verdict: r.verdict as Verdict,
  rawVerdict: r.rawVerdict as Verdict,
  latencyMs: r.latencyMs === null ? null : Number(r.latencyMs),
  reasons: JSON.parse(String(r.reasons)) as Reason[],
  returns: countsOf(r),
  lastSuccess: timesOf(r),
});

/** What a site's previous sample leaves for the next: read from its site_latest row. */
export interface PrevLatest {
  ts: number;
  verdict: string;
  since: number;
  /** Last success per dataset (ms), in DATASETS order. */
  known: (number | null)[];
}

export const prevOf = (r: HistoryRow): PrevLatest => ({
  ts: Number(r.ts),
  verdict: String(r.verdict),
  since: Number(r.since),
  known: DATASETS.map((d) => (r[lastSuccessColumn(d)] === null || r[lastSuccessColumn(d)] === undefined ? null : Number(r[lastSuccessColumn(d)]))),
});

export interface PlannedSample {
  /** history_samples values, in SAMPLE_WRITE_COLUMNS order. */
  row: unknown[];
  /** site_latest's history half, in LATEST_STATE_COLUMNS order. */
  state: unknown[];
  /** The time since the previous sample, by verdict; empty for a site's first. */
  pieces: Piece[];
  endS: number;
  next: PrevLatest;
}

/** A sample not newer than the site's latest is skipped (null): a duplicate or a clock step back. */
export function planSample(s: Sample, prev: PrevLatest | undefined, gapCapMs: number): PlannedSample | null {
  if (prev && s.ts <= prev.ts) return null;
  const reasons = compactReasons(s.reasons);
  const seen = DATASETS.map((d) => toMs(s.lastSuccess[d]));
  const capS = Math.floor(Math.max(gapCapMs, 2 * (s.intervalMs ?? 0)) / 1000);
  const endS = Math.floor(s.ts / 1000);
  const pieces = prev ? attribute(Math.floor(prev.ts / 1000), endS, s.verdict, capS) : [];
  // A dataset this poll could not see keeps its last known transfer.
  const known = DATASETS.map((d, i) => (s.lastSuccess[d] !== undefined ? (seen[i] ?? null) : (prev?.known[i] ?? null)));
  const since = prev && prev.verdict === s.verdict ? prev.since : s.ts;
  return {
    row: [s.siteId, s.ts, s.verdict, s.rawVerdict, s.latencyMs, capS, reasons, ...DATASETS.map((d) => s.returns[d] ?? 0), ...seen],
    state: [s.ts, s.verdict, s.rawVerdict, since, s.latencyMs, reasons, ...known],
    pieces,
    endS,
    next: { ts: s.ts, verdict: s.verdict, since, known },
  };
}

/** The poller's half of a new site_latest row when the first sample brought none. */
export const NO_POLLER_STATE: unknown[] = [null, 0, '[]', null, 0, null, null];
/** POLLER_STATE_COLUMNS' values, then status_json. */
export const pollerValues = (p: PollerState): unknown[] => [p.candidate, p.candidateN, JSON.stringify(p.datasets), p.lastOkAt, p.failures, p.agentVersion, p.statusJson];

/** One bucket's share of a sample, as columns: verdict seconds, returns, running-total deltas. */
export interface Share {
  bucket: number;
  seconds: number[];
  returns: number[];
  deltas: number[];
}

const CLASS_INDEX = new Map(CLASSES.map((c, i) => [c, i]));
const VERDICT_CLASS = VERDICTS.map((v) => CLASS_INDEX.get(classOf(v)) ?? 0);

/**
 * One sample's shares of a rollup table: its pieces of time, and its returns in the bucket of
 * its last second (the returns arrived during the interval it closes). In bucket order.
 */
export function rollupShares(bucket: Bucket, pieces: readonly Piece[], endS: number, returns: Partial<DatasetCounts>): Share[] {
  const shares: Share[] = splitIntoBuckets(bucket, pieces).map((b) => {
    const seconds = VERDICTS.map((v) => b.seconds[v] ?? 0);
    const deltas = CUM_COLUMNS.map(() => 0);
    seconds.forEach((s, i) => {
      const c = VERDICT_CLASS[i] ?? 0;
      deltas[c] = (deltas[c] ?? 0) + s;
    });
    return { bucket: b.bucket, seconds, returns: DATASETS.map(() => 0), deltas };
  });
  const counts = DATASETS.map((d) => returns[d] ?? 0);
  if (counts.some((n) => n > 0)) {
    const at = bucketBounds(bucket, endS - 1).start;
    let share = shares.find((s) => s.bucket === at);
    if (!share) {
      share = { bucket: at, seconds: VERDICTS.map(() => 0), returns: DATASETS.map(() => 0), deltas: CUM_COLUMNS.map(() => 0) };
      shares.push(share);
      shares.sort((x, y) => x.bucket - y.bucket);
    }
    share.returns = counts;
    counts.forEach((n, i) => (share.deltas[CLASSES.length + i] = n));
  }
  return shares;
}

// Time attribution for the rollups: which verdict gets the time between two samples,
// and how that time splits over UTC hours and Europe/London days. Pure.
import type { Verdict } from '../../../shared/health/verdict.ts';
import { londonDayStart, londonMidnight, addDays, londonDate } from '../../../shared/uptime.ts';
import type { Bucket } from './history-types.ts';

export const HOUR_S = 3_600;

/** A stretch of time [start, end) in epoch seconds, spent in one verdict. */
export interface Piece {
  start: number;
  end: number;
  verdict: Verdict;
}

/** Seconds per verdict inside one bucket. */
export interface BucketTime {
  bucket: number;
  seconds: Partial<Record<Verdict, number>>;
}

/**
 * The time from a site's previous sample to this one belongs to this sample's verdict: a
 * poll's verdict is evidence about the interval it looks back over (did the transfer that
 * was due happen?). Beyond the cap nobody was watching, so that older part is 'unknown'.
 */
export function attribute(prevS: number, curS: number, verdict: Verdict, capS: number): Piece[] {
  if (curS <= prevS) return [];
  const credited = Math.max(prevS, curS - capS);
  const pieces: Piece[] = [];
  if (credited > prevS) pieces.push({ start: prevS, end: credited, verdict: 'unknown' });
  pieces.push({ start: credited, end: curS, verdict });
  return pieces;
}

export const hourStart = (s: number): number => Math.floor(s / HOUR_S) * HOUR_S;

// Every London day is a run of whole UTC hours, so days are cached by hour: rounds and chart
// series ask for the same few days over and over, and Intl is slow by comparison.
const dayByHour = new Map<number, { start: number; end: number }>();

/** The London day containing epoch second s, as [start, end) epoch seconds. */
export function dayBounds(s: number): { start: number; end: number } {
  const hour = Math.floor(s / HOUR_S);
  const cached = dayByHour.get(hour);
  if (cached) return cached;
  const date = londonDate(s * 1000);
  const day = { start: londonDayStart(s * 1000) / 1000, end: londonMidnight(addDays(date, 1)) / 1000 };
  if (dayByHour.size > 200_000) dayByHour.clear();
  for (let h = day.start / HOUR_S; h < day.end / HOUR_S; h++) dayByHour.set(h, day);
  return day;
}

export function bucketBounds(bucket: Bucket, s: number): { start: number; end: number } {
  if (bucket === 'day') return dayBounds(s);
  const start = hourStart(s);
  return { start, end: start + HOUR_S };
}

/** First bucket boundary at or after s. */
export function ceilToBucket(bucket: Bucket, s: number): number {
  const { start, end } = bucketBounds(bucket, s);
  return start === s ? s : end;
}

/** Splits pieces over buckets, in bucket order; pieces must be in time order. */
export function splitIntoBuckets(bucket: Bucket, pieces: readonly Piece[]): BucketTime[] {
  const out: BucketTime[] = [];
  for (const piece of pieces) {
    let at = piece.start;
    while (at < piece.end) {
      const { start, end } = bucketBounds(bucket, at);
      const upto = Math.min(end, piece.end);
      let last = out[out.length - 1];
      if (last?.bucket !== start) {
        last = { bucket: start, seconds: {} };
        out.push(last);
      }
      last.seconds[piece.verdict] = (last.seconds[piece.verdict] ?? 0) + (upto - at);
      at = upto;
    }
  }
  return out;
}

/** Bucket starts in [from, to): every chart point, including the empty ones. */
export function bucketStarts(bucket: Bucket, fromS: number, toS: number): number[] {
  const out: number[] = [];
  for (let t = ceilToBucket(bucket, fromS); t < toS; t = bucketBounds(bucket, t).end) out.push(t);
  return out;
}

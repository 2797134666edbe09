// Verdict spans for a site's timeline: exact from raw samples while they are kept, else the
// dominant verdict of each rollup bucket. Pure: the repo feeds it rows.
import { VERDICT_RANK, VERDICTS, type Verdict } from '../../../shared/health/verdict.ts';
import { attribute, bucketBounds } from './history-buckets.ts';
import { verdictColumn } from './history-columns.ts';
import type { Bucket, TimelineSpan } from './history-types.ts';

function push(spans: TimelineSpan[], span: TimelineSpan): void {
  if (span.to <= span.from) return;
  const last = spans[spans.length - 1];
  if (last && last.verdict === span.verdict && last.to === span.from) last.to = span.to;
  else spans.push(span);
}

/**
 * Spans between consecutive samples, attributed exactly as the rollups attribute them, so the
 * timeline and the uptime figures never disagree. Samples must be in time order and may start
 * with the last one at or before fromMs.
 */
export function spansFromSamples(samples: readonly { ts: number; verdict: Verdict; gapCapS: number }[], fromMs: number, toMs: number): TimelineSpan[] {
  const spans: TimelineSpan[] = [];
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1];
    const cur = samples[i];
    if (!prev || !cur) continue;
    for (const p of attribute(Math.floor(prev.ts / 1000), Math.floor(cur.ts / 1000), cur.verdict, cur.gapCapS)) {
      push(spans, { from: Math.max(fromMs, p.start * 1000), to: Math.min(toMs, p.end * 1000), verdict: p.verdict });
    }
  }
  return spans;
}

/** The verdict with the most time in a bucket; a tie goes to the worse one, so a tie never hides trouble. */
export function dominantVerdict(row: Record<string, number>): Verdict | null {
  let best: Verdict | null = null;
  let bestSeconds = 0;
  for (const v of VERDICTS) {
    const s = row[verdictColumn(v)] ?? 0;
    if (s > bestSeconds || (s === bestSeconds && s > 0 && best !== null && VERDICT_RANK[v] > VERDICT_RANK[best])) {
      best = v;
      bestSeconds = s;
    }
  }
  return best;
}

/**
 * One span per rollup bucket with any time in it, merged where neighbours agree. Clipped to
 * [fromMs, toMs): the bucket holding the first poll starts at that poll, not at its own start.
 */
export function spansFromBuckets(rows: readonly Record<string, number>[], bucket: Bucket, fromMs: number, toMs: number): TimelineSpan[] {
  const spans: TimelineSpan[] = [];
  for (const row of rows) {
    const verdict = dominantVerdict(row);
    const t = row.t ?? 0;
    if (verdict) push(spans, { from: Math.max(fromMs, t * 1000), to: Math.min(toMs, bucketBounds(bucket, t).end * 1000), verdict });
  }
  return spans;
}

/** Seconds per verdict over rollup rows, worst first; verdicts with no time are left out. */
export function secondsByVerdict(rows: readonly Record<string, number>[]): { verdict: Verdict; seconds: number }[] {
  return VERDICTS.map((verdict) => ({ verdict, seconds: rows.reduce((n, r) => n + (r[verdictColumn(verdict)] ?? 0), 0) }))
    .filter((v) => v.seconds > 0)
    .sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict]);
}

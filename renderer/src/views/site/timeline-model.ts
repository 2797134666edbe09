// Verdict spans → what the timeline draws and says. Pure, so the summary sentence and the
// band always agree with each other and with the uptime maths in shared/uptime.ts.
import { VERDICT_RANK, type Verdict } from '../../../../shared/health/verdict.ts';
import type { SiteTimeline, VerdictSpan } from '../../../../shared/fleet.ts';
import { verdictTotals } from '../../../../shared/uptime.ts';

export interface Segment {
  verdict: Verdict;
  from: number;
  to: number;
  /** Position and width as fractions of the window, 0..1. */
  x: number;
  width: number;
}

export interface TimelineSummary {
  ratio: number | null;
  secondsUp: number;
  secondsDown: number;
  /** When watching began in this window (first poll or the window's start); null: not yet monitored. */
  observedFrom: number | null;
  /** Seconds per verdict, worst first, for the legend. */
  byVerdict: { verdict: Verdict; seconds: number }[];
}

export function layoutSpans(spans: readonly VerdictSpan[], from: number, to: number): Segment[] {
  const total = to - from;
  if (total <= 0) return [];
  const out: Segment[] = [];
  for (const s of spans) {
    const a = Math.max(from, s.from);
    const b = Math.min(to, s.to);
    if (b <= a) continue;
    out.push({ verdict: s.verdict, from: a, to: b, x: (a - from) / total, width: (b - a) / total });
  }
  return out;
}

/**
 * The figures the site page states. They come from the answer's exact seconds (the uptime
 * report's own), not from the drawn spans: a bucket drawn in its dominant verdict would
 * overstate whichever verdict won it.
 */
export function summariseTimeline(timeline: Pick<SiteTimeline, 'observed' | 'seconds'>): TimelineSummary {
  const byVerdict = [...timeline.seconds].sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict]);
  const totals = verdictTotals(Object.fromEntries(byVerdict.map((v) => [v.verdict, v.seconds])));
  return { ratio: totals.uptime, secondsUp: totals.secondsUp, secondsDown: totals.secondsDown, observedFrom: timeline.observed?.from ?? null, byVerdict };
}

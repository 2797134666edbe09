// Verdict spans → what the timeline draws and says. Pure, so the summary sentence and the
// band always agree with each other and with the uptime maths in shared/uptime.ts.
import { DOWN_VERDICTS, UP_VERDICTS, VERDICT_RANK, type Verdict } from '../../../../shared/health/verdict.ts';
import type { VerdictSpan } from '../../../../shared/fleet.ts';
import { uptimeRatio } from '../../../../shared/uptime.ts';

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
  /** Time with a verdict of any kind: how much of the window history covers. */
  coveredMs: number;
  firstAt: number | null;
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

export function summariseSpans(spans: readonly VerdictSpan[]): TimelineSummary {
  const seconds = new Map<Verdict, number>();
  let coveredMs = 0;
  let firstAt: number | null = null;
  for (const s of spans) {
    const ms = Math.max(0, s.to - s.from);
    coveredMs += ms;
    firstAt = firstAt === null ? s.from : Math.min(firstAt, s.from);
    seconds.set(s.verdict, (seconds.get(s.verdict) ?? 0) + ms / 1000);
  }
  const sum = (vs: readonly Verdict[]) => vs.reduce((n, v) => n + (seconds.get(v) ?? 0), 0);
  const secondsUp = sum(UP_VERDICTS);
  const secondsDown = sum(DOWN_VERDICTS);
  const byVerdict = [...seconds.entries()].map(([verdict, s]) => ({ verdict, seconds: s })).sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict]);
  return { ratio: uptimeRatio(secondsUp, secondsDown), secondsUp, secondsDown, coveredMs, firstAt, byVerdict };
}

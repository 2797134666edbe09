// Times as a person on the support desk reads them: "12 min ago", and the exact time on hover.
import { useEffect, useState } from 'react';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function formatAgo(at: number | null, now: number): string {
  if (at === null) return 'never';
  const d = Math.max(0, now - at);
  if (d < MIN) return 'just now';
  if (d < HOUR) return `${Math.floor(d / MIN)} min ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h ago`;
  const days = Math.floor(d / DAY);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** A span of time, coarse: "12 min", "5 h", "9 days". */
export function formatSpan(ms: number): string {
  const d = Math.max(0, ms);
  if (d < HOUR) return `${Math.max(1, Math.floor(d / MIN))} min`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h`;
  const days = Math.floor(d / DAY);
  return days === 1 ? '1 day' : `${days} days`;
}

const exact = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
// Table rows show the same few poll times over and over: formatting is the costly part.
const exactCache = new Map<number, string>();
export function formatExact(at: number | null): string {
  if (at === null) return 'Never';
  let s = exactCache.get(at);
  if (s === undefined) {
    if (exactCache.size > 10_000) exactCache.clear();
    s = exact.format(at);
    exactCache.set(at, s);
  }
  return s;
}

/** The current time, refreshed every `everyMs`, so "ago" labels age without a poll. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

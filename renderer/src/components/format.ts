// Times as people at an English LA read them: London wall-clock time, and "how long ago"
// in the two largest units (shared/uptime's formatDuration), whatever the machine's zone.
import { formatDuration } from '../../../shared/uptime.ts';

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const LONDON_SHORT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Accepts the contract's ISO strings and ms numbers alike. */
export function toMs(t: string | number | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  const ms = typeof t === 'number' ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** "Fri 20 Nov 2026, 13:28" (London). */
export function formatLondonTime(t: string | number | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? '—' : LONDON_TIME.format(ms);
}

/** "Fri 20 Nov 2026" (London). */
export function formatLondonDate(t: string | number | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? '—' : LONDON_DATE.format(ms);
}

/** "20 Nov, 13:28": for dense lists where the year is obvious. */
export function formatLondonShort(t: string | number | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? '—' : LONDON_SHORT.format(ms);
}

/** "3 h 5 min ago", "just now", or "in 4 min" for a time ahead of the clock. */
export function formatAgo(t: string | number | null | undefined, now: number): string {
  const ms = toMs(t);
  if (ms === null) return 'never';
  const seconds = Math.round((now - ms) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  return seconds > 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`;
}

/** 1234 → "1,234". */
export const formatCount = (n: number): string => n.toLocaleString('en-GB');

/** Milliseconds (TTR figures) as a duration, or a dash when there is none. */
export const formatMs = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : formatDuration(ms / 1000));

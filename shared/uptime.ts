// Uptime and returns maths for reports, plus the school calendar periods they are
// reported over. Pure: used by the core's history store and by the UI alike.
import { z } from 'zod';
import { DOWN_VERDICTS, UP_VERDICTS, type Verdict } from './health/verdict.ts';

// ---- ratios and formatting ---------------------------------------------------

/**
 * Up / (up + down). Excluded time (maintenance, unknown) is left out of the
 * denominator so a muted or unobserved site is neither credited nor blamed.
 * Null when nothing was counted: "no data" must not read as 0% or 100%.
 */
export function uptimeRatio(secondsUp: number, secondsDown: number): number | null {
  const counted = secondsUp + secondsDown;
  return counted > 0 ? secondsUp / counted : null;
}

/** The stretch of a period [from, to) in ms during which a site was being watched. */
export interface ObservedRange {
  from: number;
  to: number;
}

/**
 * The one rule for every uptime view: a site's observed period starts at the later of the
 * period's start and its first poll. Before that it was not yet monitored, which is no data,
 * never downtime. Null when the site had not been polled by the end of the period.
 */
export function observedRange(from: number, to: number, firstPollAt: number | null): ObservedRange | null {
  if (firstPollAt === null) return null;
  const start = Math.max(from, firstPollAt);
  return start < to ? { from: start, to } : null;
}

/** Seconds per verdict, worst-first order left to the caller. */
export type VerdictSeconds = Partial<Record<Verdict, number>>;

/** Up, down and excluded seconds and the ratio from seconds per verdict: the report's classes. */
export function verdictTotals(seconds: VerdictSeconds): { secondsUp: number; secondsDown: number; secondsExcluded: number; uptime: number | null } {
  let secondsUp = 0;
  let secondsDown = 0;
  let secondsExcluded = 0;
  for (const [verdict, s] of Object.entries(seconds) as [Verdict, number][]) {
    if (UP_VERDICTS.includes(verdict)) secondsUp += s;
    else if (DOWN_VERDICTS.includes(verdict)) secondsDown += s;
    else secondsExcluded += s;
  }
  return { secondsUp, secondsDown, secondsExcluded, uptime: uptimeRatio(secondsUp, secondsDown) };
}

/** Returns made against returns expected, clamped to 1 (an extra resync is not "110%"). */
export function returnsMadeRatio(made: number, expected: number): number | null {
  if (expected <= 0) return null;
  return Math.min(1, Math.max(0, made / expected));
}

/** Share of items meeting a test, e.g. sites that made any return in the period. */
export function share(count: number, total: number): number | null {
  return total > 0 ? count / total : null;
}

/**
 * 0.99234 → "99.2%". Rounds down, so a site with any downtime never shows 100.0%
 * (the board reads "100%" as "never failed").
 */
export function formatPercent(ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  const scale = 10 ** digits;
  // The epsilon keeps exact values such as 0.995 from flooring to 99.4 through binary error.
  const floored = Math.floor(ratio * 100 * scale + 1e-9) / scale;
  return `${floored.toFixed(digits)}%`;
}

/** 200 → "3 min 20 s", 93_600 → "1 d 2 h": the two largest units are enough to read. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const units: [string, number][] = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [label, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${label}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((p) => !p.startsWith('0 '));
  return shown.length > 0 ? shown.join(' ') : '0 s';
}

export interface RecoveryStats {
  count: number;
  mean: number | null;
  median: number | null;
  /** Nearest-rank p90: an observed duration, not an interpolated one, so it can be traced to an incident. */
  p90: number | null;
}

/** Time-to-recover statistics over a list of durations (any one unit). */
export function recoveryStats(durations: readonly number[]): RecoveryStats {
  const sorted = durations.filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null };
  const at = (i: number): number => sorted[Math.min(n - 1, Math.max(0, i))] ?? 0;
  const mean = sorted.reduce((sum, d) => sum + d, 0) / n;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return { count: n, mean, median, p90: at(Math.ceil(0.9 * n) - 1) };
}

// ---- the England school calendar -------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const IsoDateSchema = z
  .string()
  .regex(ISO_DATE, 'Use YYYY-MM-DD')
  .refine((s) => utcMidnight(s) !== null, 'Not a calendar date');

export const TermDateSchema = z
  .object({ name: z.string().trim().min(1, 'A term needs a name'), start: IsoDateSchema, end: IsoDateSchema })
  .refine((t) => t.start <= t.end, { message: 'A term ends on or after its start', path: ['end'] });
export const TermDatesSchema = z.array(TermDateSchema);

/** One term (or half term) as configured: both dates inclusive, London calendar days. */
export interface TermDate {
  name: string;
  start: string;
  end: string;
}

/** A reporting period: calendar dates (inclusive) and the instants they span, [from, to) in ms. */
export interface Period {
  name: string;
  start: string;
  end: string;
  from: number;
  to: number;
}

// Schools are in England, so a "day" is a Europe/London calendar day (23 or 25 hours on DST change days).
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function londonWall(ms: number): { y: number; m: number; d: number; utcOfWall: number } {
  const parts: Record<string, number> = {};
  for (const p of LONDON.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const y = parts.year ?? 1970;
  const m = parts.month ?? 1;
  const d = parts.day ?? 1;
  return { y, m, d, utcOfWall: Date.UTC(y, m - 1, d, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0) };
}

function utcMidnight(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? t : null;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The London calendar date of an instant, 'YYYY-MM-DD'. */
export function londonDate(ms: number): string {
  const { y, m, d } = londonWall(ms);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The instant (ms) that London's day `date` begins. */
export function londonMidnight(date: string): number {
  const t0 = utcMidnight(date);
  if (t0 === null) throw new RangeError(`Not a date: ${date}`);
  const offsetAt = (t: number): number => londonWall(t).utcOfWall - Math.floor(t / 1000) * 1000;
  // Two passes settle on the offset in force at local midnight; UK changes happen at 01:00 UTC, never at midnight.
  const guess = t0 - offsetAt(t0);
  return t0 - offsetAt(guess);
}

/** Start of the London day containing `ms`. */
export const londonDayStart = (ms: number): number => londonMidnight(londonDate(ms));

/** 'YYYY-MM-DD' plus n days. */
export function addDays(date: string, n: number): string {
  const t = utcMidnight(date);
  if (t === null) throw new RangeError(`Not a date: ${date}`);
  return new Date(t + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const t = utcMidnight(date);
  if (t === null) throw new RangeError(`Not a date: ${date}`);
  return ((new Date(t).getUTCDay() + 6) % 7) + 1;
}

const period = (name: string, start: string, end: string): Period => ({
  name,
  start,
  end,
  from: londonMidnight(start),
  to: londonMidnight(addDays(end, 1)),
});

/** Monday-to-Sunday weeks overlapping [from, to), named "w/c YYYY-MM-DD" as schools say. */
export function weekPeriods(from: number, to: number): Period[] {
  const out: Period[] = [];
  if (to <= from) return out;
  const first = londonDate(from);
  let monday = addDays(first, 1 - isoWeekday(first));
  for (;;) {
    const p = period(`w/c ${monday}`, monday, addDays(monday, 6));
    if (p.from >= to) break;
    out.push(p);
    monday = addDays(monday, 7);
  }
  return out;
}

/** Academic years (1 September to 31 August, England) overlapping [from, to), named "2025/26". */
export function academicYearPeriods(from: number, to: number): Period[] {
  const out: Period[] = [];
  if (to <= from) return out;
  const first = londonDate(from);
  let year = Number(first.slice(0, 4)) - (first.slice(5) < '09-01' ? 1 : 0);
  for (;;) {
    const p = period(`${year}/${pad((year + 1) % 100)}`, `${year}-09-01`, `${year + 1}-08-31`);
    if (p.from >= to) break;
    out.push(p);
    year += 1;
  }
  return out;
}

/** The configured terms overlapping [from, to), in date order. Holidays belong to no term. */
export function termPeriods(from: number, to: number, terms: readonly TermDate[]): Period[] {
  return TermDatesSchema.parse(terms)
    .map((t) => period(t.name, t.start, t.end))
    .filter((p) => p.to > from && p.from < to)
    .sort((a, b) => a.from - b.from);
}

export type PeriodKind = 'week' | 'term' | 'year';

/** Periods of one kind overlapping [from, to): the rows of a manager's report. */
export function periodsBetween(kind: PeriodKind, from: number, to: number, terms: readonly TermDate[] = []): Period[] {
  if (kind === 'week') return weekPeriods(from, to);
  if (kind === 'year') return academicYearPeriods(from, to);
  return termPeriods(from, to, terms);
}

/** The period of a kind that contains `at`, or null (e.g. a date in the holidays for 'term'). */
export function periodContaining(kind: PeriodKind, at: number, terms: readonly TermDate[] = []): Period | null {
  return periodsBetween(kind, at, at + 1, terms)[0] ?? null;
}

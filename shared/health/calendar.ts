// The school calendar: when a transfer is expected. Weekends are always quiet; when
// term dates are configured, days outside them (holidays, INSET days listed as
// closures) are quiet too. Dates are school-local (Europe/London).

export interface Term {
  name: string;
  /** First and last school day, inclusive, YYYY-MM-DD. */
  start: string;
  end: string;
}

export interface CalendarConfig {
  terms: readonly Term[];
  /** Extra non-school days inside terms (bank holidays, INSET days), YYYY-MM-DD. */
  closures?: readonly string[];
}

export const SCHOOL_TIME_ZONE = 'Europe/London';

export interface LocalTime {
  /** YYYY-MM-DD in Europe/London. */
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/**
 * UK summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October (the Summer Time Order 2002). Computing it is ~100× faster
 * than Intl.DateTimeFormat, and the health rules ask this thousands of times a round.
 */
const bstCache = new Map<number, [number, number]>();
function bstRange(year: number): [number, number] {
  let r = bstCache.get(year);
  if (!r) {
    const lastSunday = (month: number) => {
      const lastDay = new Date(Date.UTC(year, month + 1, 0));
      return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
    };
    r = [lastSunday(2), lastSunday(9)];
    bstCache.set(year, r);
  }
  return r;
}

/** Minutes London is ahead of UTC at an instant (0 or 60). */
export function londonOffsetMinutes(ms: number): number {
  const [start, end] = bstRange(new Date(ms).getUTCFullYear());
  return ms >= start && ms < end ? 60 : 0;
}

export function localTime(ms: number): LocalTime {
  const local = new Date(ms + londonOffsetMinutes(ms) * 60_000);
  const js = local.getUTCDay();
  return { date: local.toISOString().slice(0, 10), weekday: js === 0 ? 7 : js, minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** The UTC instant of a school-local wall-clock time (DST-aware). */
export function fromLocal(date: string, minutes: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, 0, minutes);
  const first = asUtc - londonOffsetMinutes(asUtc) * 60_000;
  // Near a clock change the offset at the answer can differ from the offset at the guess.
  return asUtc - londonOffsetMinutes(first) * 60_000;
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

export class SchoolCalendar {
  private readonly terms: readonly Term[];
  private readonly closures: ReadonlySet<string>;

  constructor(config: CalendarConfig = { terms: [] }) {
    this.terms = [...config.terms].sort((a, b) => a.start.localeCompare(b.start));
    this.closures = new Set(config.closures ?? []);
  }

  get hasTerms(): boolean {
    return this.terms.length > 0;
  }

  /** A day on which schools are open and transfers are expected. */
  isSchoolDay(date: string): boolean {
    if (weekdayOf(date) >= 6) return false;
    if (this.closures.has(date)) return false;
    if (!this.hasTerms) return true;
    return this.terms.some((t) => t.start <= date && date <= t.end);
  }

  /** The term a date falls in, if any. */
  termOf(date: string): Term | null {
    return this.terms.find((t) => t.start <= date && date <= t.end) ?? null;
  }

  allTerms(): readonly Term[] {
    return this.terms;
  }
}

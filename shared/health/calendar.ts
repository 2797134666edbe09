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

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LocalTime {
  /** YYYY-MM-DD in Europe/London. */
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localTime(ms: number): LocalTime {
  const p: Record<string, string> = {};
  for (const part of partsFormatter.formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    date: `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`,
    weekday: WEEKDAYS[p.weekday ?? ''] ?? 0,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

/** Minutes London is ahead of UTC at an instant (0 or 60). */
function londonOffsetMinutes(ms: number): number {
  const lt = localTime(ms);
  const [y, m, d] = lt.date.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) + lt.minutes * 60_000 - Math.floor(ms / 60_000) * 60_000) / 60_000);
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

// The periods a manager reports over, from the school calendar: weeks run Monday to Sunday,
// terms come from the configured term dates, academic years run September to August.
// A period still under way ends now, so "this term" is "this term so far".
import { addDays, londonDate, londonMidnight, periodContaining, termPeriods, type Period, type TermDate } from '../../../../shared/uptime.ts';

export type PresetId = 'this-week' | 'last-week' | 'this-term' | 'last-term' | 'this-year' | 'custom';

export interface ReportRange {
  from: number;
  to: number;
  /** "Autumn 2026-27", "w/c 2026-11-16", … */
  name: string;
  /** Inclusive London dates, for headings and file names. */
  startDate: string;
  endDate: string;
  /** True when the period ends in the future and is cut at now. */
  toDate: boolean;
}

export const PRESETS: readonly { id: PresetId; label: string }[] = [
  { id: 'this-week', label: 'This week' },
  { id: 'last-week', label: 'Last week' },
  { id: 'this-term', label: 'This term' },
  { id: 'last-term', label: 'Last term' },
  { id: 'this-year', label: 'This academic year' },
  { id: 'custom', label: 'Custom' },
];

const HOUR_MS = 3_600_000;

function fromPeriod(p: Period, now: number): ReportRange {
  const cut = p.to > now;
  const to = cut ? Math.max(now, p.from + HOUR_MS) : p.to;
  return { from: p.from, to, name: p.name, startDate: p.start, endDate: cut ? londonDate(now) : p.end, toDate: cut };
}

/** Terms that have started by now, oldest first. */
function startedTerms(now: number, terms: readonly TermDate[]): Period[] {
  return termPeriods(0, now + 1, terms).filter((p) => p.from <= now);
}

/** A preset's range at `now`, or null when the calendar has no such period (no terms configured). */
export function presetRange(id: Exclude<PresetId, 'custom'>, now: number, terms: readonly TermDate[]): ReportRange | null {
  switch (id) {
    case 'this-week': {
      const p = periodContaining('week', now);
      return p && fromPeriod(p, now);
    }
    case 'last-week': {
      const thisWeek = periodContaining('week', now);
      const p = thisWeek && periodContaining('week', thisWeek.from - 1);
      return p && fromPeriod(p, now);
    }
    case 'this-term': {
      // In the holidays "this term" means the one just finished: that is what a board asks about.
      const p = startedTerms(now, terms).at(-1);
      return p ? fromPeriod(p, now) : null;
    }
    case 'last-term': {
      const p = startedTerms(now, terms).at(-2);
      return p ? fromPeriod(p, now) : null;
    }
    case 'this-year': {
      const p = periodContaining('year', now);
      return p && fromPeriod(p, now);
    }
  }
}

/** A custom range of London dates, both inclusive; null when it is not a range. */
export function customRange(startDate: string, endDate: string, now: number): ReportRange | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || !/^\d{4}-\d{2}-\d{2}$/.test(endDate) || endDate < startDate) return null;
  const from = londonMidnight(startDate);
  const end = londonMidnight(addDays(endDate, 1));
  const cut = end > now;
  return { from, to: cut ? Math.max(now, from + HOUR_MS) : end, name: `${startDate} to ${endDate}`, startDate, endDate: cut ? londonDate(now) : endDate, toDate: cut };
}

/** Hourly points read well up to about a week; beyond that, one point a day. */
export function seriesBucket(range: { from: number; to: number }): 'hour' | 'day' {
  return range.to - range.from <= 8 * 24 * HOUR_MS ? 'hour' : 'day';
}

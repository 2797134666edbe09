import { describe, expect, it } from 'vitest';
import {
  academicYearPeriods,
  addDays,
  formatDuration,
  formatPercent,
  isoWeekday,
  londonDate,
  londonMidnight,
  periodContaining,
  periodsBetween,
  recoveryStats,
  returnsMadeRatio,
  share,
  termPeriods,
  TermDatesSchema,
  uptimeRatio,
  weekPeriods,
  type TermDate,
} from '../../../shared/uptime.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (s: string): number => Date.parse(s);

describe('ratios', () => {
  it.each([
    { up: 3600, down: 0, expected: 1 },
    { up: 2700, down: 900, expected: 0.75 },
    { up: 0, down: 600, expected: 0 },
    { up: 0, down: 0, expected: null },
  ])('uptime of $up s up and $down s down is $expected', ({ up, down, expected }) => {
    expect(uptimeRatio(up, down)).toBe(expected);
  });

  it('clamps returns made to [0, 1] and has no ratio without expectations', () => {
    expect(returnsMadeRatio(3, 4)).toBe(0.75);
    expect(returnsMadeRatio(5, 4)).toBe(1);
    expect(returnsMadeRatio(1, 0)).toBeNull();
    expect(share(800, 1000)).toBe(0.8);
    expect(share(0, 0)).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    { ratio: 0.99234, digits: 1, text: '99.2%' },
    { ratio: 0.99999, digits: 1, text: '99.9%' },
    { ratio: 1, digits: 1, text: '100.0%' },
    { ratio: 0.995, digits: 1, text: '99.5%' },
    { ratio: 0.5, digits: 0, text: '50%' },
    { ratio: 0, digits: 2, text: '0.00%' },
    { ratio: null, digits: 1, text: '—' },
  ])('$ratio → $text', ({ ratio, digits, text }) => {
    expect(formatPercent(ratio, digits)).toBe(text);
  });

  it.each([
    { seconds: 0, text: '0 s' },
    { seconds: 45, text: '45 s' },
    { seconds: 200, text: '3 min 20 s' },
    { seconds: 3600, text: '1 h' },
    { seconds: 3720, text: '1 h 2 min' },
    { seconds: 93_600, text: '1 d 2 h' },
    { seconds: 86_430, text: '1 d' },
    { seconds: -1, text: '—' },
  ])('$seconds s → $text', ({ seconds, text }) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('recoveryStats', () => {
  it('is empty without durations', () => {
    expect(recoveryStats([])).toEqual({ count: 0, mean: null, median: null, p90: null });
  });

  it('gives mean, median and a nearest-rank p90', () => {
    expect(recoveryStats([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual({ count: 10, mean: 55, median: 55, p90: 90 });
    expect(recoveryStats([300, 100, 200])).toEqual({ count: 3, mean: 200, median: 200, p90: 300 });
    expect(recoveryStats([5])).toEqual({ count: 1, mean: 5, median: 5, p90: 5 });
  });

  it('ignores durations that cannot be real', () => {
    expect(recoveryStats([Number.NaN, -5, 10]).count).toBe(1);
  });
});

describe('the London calendar', () => {
  it.each([
    { date: '2026-01-15', midnight: '2026-01-15T00:00:00.000Z' },
    { date: '2026-07-01', midnight: '2026-06-30T23:00:00.000Z' },
    { date: '2026-03-29', midnight: '2026-03-29T00:00:00.000Z' },
    { date: '2026-03-30', midnight: '2026-03-29T23:00:00.000Z' },
    { date: '2026-10-25', midnight: '2026-10-24T23:00:00.000Z' },
    { date: '2026-10-26', midnight: '2026-10-26T00:00:00.000Z' },
  ])('$date begins at $midnight', ({ date, midnight }) => {
    expect(iso(londonMidnight(date))).toBe(midnight);
    expect(londonDate(londonMidnight(date))).toBe(date);
    expect(londonDate(londonMidnight(date) - 1)).toBe(addDays(date, -1));
  });

  it('does date arithmetic across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isoWeekday('2026-11-16')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(() => londonMidnight('2026-02-30')).toThrow(/Not a date/);
  });
});

describe('periods', () => {
  const terms: TermDate[] = [
    { name: 'Spring 2027', start: '2027-01-05', end: '2027-03-26' },
    { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' },
  ];

  it('cuts weeks Monday to Sunday, the DST week 25 hours long', () => {
    const weeks = weekPeriods(at('2026-10-21T12:00:00Z'), at('2026-10-27T00:00:00Z'));
    expect(weeks.map((w) => [w.name, w.start, w.end])).toEqual([
      ['w/c 2026-10-19', '2026-10-19', '2026-10-25'],
      ['w/c 2026-10-26', '2026-10-26', '2026-11-01'],
    ]);
    const [first] = weeks;
    expect(first && (first.to - first.from) / 3_600_000).toBe(7 * 24 + 1);
  });

  it('lists the terms a range touches, in date order, holidays in none', () => {
    const found = termPeriods(at('2026-12-01T00:00:00Z'), at('2027-02-01T00:00:00Z'), terms);
    expect(found.map((t) => t.name)).toEqual(['Autumn 2026', 'Spring 2027']);
    expect(iso(found[0]?.to ?? 0)).toBe('2026-12-19T00:00:00.000Z');
    expect(periodContaining('term', at('2026-12-25T12:00:00Z'), terms)).toBeNull();
    expect(periodContaining('term', at('2027-01-05T00:30:00Z'), terms)?.name).toBe('Spring 2027');
  });

  it('runs academic years from 1 September (London midnight, in BST)', () => {
    const years = academicYearPeriods(at('2026-08-15T00:00:00Z'), at('2026-09-15T00:00:00Z'));
    expect(years.map((y) => y.name)).toEqual(['2025/26', '2026/27']);
    expect(iso(years[1]?.from ?? 0)).toBe('2026-08-31T23:00:00.000Z');
    expect(periodsBetween('year', at('2027-03-01T00:00:00Z'), at('2027-03-02T00:00:00Z')).map((y) => [y.start, y.end])).toEqual([['2026-09-01', '2027-08-31']]);
  });

  it('validates term dates', () => {
    expect(TermDatesSchema.safeParse(terms).success).toBe(true);
    expect(TermDatesSchema.safeParse([{ name: 'Back to front', start: '2027-03-26', end: '2027-01-05' }]).success).toBe(false);
    expect(TermDatesSchema.safeParse([{ name: 'Bad', start: '2027-02-30', end: '2027-03-05' }]).success).toBe(false);
    expect(() => termPeriods(0, 1, [{ name: '', start: '2027-01-01', end: '2027-01-02' }])).toThrow();
  });
});

// The school calendar, UK local time, the sim clock and the seeded PRNG.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { dayNumber, isSchoolDay, localTimeToUtc, londonOffsetMs } from '../../../sim/calendar.ts';
import { SimClock } from '../../../sim/index.ts';
import { createRng, unit } from '../../../sim/prng.ts';

describe('school calendar', () => {
  it.each([
    ['2025-09-03', true], // first day of the autumn term
    ['2025-10-28', false], // half term
    ['2025-12-19', true],
    ['2025-12-22', false], // Christmas
    ['2026-04-06', false], // Easter Monday
    ['2026-05-04', false], // May bank holiday
    ['2026-05-26', false], // summer half term
    ['2026-07-22', true],
    ['2026-08-10', false], // summer holiday
    ['2026-11-18', true],
    ['2026-11-21', false], // a Saturday
    ['2027-02-16', false],
    ['2028-03-15', true], // beyond the data: a plain weekday
    ['2028-08-01', false],
  ])('%s is a school day: %s', (date, expected) => {
    expect(isSchoolDay(dayNumber(date))).toBe(expected);
  });
});

describe('UK local time', () => {
  it('switches to BST on the last Sundays of March and October', () => {
    expect(londonOffsetMs(Date.parse('2026-03-29T00:59:00Z'))).toBe(0);
    expect(londonOffsetMs(Date.parse('2026-03-29T01:00:00Z'))).toBe(3_600_000);
    expect(londonOffsetMs(Date.parse('2026-10-25T00:59:00Z'))).toBe(3_600_000);
    expect(londonOffsetMs(Date.parse('2026-10-25T01:00:00Z'))).toBe(0);
  });

  it('puts 13:00 local at 12:00 UTC in summer and 13:00 UTC in winter', () => {
    expect(new Date(localTimeToUtc(dayNumber('2026-06-10'), 13 * 60)).toISOString()).toBe('2026-06-10T12:00:00.000Z');
    expect(new Date(localTimeToUtc(dayNumber('2026-11-18'), 13 * 60)).toISOString()).toBe('2026-11-18T13:00:00.000Z');
  });
});

describe('SimClock', () => {
  it('runs at its speed from a settable start, and re-anchors on changes', () => {
    const real = new ManualClock(1_000_000);
    const clock = new SimClock({ start: Date.parse('2026-11-18T10:00:00Z'), speed: 60, real });
    real.advance(1000);
    expect(clock.now()).toBe(Date.parse('2026-11-18T10:01:00Z'));
    clock.setSpeed(0);
    real.advance(5000);
    expect(clock.now()).toBe(Date.parse('2026-11-18T10:01:00Z'));
    clock.set(Date.parse('2027-01-04T08:00:00Z'));
    expect(clock.now()).toBe(Date.parse('2027-01-04T08:00:00Z'));
    expect(() => clock.setSpeed(-1)).toThrow(RangeError);
  });
});

describe('PRNG', () => {
  it('is a pure function of the seed', () => {
    const a = createRng(7, 'x');
    const b = createRng(7, 'x');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(createRng(8, 'x').next()).not.toBe(seqA[0]);
    expect(unit(1, 'a', 2)).toBe(unit(1, 'a', 2));
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, fromLocal, localTime, SchoolCalendar } from '../../../shared/health/calendar.ts';

const autumn = { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' };

describe('school calendar', () => {
  it('treats weekends as quiet always', () => {
    const cal = new SchoolCalendar();
    expect(cal.isSchoolDay('2026-11-20')).toBe(true); // Friday
    expect(cal.isSchoolDay('2026-11-21')).toBe(false); // Saturday
    expect(cal.isSchoolDay('2026-11-22')).toBe(false); // Sunday
  });

  it('treats days outside terms and listed closures as quiet once terms are set', () => {
    const cal = new SchoolCalendar({ terms: [{ ...autumn, end: '2026-10-23' }, { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' }], closures: ['2026-11-27'] });
    expect(cal.isSchoolDay('2026-10-28')).toBe(false); // half term
    expect(cal.isSchoolDay('2026-11-02')).toBe(true);
    expect(cal.isSchoolDay('2026-11-27')).toBe(false); // INSET day
    expect(cal.isSchoolDay('2026-12-21')).toBe(false); // Christmas holiday
    expect(cal.termOf('2026-11-10')?.name).toBe('Autumn 2');
  });

  it.each([
    ['2026-11-20', 120, '2026-11-20T02:00:00.000Z'],
    ['2026-07-01', 120, '2026-07-01T01:00:00.000Z'],
    ['2026-03-30', 13 * 60, '2026-03-30T12:00:00.000Z'],
    ['2026-10-26', 13 * 60, '2026-10-26T13:00:00.000Z'],
  ])('converts London wall time %s +%i min to UTC', (date, minutes, expected) => {
    expect(new Date(fromLocal(date, minutes)).toISOString()).toBe(expected);
    expect(localTime(fromLocal(date, minutes))).toMatchObject({ date, minutes });
  });

  it('adds days across month ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('London time without Intl', () => {
  const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  it('agrees with the time-zone database every 37 minutes for three years, clock changes included', () => {
    const disagreements: string[] = [];
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2028, 0, 1); t += 37 * 60_000) {
      const p = Object.fromEntries(intl.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      const expected = { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
      const got = localTime(t);
      if (got.date !== expected.date || got.minutes !== expected.minutes) disagreements.push(new Date(t).toISOString());
    }
    expect(disagreements).toEqual([]);
  });
});

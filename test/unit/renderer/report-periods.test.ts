import { describe, expect, it } from 'vitest';
import { customRange, presetRange, seriesBucket } from '../../../renderer/src/views/reports/periods.ts';
import { londonMidnight } from '../../../shared/uptime.ts';

const TERMS = [
  { name: 'Summer 2025-26', start: '2026-04-13', end: '2026-07-22' },
  { name: 'Autumn 2026-27', start: '2026-09-03', end: '2026-12-18' },
  { name: 'Spring 2026-27', start: '2027-01-04', end: '2027-03-25' },
];
// Sunday 22 November 2026, 14:30 London (GMT).
const NOW = Date.UTC(2026, 10, 22, 14, 30);

describe('report periods', () => {
  it('this week runs from Monday to now', () => {
    const r = presetRange('this-week', NOW, []);
    expect(r).toMatchObject({ from: londonMidnight('2026-11-16'), to: NOW, startDate: '2026-11-16', endDate: '2026-11-22', toDate: true });
  });

  it('last week is the whole of the Monday-to-Sunday before', () => {
    expect(presetRange('last-week', NOW, [])).toMatchObject({ from: londonMidnight('2026-11-09'), to: londonMidnight('2026-11-16'), endDate: '2026-11-15', toDate: false });
  });

  it('this term is the term so far; last term the one before', () => {
    expect(presetRange('this-term', NOW, TERMS)).toMatchObject({ name: 'Autumn 2026-27', from: londonMidnight('2026-09-03'), to: NOW });
    expect(presetRange('last-term', NOW, TERMS)).toMatchObject({ name: 'Summer 2025-26', from: londonMidnight('2026-04-13'), to: londonMidnight('2026-07-23'), toDate: false });
  });

  it('in the holidays this term is the term just finished', () => {
    const august = Date.UTC(2026, 7, 10, 12);
    expect(presetRange('this-term', august, TERMS)?.name).toBe('Summer 2025-26');
    expect(presetRange('last-term', august, TERMS)).toBeNull();
  });

  it('without term dates the term presets have nothing to offer', () => {
    expect(presetRange('this-term', NOW, [])).toBeNull();
  });

  it('this academic year starts on 1 September (BST) and runs to now', () => {
    expect(presetRange('this-year', NOW, [])).toMatchObject({ name: '2026/27', from: Date.UTC(2026, 7, 31, 23), to: NOW });
  });

  it('a custom range takes both dates inclusive, and refuses an end before the start', () => {
    expect(customRange('2026-11-02', '2026-11-06', NOW)).toMatchObject({ from: londonMidnight('2026-11-02'), to: londonMidnight('2026-11-07'), toDate: false });
    expect(customRange('2026-11-06', '2026-11-02', NOW)).toBeNull();
    expect(customRange('', '2026-11-02', NOW)).toBeNull();
    expect(customRange('2026-11-20', '2026-12-31', NOW)).toMatchObject({ to: NOW, endDate: '2026-11-22', toDate: true });
  });

  it('hourly points up to about a week, daily beyond', () => {
    expect(seriesBucket({ from: 0, to: 7 * 86_400_000 })).toBe('hour');
    expect(seriesBucket({ from: 0, to: 30 * 86_400_000 })).toBe('day');
  });
});

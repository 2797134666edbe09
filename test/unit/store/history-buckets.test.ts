import { describe, expect, it } from 'vitest';
import { attribute, bucketStarts, dayBounds, splitIntoBuckets } from '../../../electron/core/store/history-buckets.ts';

const s = (iso: string): number => Date.parse(iso) / 1000;

describe('attribute', () => {
  it.each([
    { name: 'a normal gap goes to the new verdict', prev: '2026-11-16T09:00:00Z', cur: '2026-11-16T09:05:00Z', expected: [['09:00:00', '09:05:00', 'failing']] },
    { name: 'a gap exactly at the cap is still credited', prev: '2026-11-16T09:00:00Z', cur: '2026-11-16T09:15:00Z', expected: [['09:00:00', '09:15:00', 'failing']] },
    {
      name: 'beyond the cap the older part is unknown',
      prev: '2026-11-16T09:00:00Z',
      cur: '2026-11-16T10:00:00Z',
      expected: [
        ['09:00:00', '09:45:00', 'unknown'],
        ['09:45:00', '10:00:00', 'failing'],
      ],
    },
    { name: 'a sample not after the previous one adds nothing', prev: '2026-11-16T09:05:00Z', cur: '2026-11-16T09:05:00Z', expected: [] },
  ])('$name', ({ prev, cur, expected }) => {
    const pieces = attribute(s(prev), s(cur), 'failing', 900).map((p) => [
      new Date(p.start * 1000).toISOString().slice(11, 19),
      new Date(p.end * 1000).toISOString().slice(11, 19),
      p.verdict,
    ]);
    expect(pieces).toEqual(expected);
  });
});

describe('dayBounds: Europe/London calendar days', () => {
  it.each([
    { name: 'a winter day is UTC midnight to midnight', at: '2026-01-15T12:00:00Z', start: '2026-01-15T00:00:00Z', end: '2026-01-16T00:00:00Z', hours: 24 },
    { name: 'a summer day starts at 23:00 UTC the day before', at: '2026-07-01T22:30:00Z', start: '2026-06-30T23:00:00Z', end: '2026-07-01T23:00:00Z', hours: 24 },
    { name: '23:30 UTC in summer is already the next London day', at: '2026-07-01T23:30:00Z', start: '2026-07-01T23:00:00Z', end: '2026-07-02T23:00:00Z', hours: 24 },
    { name: 'clocks go forward on 2026-03-29: a 23-hour day', at: '2026-03-29T12:00:00Z', start: '2026-03-29T00:00:00Z', end: '2026-03-29T23:00:00Z', hours: 23 },
    { name: 'clocks go back on 2026-10-25: a 25-hour day', at: '2026-10-25T12:00:00Z', start: '2026-10-24T23:00:00Z', end: '2026-10-26T00:00:00Z', hours: 25 },
    { name: 'the repeated hour on 2026-10-25 belongs to that day', at: '2026-10-25T01:30:00Z', start: '2026-10-24T23:00:00Z', end: '2026-10-26T00:00:00Z', hours: 25 },
  ])('$name', ({ at, start, end, hours }) => {
    const day = dayBounds(s(at));
    expect(new Date(day.start * 1000).toISOString()).toBe(start.replace('Z', '.000Z'));
    expect(new Date(day.end * 1000).toISOString()).toBe(end.replace('Z', '.000Z'));
    expect((day.end - day.start) / 3600).toBe(hours);
  });
});

describe('splitIntoBuckets', () => {
  const split = (bucket: 'hour' | 'day', from: string, to: string) =>
    splitIntoBuckets(bucket, [{ start: s(from), end: s(to), verdict: 'healthy' }]).map((b) => [new Date(b.bucket * 1000).toISOString(), b.seconds.healthy]);

  it.each([
    { name: 'inside one hour', bucket: 'hour' as const, from: '2026-11-16T09:01:00Z', to: '2026-11-16T09:06:00Z', expected: [['2026-11-16T09:00:00.000Z', 300]] },
    {
      name: 'across an hour boundary',
      bucket: 'hour' as const,
      from: '2026-11-16T09:58:30Z',
      to: '2026-11-16T10:03:30Z',
      expected: [
        ['2026-11-16T09:00:00.000Z', 90],
        ['2026-11-16T10:00:00.000Z', 210],
      ],
    },
    {
      name: 'across London midnight in winter',
      bucket: 'day' as const,
      from: '2026-11-16T23:58:00Z',
      to: '2026-11-17T00:03:00Z',
      expected: [
        ['2026-11-16T00:00:00.000Z', 120],
        ['2026-11-17T00:00:00.000Z', 180],
      ],
    },
    {
      name: 'across London midnight in summer (23:00 UTC)',
      bucket: 'day' as const,
      from: '2026-07-01T22:58:00Z',
      to: '2026-07-01T23:03:00Z',
      expected: [
        ['2026-06-30T23:00:00.000Z', 120],
        ['2026-07-01T23:00:00.000Z', 180],
      ],
    },
    {
      name: 'the short day of 2026-03-29 ends at 23:00 UTC',
      bucket: 'day' as const,
      from: '2026-03-29T22:55:00Z',
      to: '2026-03-29T23:05:00Z',
      expected: [
        ['2026-03-29T00:00:00.000Z', 300],
        ['2026-03-29T23:00:00.000Z', 300],
      ],
    },
    {
      name: 'the long day of 2026-10-25 ends at midnight UTC',
      bucket: 'day' as const,
      from: '2026-10-25T23:55:00Z',
      to: '2026-10-26T00:05:00Z',
      expected: [
        ['2026-10-24T23:00:00.000Z', 300],
        ['2026-10-26T00:00:00.000Z', 300],
      ],
    },
    {
      name: 'a whole long day holds 25 hours',
      bucket: 'day' as const,
      from: '2026-10-24T23:00:00Z',
      to: '2026-10-26T00:00:00Z',
      expected: [['2026-10-24T23:00:00.000Z', 25 * 3600]],
    },
  ])('$name', ({ bucket, from, to, expected }) => {
    expect(split(bucket, from, to)).toEqual(expected);
  });

  it('keeps different verdicts of one bucket apart and in bucket order', () => {
    const out = splitIntoBuckets('hour', [
      { start: s('2026-11-16T09:00:00Z'), end: s('2026-11-16T09:45:00Z'), verdict: 'unknown' },
      { start: s('2026-11-16T09:45:00Z'), end: s('2026-11-16T10:00:00Z'), verdict: 'failing' },
    ]);
    expect(out).toEqual([{ bucket: s('2026-11-16T09:00:00Z'), seconds: { unknown: 2700, failing: 900 } }]);
  });
});

describe('bucketStarts', () => {
  it('lists every London day in a range, the DST days included', () => {
    const days = bucketStarts('day', s('2026-03-28T00:00:00Z'), s('2026-03-31T00:00:00Z')).map((t) => new Date(t * 1000).toISOString());
    expect(days).toEqual(['2026-03-28T00:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', '2026-03-30T23:00:00.000Z']);
  });

  it('starts at the first bucket whose start is in range', () => {
    expect(bucketStarts('hour', s('2026-11-16T09:30:00Z'), s('2026-11-16T12:00:00Z')).map((t) => new Date(t * 1000).toISOString().slice(11, 16))).toEqual(['10:00', '11:00']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDays, formatSchedule } from '../../../renderer/src/views/site/schedule-format.ts';
import { layoutSpans, summariseTimeline } from '../../../renderer/src/views/site/timeline-model.ts';

describe('schedules', () => {
  it('reads as a school would say it', () => {
    expect(formatDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(formatDays([1])).toBe('Mon');
    expect(formatDays([1, 3, 5])).toBe('Mon, Wed, Fri');
    expect(formatDays([1, 2, 4, 5, 6])).toBe('Mon, Tue, Thu–Sat');
    expect(formatDays([7, 6, 5, 4, 3, 2, 1])).toBe('Every day');
    expect(formatSchedule([1, 2, 3, 4, 5], ['13:28', '02:00'])).toBe('Mon–Fri at 02:00, 13:28');
  });
});

describe('timeline', () => {
  const spans = [
    { from: 0, to: 3_600_000, verdict: 'healthy' as const },
    { from: 3_600_000, to: 4_500_000, verdict: 'failing' as const },
    { from: 4_500_000, to: 5_400_000, verdict: 'maintenance' as const },
  ];

  it('states the exact seconds it is given the way uptime is counted, leaving maintenance out', () => {
    const seconds = [
      { verdict: 'healthy' as const, seconds: 3600 },
      { verdict: 'maintenance' as const, seconds: 900 },
      { verdict: 'failing' as const, seconds: 900 },
    ];
    const s = summariseTimeline({ observed: { from: 0, to: 5_400_000 }, seconds });
    expect(s.secondsUp).toBe(3600);
    expect(s.secondsDown).toBe(900);
    expect(s.ratio).toBeCloseTo(0.8);
    expect(s.byVerdict.map((v) => v.verdict)).toEqual(['failing', 'maintenance', 'healthy']);
  });

  it('has no ratio when nothing was counted, and no start when not yet monitored', () => {
    expect(summariseTimeline({ observed: null, seconds: [] })).toMatchObject({ ratio: null, observedFrom: null });
  });

  it('lays spans out as fractions of the window, clipped to it', () => {
    const segs = layoutSpans(spans, 1_800_000, 5_400_000);
    expect(segs[0]).toMatchObject({ x: 0, width: 0.5 });
    expect(segs[1]?.x).toBeCloseTo(0.5);
    expect(layoutSpans(spans, 10, 10)).toEqual([]);
  });
});

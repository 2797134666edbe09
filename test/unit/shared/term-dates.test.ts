import { describe, expect, it } from 'vitest';
import { buildTermDates, classify, schoolDaysIn, type CalendarItem } from '../../../shared/term-dates.ts';
import { mergeTermDates } from '../../../shared/term-import.ts';

const item = (kind: CalendarItem['kind'], start: string, end: string, text: string = kind, where = 'event 1'): CalendarItem => ({ where, text, kind, start, end });

describe('classify', () => {
  it.each([
    ['Autumn term starts', 'term-start'],
    ['First day of Spring Term', 'term-start'],
    ['End of summer term', 'term-end'],
    ['Autumn term', 'term'],
    ['Half term', 'half-term'],
    ['February half-term', 'half-term'],
    ['Christmas holiday', 'holiday'],
    ['Easter holidays', 'holiday'],
    ['INSET day', 'closure'],
    ['Early May bank holiday', 'closure'],
    ['School closed (polling day)', 'closure'],
    ['Sports day', null],
    ['Parents evening', null],
  ])('%s → %s', (summary, kind) => expect(classify(summary)).toBe(kind));

  it('reads CATEGORIES when the title alone says nothing', () => {
    expect(classify('Staff day', ['Closure'])).toBe('closure');
    expect(classify('Staff day')).toBeNull();
  });
});

describe('buildTermDates', () => {
  it('splits terms at half-terms into numbered terms and keeps closure days inside them', () => {
    const found = buildTermDates([
      item('term-start', '2026-09-03', '2026-09-03', 'Autumn term starts'),
      item('term-end', '2026-12-18', '2026-12-18', 'Autumn term ends'),
      // LAs often publish a half-term over its weekends: the terms still end and begin on weekdays.
      item('half-term', '2026-10-24', '2026-11-01', 'Half term'),
      item('closure', '2026-11-02', '2026-11-02', 'INSET day'),
      item('holiday', '2026-12-19', '2027-01-03', 'Christmas holiday'),
    ]);
    expect(found.terms).toEqual([
      { name: 'Autumn 1 2026/27', start: '2026-09-03', end: '2026-10-23', schoolDays: 37 },
      { name: 'Autumn 2 2026/27', start: '2026-11-02', end: '2026-12-18', schoolDays: 34 },
    ]);
    expect(found.closures).toEqual([{ date: '2026-11-02', text: 'INSET day' }]);
    expect(found.breaks.map((b) => b.kind)).toEqual(['half-term', 'holiday']);
    expect(found.ignored).toEqual([]);
  });

  it('lists a half-term that overlaps no term, an end before a start, lone markers and closures in the holidays as ignored', () => {
    const found = buildTermDates([
      item('term', '2027-01-04', '2027-03-25', 'Spring term', 'event 1'),
      item('half-term', '2027-05-31', '2027-06-04', 'Half term', 'event 2'),
      item('holiday', '2027-04-12', '2027-03-26', 'Easter holiday', 'event 3'),
      item('term-end', '2027-07-21', '2027-07-21', 'Summer term ends', 'event 4'),
      item('closure', '2026-12-25', '2026-12-25', 'Christmas Day bank holiday', 'event 5'),
    ]);
    expect(found.terms).toEqual([{ name: 'Spring 2026/27', start: '2027-01-04', end: '2027-03-25', schoolDays: 59 }]);
    expect(found.ignored).toEqual([
      { where: 'event 3', text: 'Easter holiday', reason: 'ends (2027-03-26) before it starts (2027-04-12)' },
      { where: 'event 4', text: 'Summer term ends', reason: 'a term end with no start before it' },
      { where: 'event 2', text: 'Half term', reason: 'a half-term that falls in no term, so it splits nothing' },
      { where: 'event 5', text: 'Christmas Day bank holiday', reason: 'falls outside the terms or at a weekend, so it is quiet already' },
    ]);
  });

  it('keeps HTML and shell metacharacters as the text they are, and never makes a term name of them', () => {
    const nasty = '<img src=x onerror=alert(1)>; $(reboot) `rm -rf /` Autumn term';
    const found = buildTermDates([item('term', '2026-09-03', '2026-12-18', nasty), item('half-term', '2026-10-26', '2026-10-30', '<script>alert(1)</script> half term')]);
    expect(found.terms.map((t) => t.name)).toEqual(['Autumn 1 2026/27', 'Autumn 2 2026/27']);
    expect(found.breaks[0]?.text).toBe('<script>alert(1)</script> half term');
  });

  it('uses a term published twice once, says so, and refuses to guess between overlapping versions', () => {
    const found = buildTermDates([
      item('term', '2026-09-03', '2026-12-18', 'Autumn term', 'event 1'),
      item('term-start', '2026-09-03', '2026-09-03', 'Autumn term starts', 'event 2'),
      item('term-end', '2026-12-18', '2026-12-18', 'Autumn term ends', 'event 3'),
      item('term', '2026-09-10', '2026-12-20', 'Autumn term (draft)', 'event 4'),
    ]);
    expect(found.terms.map((t) => [t.start, t.end])).toEqual([['2026-09-03', '2026-12-18']]);
    expect(found.ignored.map((i) => i.reason)).toEqual(['the same term as event 1', 'overlaps the term 2026-09-03 to 2026-12-18']);
  });

  it('says when there are no terms at all rather than saving holidays alone', () => {
    const found = buildTermDates([item('holiday', '2026-12-19', '2027-01-03', 'Christmas holiday')]);
    expect(found.terms).toEqual([]);
    expect(found.ignored.at(-1)?.reason).toMatch(/no term dates found/);
  });

  it('counts school days without weekends and closures', () => {
    expect(schoolDaysIn('2026-10-19', '2026-10-25', new Set(['2026-10-20']))).toBe(4);
  });
});

describe('mergeTermDates', () => {
  const current = {
    terms: [
      { name: 'Summer 2025-26', start: '2026-04-13', end: '2026-07-22' },
      { name: 'Autumn (typed)', start: '2026-09-03', end: '2026-12-18' },
    ],
    closures: ['2026-05-04', '2026-10-26'],
  };
  it('replaces the academic years the file covers and keeps the others', () => {
    const found = buildTermDates([item('term', '2026-09-03', '2026-12-18', 'Autumn term'), item('half-term', '2026-10-26', '2026-10-30', 'Half term')]);
    const m = mergeTermDates(current, found);
    expect(m.years).toEqual(['2026/27']);
    expect(m.next.terms.map((t) => t.name)).toEqual(['Summer 2025-26', 'Autumn 1 2026/27', 'Autumn 2 2026/27']);
    expect(m.next.closures).toEqual(['2026-05-04']);
    expect(m.changes).toEqual({
      termsAdded: [
        { name: 'Autumn 1 2026/27', start: '2026-09-03', end: '2026-10-23' },
        { name: 'Autumn 2 2026/27', start: '2026-11-02', end: '2026-12-18' },
      ],
      termsRemoved: [{ name: 'Autumn (typed)', start: '2026-09-03', end: '2026-12-18' }],
      termsKept: 1,
      closuresAdded: [],
      closuresRemoved: ['2026-10-26'],
    });
  });
});

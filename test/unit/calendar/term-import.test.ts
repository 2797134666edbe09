// The import from file to verdict: ical.js and the CSV reader over real files, the core's
// channels over a real SQLite store, and the freshness rules judging a half-term week.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { icsItems } from '../../../electron/core/calendar/ics-events.ts';
import { csvItems } from '../../../electron/core/calendar/term-csv.ts';
import { readCsvAll } from '../../../electron/core/files/csv-reader.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { fromLocal, SchoolCalendar } from '../../../shared/health/calendar.ts';
import { assessStatus } from '../../../shared/health/rules.ts';
import type { Settings } from '../../../shared/settings.ts';
import { buildTermDates } from '../../../shared/term-dates.ts';
import type { TermImportPreview } from '../../../shared/term-import.ts';
import { healthyStatus } from '../../helpers/status.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const ICS = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/term-dates-2026-27.ics'), 'utf8');
const vcal = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const vevent = (...lines: string[]) => ['BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');

describe('an LA iCalendar file', () => {
  it('makes half-term-split terms and closure days, with what it ignored and why', () => {
    const { items, ignored } = icsItems(ICS);
    const found = buildTermDates(items, ignored);
    expect(found.terms.map((t) => [t.name, t.start, t.end])).toEqual([
      ['Autumn 1 2026/27', '2026-09-03', '2026-10-23'],
      ['Autumn 2 2026/27', '2026-11-02', '2026-12-18'],
      ['Spring 1 2026/27', '2027-01-04', '2027-02-12'],
      ['Spring 2 2026/27', '2027-02-22', '2027-03-25'],
      // Starts at 08:45 London (TZID) and ends 14:30 UTC: both count on their London dates.
      ['Summer 1 2026/27', '2027-04-12', '2027-05-28'],
      ['Summer 2 2026/27', '2027-06-07', '2027-07-21'],
    ]);
    // The yearly bank holiday (RRULE from May 2026) is expanded over the file's academic year only.
    expect(found.closures).toEqual([
      { date: '2026-11-02', text: 'INSET day (schools closed to pupils)' },
      { date: '2027-05-03', text: 'Early May bank holiday' },
    ]);
    expect(found.ignored.map((i) => [i.text, i.reason])).toEqual([
      ['Sports day', 'not a term, half-term, holiday or closure day by its title or categories'],
      ['Half term', 'a duplicate of event 3'],
    ]);
  });

  it('refuses a file ical.js cannot read, and ignores events without dates or ending before they start', () => {
    expect(() => icsItems('BEGIN:VCALENDAR\r\nthis is not a property\r\nEND:VCALENDAR')).toThrow(/not an iCalendar file/);
    expect(() => icsItems('<html><body>Term dates</body></html>')).toThrow(/not an iCalendar file/);
    const { items, ignored } = icsItems(vcal(vevent('SUMMARY:INSET day'), vevent('SUMMARY:Half term', 'DTSTART;VALUE=DATE:20261030', 'DTEND;VALUE=DATE:20261026')));
    expect(items).toEqual([]);
    expect(ignored.map((i) => i.reason)).toEqual(['it has no start date (DTSTART)', 'it ends before it starts (DTEND before DTSTART)']);
  });

  it('reads a timed event in a zone the file does not define on the date written, one ending at midnight as that day, and UTC on its London date', () => {
    const { items } = icsItems(
      vcal(
        vevent('SUMMARY:INSET day', 'DTSTART;TZID=GMT Standard Time:20261102T083000', 'DTEND;TZID=GMT Standard Time:20261102T153000'),
        vevent('SUMMARY:School closed', 'DTSTART:20261104T000000', 'DTEND:20261105T000000'),
        // 23:30 UTC in summer time is 00:30 the next day in London.
        vevent('SUMMARY:INSET day', 'DTSTART:20260901T233000Z', 'DTEND:20260902T070000Z'),
      ),
    );
    expect(items.map((i) => [i.start, i.end])).toEqual([
      ['2026-11-02', '2026-11-02'],
      ['2026-11-04', '2026-11-04'],
      ['2026-09-02', '2026-09-02'],
    ]);
  });
});

describe('a CSV of term dates', () => {
  it('reads rows by header name, in both date styles, and lists bad rows with their line and reason', async () => {
    const csv = [
      'Type,Name,Start,End',
      'term,Autumn,03/09/2026,18/12/2026',
      'half-term,Half term,2026-10-26,2026-10-30',
      'inset,Training day,2026-11-02,',
      'term,Spring,2027-03-25,2027-01-04',
      'holiday,Summer,31/02/2027,2027-09-01',
      'party,Staff party,2026-12-18,2026-12-18',
      '"term","Summer ""<b>$(x)</b>""","2027-04-12","2027-07-21"',
    ].join('\n');
    const { records, problems } = await readCsvAll({ text: csv });
    const { items, ignored } = csvItems(records, problems);
    const found = buildTermDates(items, ignored);
    expect(found.terms.map((t) => [t.name, t.start, t.end])).toEqual([
      ['Autumn 1', '2026-09-03', '2026-10-23'],
      ['Autumn 2', '2026-11-02', '2026-12-18'],
      ['Summer "<b>$(x)</b>"', '2027-04-12', '2027-07-21'],
    ]);
    expect(found.closures.map((c) => c.date)).toEqual(['2026-11-02']);
    expect(found.ignored.map((i) => [i.where, i.reason])).toEqual([
      ['line 5', 'it ends (2027-01-04) before it starts (2027-03-25)'],
      ['line 6', 'start "31/02/2027" is not a date (YYYY-MM-DD or DD/MM/YYYY)'],
      ['line 7', 'type "party" is not term, half-term, holiday or closure'],
    ]);
  });

  it('says which columns a file without the right header lacks', async () => {
    const { records, problems } = await readCsvAll({ text: 'when,what\n2026-09-03,term\n' });
    expect(csvItems(records, problems).ignored[0]?.reason).toBe('no type or start column: the header needs type,name,start,end');
  });
});

describe('importing through the core', () => {
  const tempDir = useTempDir();
  // Thursday of the autumn half-term week, 10:00 London.
  const halfTerm = fromLocal('2026-10-29', 10 * 60);
  const clock = new ManualClock(halfTerm);
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
  });
  afterEach(() => core.close());

  const ok = async <T>(channel: string, payload: unknown, context?: { actor: string }): Promise<T> => {
    const r = await core.request(channel, payload, context);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const upload = async (name: string, text: string): Promise<string> => {
    const bytes = Buffer.from(text, 'utf8');
    const { id } = await ok<{ id: string }>('files.begin', { name, size: bytes.length });
    await ok('files.chunk', { id, offset: 0, data: bytes.toString('base64') });
    return id;
  };
  const calendar = () => new SchoolCalendar({ terms: core.context.settings.get('terms'), closures: core.context.settings.get('closures') });
  // A school whose transfers stopped at the end of Friday before half-term.
  const quietSince = healthyStatus(halfTerm, fromLocal('2026-10-23', 13 * 60 + 5));

  it('previews, then saves under the actor: a half-term week that was failing is quiet from then on', async () => {
    expect(assessStatus(quietSince, { now: halfTerm, calendar: calendar() }).verdict).toBe('failing');

    const id = await upload('brackenfield-2026-27.ics', ICS);
    const preview = await ok<TermImportPreview>('calendar.previewImport', { uploadId: id });
    expect(preview).toMatchObject({ format: 'ics', years: ['2026/27'], changes: { termsRemoved: [], termsKept: 0, closuresAdded: ['2026-11-02', '2027-05-03'] } });
    // Autumn 2 loses its INSET day, Summer 1 its bank holiday.
    expect(preview.terms.map((t) => t.schoolDays)).toEqual([37, 34, 30, 24, 34, 33]);
    expect(core.context.settings.get('terms')).toEqual([]);

    const saved = await ok<Settings>('calendar.applyImport', { uploadId: id, basis: preview.basis }, { actor: 'alice' });
    expect(saved.terms).toHaveLength(6);
    expect(assessStatus(quietSince, { now: halfTerm, calendar: calendar() }).verdict).toBe('healthy');
    const entry = (await core.context.audit.recent())[0];
    expect(entry).toMatchObject({ actor: 'alice', action: 'calendar.import', target: 'brackenfield-2026-27.ics' });
  });

  it('refuses to apply over a calendar changed since the preview, and saves nothing from a file without terms', async () => {
    const id = await upload('terms.ics', ICS);
    const preview = await ok<TermImportPreview>('calendar.previewImport', { uploadId: id });
    await ok('settings.update', { patch: { closures: ['2026-12-01'] } }, { actor: 'bob' });
    const r = await core.request('calendar.applyImport', { uploadId: id, basis: preview.basis }, { actor: 'alice' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const holidays = await upload('holidays.csv', 'type,name,start,end\nholiday,Christmas,2026-12-19,2027-01-03\n');
    const p2 = await ok<TermImportPreview>('calendar.previewImport', { uploadId: holidays });
    const r2 = await core.request('calendar.applyImport', { uploadId: holidays, basis: p2.basis }, { actor: 'alice' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(core.context.settings.get('terms')).toEqual([]);
    expect(core.context.settings.get('closures')).toEqual(['2026-12-01']);
  });
});

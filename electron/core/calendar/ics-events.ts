// An LA's iCalendar file as dated items (ical.js parses it; the rules in shared/term-dates.ts
// decide what they make). All-day DTENDs are exclusive; timed events count on the London
// date they start and end on; RRULEs are expanded over the academic years the file covers.
import ICAL from 'ical.js';
import { localTime } from '../../../shared/health/calendar.ts';
import { AppFailure } from '../../../shared/result.ts';
import { classify, type CalendarItem, type Ignored } from '../../../shared/term-dates.ts';
import { addDays } from '../../../shared/health/calendar.ts';

type Time = InstanceType<typeof ICAL.Time>;
type Event = InstanceType<typeof ICAL.Event>;
type Component = InstanceType<typeof ICAL.Component>;

/** More occurrences than any school calendar has in a year; a daily RRULE stops here. */
const MAX_OCCURRENCES = 400;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const wallDate = (t: Time): string => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;

/** Whether ical.js can place this time on the timeline (UTC or a zone the file defines). */
function anchored(t: Time): boolean {
  const tzid = t.zone?.tzid;
  return tzid === 'UTC' || (tzid !== undefined && tzid !== 'floating' && ICAL.TimezoneService.has(tzid));
}

/** The London dates an occurrence covers, both inclusive. */
export function occurrenceDates(start: Time, end: Time | null): { start: string; end: string } {
  if (start.isDate) {
    const from = wallDate(start);
    const to = end && end.isDate ? addDays(wallDate(end), -1) : from;
    return { start: from, end: to };
  }
  // A floating time, or a TZID the file does not define (e.g. "GMT Standard Time"), is read as written.
  const from = anchored(start) ? localTime(start.toUnixTime() * 1000).date : wallDate(start);
  if (!end) return { start: from, end: from };
  const midnight = end.hour === 0 && end.minute === 0 && end.second === 0;
  const to = anchored(end) ? localTime(end.toUnixTime() * 1000 - 1).date : midnight ? addDays(wallDate(end), -1) : wallDate(end);
  return { start: from, end: to < from ? from : to };
}

const text = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, 200);

function categoriesOf(c: Component): string[] {
  return c.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
}

/** The academic years (1 Sep to 31 Aug) spanned by the file's one-off events: where repeats are expanded. */
function windowOf(events: readonly Event[]): { from: string; to: string } | null {
  const dates = events.filter((e) => !e.isRecurring()).map((e) => wallDate(e.startDate)).sort();
  const first = dates[0];
  const last = dates.at(-1);
  if (!first || !last) return null;
  const y0 = Number(first.slice(0, 4)) - (first.slice(5) < '09-01' ? 1 : 0);
  const y1 = Number(last.slice(0, 4)) - (last.slice(5) < '09-01' ? 1 : 0);
  return { from: `${y0}-09-01`, to: `${y1 + 1}-08-31` };
}

export interface IcsItems {
  items: CalendarItem[];
  ignored: Ignored[];
}

/** Every event of an .ics text as an item, or ignored with the reason. A file ical.js cannot read is refused whole. */
export function icsItems(source: string): IcsItems {
  let root: Component;
  try {
    const parsed: unknown = ICAL.parse(source);
    root = new ICAL.Component(parsed as unknown[]);
  } catch (err) {
    throw new AppFailure('validation', `This is not an iCalendar file ical.js can read: ${(err as Error).message}`);
  }
  if (root.name !== 'vcalendar') throw new AppFailure('validation', 'This is not an iCalendar file: it does not begin with BEGIN:VCALENDAR');
  const registered: string[] = [];
  try {
    for (const tz of root.getAllSubcomponents('vtimezone')) {
      const tzid = String(tz.getFirstPropertyValue('tzid') ?? '');
      if (tzid && !ICAL.TimezoneService.has(tzid)) {
        ICAL.TimezoneService.register(tz);
        registered.push(tzid);
      }
    }
    return readEvents(root);
  } finally {
    // The service is global: a file's zones must not outlive its import.
    for (const tzid of registered) ICAL.TimezoneService.remove(tzid);
  }
}

function readEvents(root: Component): IcsItems {
  const items: CalendarItem[] = [];
  const ignored: Ignored[] = [];
  const vevents = root.getAllSubcomponents('vevent');
  const masters: { n: number; event: Event }[] = [];
  const exceptions: Component[] = [];
  vevents.forEach((c, i) => {
    const where = `event ${i + 1}`;
    const summary = text(String(c.getFirstPropertyValue('summary') ?? ''));
    try {
      if (!c.hasProperty('dtstart')) return ignored.push({ where, text: summary, reason: 'it has no start date (DTSTART)' });
      if (c.hasProperty('recurrence-id')) return exceptions.push(c);
      masters.push({ n: i + 1, event: new ICAL.Event(c) });
    } catch (err) {
      ignored.push({ where, text: summary, reason: `it could not be read: ${(err as Error).message}` });
    }
    return undefined;
  });
  for (const x of exceptions) masters.find((m) => m.event.uid === String(x.getFirstPropertyValue('uid') ?? ''))?.event.relateException(x);
  const window = windowOf(masters.map((m) => m.event));

  for (const { n, event } of masters) {
    const where = `event ${n}`;
    const summary = text(event.summary ?? '');
    const kind = classify(summary, categoriesOf(event.component));
    if (!kind) {
      ignored.push({ where, text: summary, reason: 'not a term, half-term, holiday or closure day by its title or categories' });
      continue;
    }
    try {
      if (!event.isRecurring()) {
        const start = event.startDate;
        const end = event.component.hasProperty('dtend') || event.component.hasProperty('duration') ? event.endDate : null;
        if (end && end.compare(start) < 0) ignored.push({ where, text: summary, reason: 'it ends before it starts (DTEND before DTSTART)' });
        else items.push({ where, text: summary, kind, ...occurrenceDates(start, end) });
        continue;
      }
      const from = window?.from ?? wallDate(event.startDate);
      const to = window?.to ?? addDays(from, 365);
      const it = event.iterator();
      let count = 0;
      for (let next = it.next(); next && count < MAX_OCCURRENCES; next = it.next()) {
        const at = wallDate(next);
        if (at > to) break;
        if (at < from) continue;
        // ical.js types this with a JSDoc typedef TypeScript cannot resolve.
        const o = event.getOccurrenceDetails(next) as unknown as { item: Event; startDate: Time; endDate: Time };
        items.push({ where: `${where} (repeat on ${at})`, text: text(o.item.summary ?? summary), kind, ...occurrenceDates(o.startDate, o.endDate) });
        count++;
      }
    } catch (err) {
      ignored.push({ where, text: summary, reason: `its dates could not be read: ${(err as Error).message}` });
    }
  }
  if (vevents.length === 0) ignored.push({ where: 'file', text: '', reason: 'the file has no events (VEVENT)' });
  return { items, ignored };
}

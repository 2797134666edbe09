// Term dates from an LA's calendar (iCalendar events or CSV rows, already parsed): what each
// item is, and the terms, breaks and closure days they make. Pure, so the rules can be tested
// on hostile calendars without files. Nothing is guessed: an item that is not clearly a term,
// a break or a closure is listed as ignored with the reason.
import { z } from 'zod';
import { addDays, weekdayOf } from './health/calendar.ts';

export const ITEM_KINDS = ['term', 'term-start', 'term-end', 'half-term', 'holiday', 'closure'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One event or row, dates inclusive (an all-day DTEND has already been made inclusive). */
export interface CalendarItem {
  /** Where it came from, for people: "line 7", "event 3". */
  where: string;
  /** The text as written (SUMMARY, or the CSV's name): shown as text, never as a setting's name. */
  text: string;
  kind: ItemKind;
  start: string;
  end: string;
  /** A CSV's own name for a term; iCalendar terms are named from their season. */
  name?: string;
}

export const IgnoredSchema = z.object({ where: z.string(), text: z.string(), reason: z.string() });
export type Ignored = z.infer<typeof IgnoredSchema>;

export const FoundTermSchema = z.object({ name: z.string(), start: z.string(), end: z.string(), schoolDays: z.number().int() });
export const FoundBreakSchema = z.object({ kind: z.enum(['half-term', 'holiday']), text: z.string(), start: z.string(), end: z.string() });
export const FoundClosureSchema = z.object({ date: z.string(), text: z.string() });

export interface TermDatesFound {
  terms: z.infer<typeof FoundTermSchema>[];
  breaks: z.infer<typeof FoundBreakSchema>[];
  closures: z.infer<typeof FoundClosureSchema>[];
  ignored: Ignored[];
}

const has = (text: string, re: RegExp): boolean => re.test(text.toLowerCase());

/**
 * What an event is, from its SUMMARY and CATEGORIES. Closures are tested before holidays
 * ("Bank holiday" is a closure day) and breaks before terms ("Half term" is not a term).
 */
export function classify(summary: string, categories: readonly string[] = []): ItemKind | null {
  const text = `${summary} ${categories.join(' ')}`;
  if (has(text, /\b(inset|training day|staff development|bank holiday|school(s)? closed|closure|polling day)\b/)) return 'closure';
  if (has(text, /\bhalf[\s-]?term\b/)) return 'half-term';
  if (has(text, /\b(holidays?|christmas|easter|summer break|winter break|vacation)\b/)) return 'holiday';
  if (has(text, /\bterm\b/)) {
    if (has(text, /\b(starts?|begins?|start of|first day|opens?)\b/)) return 'term-start';
    if (has(text, /\b(ends?|end of|last day|finishes|closes)\b/)) return 'term-end';
    return 'term';
  }
  return null;
}

const SEASONS = ['Autumn', 'Spring', 'Summer'] as const;

/** The season a term's text names, else the one its first day falls in. */
function seasonOf(text: string, start: string): string {
  const named = SEASONS.find((s) => text.toLowerCase().includes(s.toLowerCase()));
  if (named) return named;
  const month = Number(start.slice(5, 7));
  return month >= 8 ? 'Autumn' : month <= 3 ? 'Spring' : 'Summer';
}

/** "2026/27" for any date from 1 September 2026 to 31 August 2027. */
export function academicYear(date: string): string {
  const y = Number(date.slice(0, 4)) - (date.slice(5) < '09-01' ? 1 : 0);
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}

interface Span {
  item: CalendarItem;
  start: string;
  end: string;
}

/** Pairs each term start with the next end after it; a marker left alone is ignored, not guessed at. */
function pairMarkers(items: readonly CalendarItem[], ignored: Ignored[]): Span[] {
  const markers = items.filter((i) => i.kind === 'term-start' || i.kind === 'term-end').sort((a, b) => a.start.localeCompare(b.start) || (a.kind === 'term-start' ? -1 : 1));
  const spans: Span[] = [];
  let open: CalendarItem | null = null;
  for (const m of markers) {
    if (m.kind === 'term-start') {
      if (open) ignored.push({ where: open.where, text: open.text, reason: `a term start with no end before the next start (${m.start})` });
      open = m;
    } else if (open) {
      spans.push({ item: open, start: open.start, end: m.end });
      open = null;
    } else ignored.push({ where: m.where, text: m.text, reason: 'a term end with no start before it' });
  }
  if (open) ignored.push({ where: open.where, text: open.text, reason: 'a term start with no end after it' });
  return spans;
}

/** Moves a span's edges off weekends; null when nothing but a weekend is left. */
function trimWeekends(start: string, end: string): [string, string] | null {
  let s = start;
  let e = end;
  while (s <= e && weekdayOf(s) >= 6) s = addDays(s, 1);
  while (e >= s && weekdayOf(e) >= 6) e = addDays(e, -1);
  return s <= e ? [s, e] : null;
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }): boolean => a.start <= b.end && b.start <= a.end;

/** Weekdays in [start, end] that are not closure days. */
export function schoolDaysIn(start: string, end: string, closures: ReadonlySet<string>): number {
  let n = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) if (weekdayOf(d) <= 5 && !closures.has(d)) n++;
  return n;
}

/** The terms (split at half-terms and holidays inside them), breaks and closure days the items make. */
export function buildTermDates(items: readonly CalendarItem[], alreadyIgnored: readonly Ignored[] = []): TermDatesFound {
  const ignored: Ignored[] = [...alreadyIgnored];
  const spans: Span[] = [];
  for (const i of items) {
    if (i.end < i.start) ignored.push({ where: i.where, text: i.text, reason: `ends (${i.end}) before it starts (${i.start})` });
    else if (i.kind === 'term' && i.start === i.end) ignored.push({ where: i.where, text: i.text, reason: 'a one-day term event: say whether the term starts or ends then' });
    else if (i.kind === 'term') spans.push({ item: i, start: i.start, end: i.end });
  }
  const valid = items.filter((i) => i.end >= i.start);
  spans.push(...pairMarkers(valid, ignored));
  spans.sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));

  // The same term published twice (a span and its start/end markers, or a repeated event) counts once.
  const terms: Span[] = [];
  for (const s of spans) {
    const prev = terms.at(-1);
    if (prev && prev.start === s.start && prev.end === s.end) {
      ignored.push({ where: s.item.where, text: s.item.text, reason: `the same term as ${prev.item.where}` });
      continue;
    }
    if (prev && overlaps(prev, s)) ignored.push({ where: s.item.where, text: s.item.text, reason: `overlaps the term ${prev.start} to ${prev.end}` });
    else terms.push(s);
  }

  const breaks = dedupe(valid.filter((i) => i.kind === 'half-term' || i.kind === 'holiday'), ignored);
  const found: TermDatesFound['terms'] = [];
  const foundBreaks: TermDatesFound['breaks'] = [];
  for (const b of breaks) {
    const inTerm = terms.some((t) => overlaps(t, b));
    // A half-term outside every term means the terms are missing or wrong: say so. A holiday between terms is normal.
    if (!inTerm && b.kind === 'half-term') ignored.push({ where: b.where, text: b.text, reason: 'a half-term that falls in no term, so it splits nothing' });
    else foundBreaks.push({ kind: b.kind === 'half-term' ? 'half-term' : 'holiday', text: b.text, start: b.start, end: b.end });
  }
  if (terms.length === 0 && items.length > 0) ignored.push({ where: 'file', text: '', reason: 'no term dates found: the file needs term events ("Autumn term") or term starts and ends' });

  const pieces: { season: string; name?: string; start: string; end: string; parts: number; index: number }[] = [];
  for (const t of terms) {
    let parts: [string, string][] = [[t.start, t.end]];
    for (const b of breaks) {
      parts = parts.flatMap(([s, e]): [string, string][] => {
        if (!overlaps({ start: s, end: e }, b)) return [[s, e]];
        const out: [string, string][] = [];
        if (s < b.start) out.push([s, addDays(b.start, -1)]);
        if (b.end < e) out.push([addDays(b.end, 1), e]);
        return out;
      });
    }
    const kept = parts.map(([s, e]) => trimWeekends(s, e)).filter((p): p is [string, string] => p !== null);
    kept.forEach(([s, e], index) => pieces.push({ season: seasonOf(t.item.text, t.start), ...(t.item.name ? { name: t.item.name } : {}), start: s, end: e, parts: kept.length, index }));
  }

  const closureText = new Map<string, string>();
  for (const c of dedupe(valid.filter((i) => i.kind === 'closure'), ignored)) {
    let inside = 0;
    for (let d = c.start; d <= c.end; d = addDays(d, 1)) {
      if (weekdayOf(d) >= 6 || closureText.has(d)) continue;
      if (pieces.some((p) => p.start <= d && d <= p.end)) {
        closureText.set(d, c.text);
        inside++;
      }
    }
    if (inside === 0) ignored.push({ where: c.where, text: c.text, reason: 'falls outside the terms or at a weekend, so it is quiet already' });
  }
  const closureDays = new Set(closureText.keys());

  for (const p of pieces) {
    const base = p.name ?? p.season;
    const numbered = p.parts > 1 ? `${base} ${p.index + 1}` : base;
    const name = p.name ? numbered : `${numbered} ${academicYear(p.start)}`;
    found.push({ name: name.slice(0, 60), start: p.start, end: p.end, schoolDays: schoolDaysIn(p.start, p.end, closureDays) });
  }
  return {
    terms: found,
    breaks: foundBreaks,
    closures: [...closureText].map(([date, text]) => ({ date, text })).sort((a, b) => a.date.localeCompare(b.date)),
    ignored,
  };
}

/** The same kind over the same dates more than once (a re-published event) is used once and listed. */
function dedupe(items: readonly CalendarItem[], ignored: Ignored[]): CalendarItem[] {
  const seen = new Map<string, CalendarItem>();
  for (const i of items) {
    const key = `${i.kind}|${i.start}|${i.end}`;
    const first = seen.get(key);
    if (first) ignored.push({ where: i.where, text: i.text, reason: `a duplicate of ${first.where}` });
    else seen.set(key, i);
  }
  return [...seen.values()];
}

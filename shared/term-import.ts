// What importing term dates would change, and the preview the UI shows before it is applied.
// An import replaces the academic years it covers, whole: an LA's file for 2026/27 is the
// truth for 2026/27, so a term typed by hand for that year is replaced, not merged with it
// (two overlapping versions of the same term would hide a holiday). Other years are kept.
import { z } from 'zod';
import type { Term } from './health/calendar.ts';
import { academicYear, FoundBreakSchema, FoundClosureSchema, FoundTermSchema, IgnoredSchema, type TermDatesFound } from './term-dates.ts';

const TermSchema = z.object({ name: z.string(), start: z.string(), end: z.string() });

export const TermImportPreviewSchema = z.object({
  uploadId: z.uuid(),
  fileName: z.string(),
  format: z.enum(['ics', 'csv']),
  /** The stored calendar this preview was made against; apply refuses if it has changed since. */
  basis: z.string(),
  /** Academic years the file covers, replaced whole ("2026/27"). */
  years: z.array(z.string()),
  terms: z.array(FoundTermSchema),
  breaks: z.array(FoundBreakSchema),
  closures: z.array(FoundClosureSchema),
  ignored: z.array(IgnoredSchema),
  changes: z.object({
    termsAdded: z.array(TermSchema),
    termsRemoved: z.array(TermSchema),
    termsKept: z.number().int(),
    closuresAdded: z.array(z.string()),
    closuresRemoved: z.array(z.string()),
  }),
});
export type TermImportPreview = z.infer<typeof TermImportPreviewSchema>;

export interface StoredCalendar {
  terms: readonly Term[];
  closures: readonly string[];
}

export interface TermMerge {
  years: string[];
  next: { terms: Term[]; closures: string[] };
  changes: TermImportPreview['changes'];
}

const termKey = (t: Term): string => `${t.name}|${t.start}|${t.end}`;

/** The calendar after an import: the file's academic years replaced, the others as they were. */
export function mergeTermDates(current: StoredCalendar, found: TermDatesFound): TermMerge {
  const years = [...new Set([...found.terms.map((t) => academicYear(t.start)), ...found.closures.map((c) => academicYear(c.date))])].sort();
  const covered = new Set(years);
  const keptTerms = current.terms.filter((t) => !covered.has(academicYear(t.start)));
  const keptClosures = current.closures.filter((c) => !covered.has(academicYear(c)));
  const terms = [...keptTerms, ...found.terms.map(({ name, start, end }) => ({ name, start, end }))].sort((a, b) => a.start.localeCompare(b.start));
  const closures = [...new Set([...keptClosures, ...found.closures.map((c) => c.date)])].sort();

  const before = new Set(current.terms.map(termKey));
  const after = new Set(terms.map(termKey));
  const closuresBefore = new Set(current.closures);
  const closuresAfter = new Set(closures);
  return {
    years,
    next: { terms, closures },
    changes: {
      termsAdded: terms.filter((t) => !before.has(termKey(t))),
      termsRemoved: current.terms.filter((t) => !after.has(termKey(t))).map(({ name, start, end }) => ({ name, start, end })),
      termsKept: current.terms.filter((t) => after.has(termKey(t))).length,
      closuresAdded: closures.filter((c) => !closuresBefore.has(c)),
      closuresRemoved: current.closures.filter((c) => !closuresAfter.has(c)),
    },
  };
}

// Checks a section's patch with the same schema the core uses, and words the schema's
// issues for a person at a support desk rather than for a programmer.
import type { z } from 'zod';
import { SettingsSchema, type Settings } from '../../../../shared/settings.ts';

export type FieldErrors = Record<string, string>;
export type SettingsPatch = Partial<Settings>;

const PatchSchema = SettingsSchema.partial().strict();
const fmt = (n: number | bigint) => Number(n).toLocaleString('en-GB');

/** One issue as a sentence a person can act on. Schema-authored messages are kept as written. */
export function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (!/^(Too (small|big):|Invalid )/.test(issue.message)) return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'Enter a whole number';
      return issue.expected === 'number' ? 'Enter a number' : 'Required';
    case 'too_small':
      if (issue.origin === 'string') return 'Required';
      return `Must be ${fmt(issue.minimum)} or more`;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${fmt(issue.maximum)} characters`;
      if (issue.origin === 'array') return `No more than ${fmt(issue.maximum)} entries`;
      return `Must be ${fmt(issue.maximum)} or less`;
    case 'invalid_format':
      return issue.format === 'date' ? 'Enter a date' : 'Not in the expected format';
    default:
      return 'Not a valid value';
  }
}

/** Dot-joined field path → message, first issue per field. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    let key = issue.path.map(String).join('.') || '_';
    // A term whose dates are the wrong way round is reported on the term; its end date is what to fix.
    if (/^terms\.\d+$/.test(key)) key = `${key}.end`;
    out[key] ??= friendlyMessage(issue);
  }
  return out;
}

export function validatePatch(patch: SettingsPatch): FieldErrors {
  const r = PatchSchema.safeParse(patch);
  return r.success ? {} : issuesToFields(r.error.issues);
}

/** Text from an input → number for the schema: blank and junk become NaN, which it reports. */
export function numberFrom(text: string): number {
  const t = text.trim().replace(/,/g, '');
  return t === '' ? Number.NaN : Number(t);
}

/** Core field errors name the request's path (patch.x.y); the form's fields are x.y. */
export function coreFieldErrors(fields: Record<string, string> | undefined): FieldErrors {
  return Object.fromEntries(Object.entries(fields ?? {}).map(([k, m]) => [k.replace(/^patch\./, ''), m]));
}

export interface TagRow {
  tag: string;
  seconds: string;
}

/**
 * Per-tag rows → the record the schema checks. Row problems (blank or repeated tag) are
 * reported on the row, and the schema's errors (keyed by tag) are moved onto the row too.
 */
export function tagOverrides(rows: readonly TagRow[]): { value: Record<string, number>; errors: FieldErrors } {
  const value: Record<string, number> = {};
  const errors: FieldErrors = {};
  const rowOf = new Map<string, number>();
  rows.forEach((row, i) => {
    const tag = row.tag.trim();
    if (tag === '') errors[`pollIntervalByTagS.${i}.tag`] = 'Enter a tag';
    else if (rowOf.has(tag)) errors[`pollIntervalByTagS.${i}.tag`] = 'This tag is already listed';
    else {
      rowOf.set(tag, i);
      value[tag] = numberFrom(row.seconds);
    }
  });
  for (const [key, message] of Object.entries(validatePatch({ pollIntervalByTagS: value }))) {
    const tag = key.replace(/^pollIntervalByTagS\./, '');
    const i = rowOf.get(tag);
    if (i !== undefined) errors[`pollIntervalByTagS.${i}.seconds`] ??= message;
  }
  return { value, errors };
}

/** The sizing figure given for the store: hourly rollups cost about 1.35 MB a day per 1,000 sites. */
export const HOURLY_MB_PER_DAY_PER_1000_SITES = 1.35;

export function hourlyRollupMb(hourlyDays: number, sites: number): number {
  return (HOURLY_MB_PER_DAY_PER_1000_SITES * hourlyDays * sites) / 1000;
}

export function formatMb(mb: number): string {
  if (!Number.isFinite(mb)) return '—';
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en-GB')} MB`;
}

/** Seconds as "5 min", "1 h 30 min", "45 s": beside an interval so people need not do sums. */
export function describeSeconds(s: number): string {
  if (!Number.isFinite(s) || s <= 0) return '';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', sec ? `${sec} s` : ''].filter(Boolean);
  return parts.join(' ');
}

// The field editor's model (templates and overrides alike): each setting as a person types
// it, with "not set here" meaning the layer leaves the site's own value. Turns the form into
// the contract's ConfigFields (or messages keyed as the core keys them) and back.
import { ConfigFieldsSchema, fieldErrors, type ConfigFields } from '../../../shared/fleet-config.ts';
import { DATASETS, type Dataset } from '../../../shared/protocol/v1.ts';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface Settable<T> {
  set: boolean;
  value: T;
}

export interface FieldsForm {
  endpointUrl: Settable<string>;
  schoolId: Settable<string>;
  /** Times as typed: "02:00, 13:30". */
  times: Record<Dataset, Settable<string>>;
  /** ISO weekdays, 1 = Monday. */
  days: Record<Dataset, Settable<number[]>>;
  enabled: Settable<Dataset[]>;
  logLevel: Settable<LogLevel>;
  /** host:port, or blank for no proxy. */
  proxy: Settable<string>;
}

const perDataset = <T>(make: (d: Dataset) => T): Record<Dataset, T> => Object.fromEntries(DATASETS.map((d) => [d, make(d)])) as Record<Dataset, T>;

const WEEKDAYS = [1, 2, 3, 4, 5];

export function emptyForm(): FieldsForm {
  return {
    endpointUrl: { set: false, value: '' },
    schoolId: { set: false, value: '' },
    times: perDataset(() => ({ set: false, value: '' })),
    days: perDataset(() => ({ set: false, value: [...WEEKDAYS] })),
    enabled: { set: false, value: [...DATASETS] },
    logLevel: { set: false, value: 'info' },
    proxy: { set: false, value: '' },
  };
}

export function formFromFields(f: ConfigFields): FieldsForm {
  const form = emptyForm();
  if (f.endpointUrl !== undefined) form.endpointUrl = { set: true, value: f.endpointUrl };
  if (f.schoolId !== undefined) form.schoolId = { set: true, value: f.schoolId };
  for (const d of DATASETS) {
    const times = f.schedule?.[d];
    if (times) form.times[d] = { set: true, value: times.join(', ') };
    const days = f.days?.[d];
    if (days) form.days[d] = { set: true, value: [...days].sort((a, b) => a - b) };
  }
  if (f.enabled !== undefined) form.enabled = { set: true, value: DATASETS.filter((d) => f.enabled?.includes(d)) };
  if (f.logLevel !== undefined) form.logLevel = { set: true, value: f.logLevel };
  if (f.proxy !== undefined) form.proxy = { set: true, value: f.proxy ?? '' };
  return form;
}

/** "02:00, 13:30" or "02:00 13:30" → ["02:00", "13:30"]; a bare "230" is left for the schema to refuse. */
export function parseTimes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));
}

/** "schedule.attendance.1" → "schedule.attendance": one message per field the form shows. */
export function fieldKey(path: string): string {
  return path.replace(/(\.\d+)+$/, '');
}

/** Messages keyed by the field the form shows them at, from the core's or the local check. */
export function atFields(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) out[fieldKey(k.replace(/^fields\./, ''))] ??= v;
  return out;
}

export type FieldsResult = { ok: true; fields: ConfigFields } | { ok: false; errors: Record<string, string> };

export function fieldsFromForm(form: FieldsForm): FieldsResult {
  const raw: Record<string, unknown> = {};
  if (form.endpointUrl.set) raw.endpointUrl = form.endpointUrl.value.trim();
  if (form.schoolId.set) raw.schoolId = form.schoolId.value.trim();
  const schedule: Record<string, string[]> = {};
  const days: Record<string, number[]> = {};
  for (const d of DATASETS) {
    if (form.times[d].set) schedule[d] = parseTimes(form.times[d].value);
    if (form.days[d].set) days[d] = [...form.days[d].value].sort((a, b) => a - b);
  }
  if (Object.keys(schedule).length > 0) raw.schedule = schedule;
  if (Object.keys(days).length > 0) raw.days = days;
  if (form.enabled.set) raw.enabled = DATASETS.filter((d) => form.enabled.value.includes(d));
  if (form.logLevel.set) raw.logLevel = form.logLevel.value;
  if (form.proxy.set) raw.proxy = form.proxy.value.trim() === '' ? null : form.proxy.value.trim();
  const parsed = ConfigFieldsSchema.safeParse(raw);
  return parsed.success ? { ok: true, fields: parsed.data } : { ok: false, errors: atFields(fieldErrors(parsed.error)) };
}

/** How many settings a layer sets: "sets 3 settings". */
export function setCount(f: ConfigFields): number {
  let n = 0;
  if (f.endpointUrl !== undefined) n++;
  if (f.schoolId !== undefined) n++;
  for (const d of DATASETS) {
    if (f.schedule?.[d]) n++;
    if (f.days?.[d]) n++;
  }
  if (f.enabled !== undefined) n++;
  if (f.logLevel !== undefined) n++;
  if (f.proxy !== undefined) n++;
  return n;
}

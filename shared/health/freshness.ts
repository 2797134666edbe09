// Is each dataset's data arriving when it should? A transfer is expected at each
// scheduled slot on a school day; data is late only when such a slot has passed
// (plus grace) with no success since. Quiet weekends and holidays are never late.
import { DATASETS, type AgentConfig, type Dataset, type DatasetStatus } from '../protocol/v1.ts';
import { addDays, fromLocal, londonOffsetMinutes, localTime, type SchoolCalendar } from './calendar.ts';
import type { DatasetFreshness } from './verdict.ts';

export interface DatasetSchedule {
  /** Local times of day, HH:MM. */
  times: readonly string[];
  /** 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  /**
   * false: the agent's config leaves this dataset out (protocol 1.1 `enabled`), so no
   * transfer of it is expected. Absent means it is sent.
   */
  enabled?: boolean;
}
export type Schedule = Record<Dataset, DatasetSchedule>;

const WEEKDAYS = [1, 2, 3, 4, 5];
/** What a B2B agent does when nobody has told us otherwise: nightly, attendance twice a day, assessment weekly. */
export const DEFAULT_SCHEDULE: Schedule = {
  pupils: { times: ['02:00'], days: WEEKDAYS },
  attendance: { times: ['02:00', '13:00'], days: WEEKDAYS },
  exclusions: { times: ['02:00'], days: WEEKDAYS },
  assessment: { times: ['03:00'], days: [5] },
};

/** The config's schedule; a dataset missing from `enabled` (when given) is not expected at all. */
export function scheduleFromConfig(config: Pick<AgentConfig, 'schedule' | 'days' | 'enabled'>): Schedule {
  const out = {} as Record<Dataset, DatasetSchedule>;
  for (const d of DATASETS) {
    out[d] = { times: config.schedule[d], days: config.days[d] };
    if (config.enabled !== undefined && !config.enabled.includes(d)) out[d].enabled = false;
  }
  return out;
}

export interface FreshnessOptions {
  now: number;
  calendar: SchoolCalendar;
  /** Time a transfer may take after its slot before it counts as missed. */
  graceMs: number;
  /** A transfer running longer than this is hung. */
  hungAfterMs: number;
  /** How far back to look for slots (bounded work for a long-dead site). */
  lookbackDays: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
// A poll asks this for every dataset: the same few schedules, days and slots over and over.
const minutesCache = new WeakMap<readonly string[], number[]>();
function slotMinutes(times: readonly string[]): number[] {
  let m = minutesCache.get(times);
  if (!m) minutesCache.set(times, (m = times.map(minutesOf).sort((a, b) => b - a)));
  return m;
}

/**
 * Scheduled slots (UTC ms) after `after` and at or before `until`, newest first,
 * at most `limit` of them, on school days only.
 */
export function expectedSlots(schedule: DatasetSchedule, calendar: SchoolCalendar, after: number, until: number, lookbackDays: number, limit = 10): number[] {
  const slots: number[] = [];
  const times = slotMinutes(schedule.times);
  let date = londonDate(until);
  for (let i = 0; i <= lookbackDays && slots.length < limit; i++, date = dayInfo(calendar, date).before) {
    const day = dayInfo(calendar, date);
    if (day.start + 86_400_000 <= after) break;
    if (!day.schoolDay || !schedule.days.includes(day.weekday)) continue;
    for (const m of times) {
      const t = slotAt(day, date, m);
      if (t > after && t <= until && slots.length < limit) slots.push(t);
    }
  }
  return slots;
}

interface DayInfo {
  start: number;
  weekday: number;
  schoolDay: boolean;
  /** The date before, YYYY-MM-DD. */
  before: string;
  /** Instants of this day's slots by local minute of the day. */
  slots: Map<number, number>;
}
/** Per calendar and date; every site polled asks about the same few days. */
const dayCache = new WeakMap<SchoolCalendar, Map<string, DayInfo>>();
function dayInfo(calendar: SchoolCalendar, date: string): DayInfo {
  let byDate = dayCache.get(calendar);
  if (!byDate) dayCache.set(calendar, (byDate = new Map<string, DayInfo>()));
  let info = byDate.get(date);
  if (!info) {
    const start = fromLocal(date, 0);
    info = { start, weekday: localTime(start + 12 * 3_600_000).weekday, schoolDay: calendar.isSchoolDay(date), before: addDays(date, -1), slots: new Map() };
    if (byDate.size > 4000) byDate.clear();
    byDate.set(date, info);
  }
  return info;
}

function slotAt(day: DayInfo, date: string, minutes: number): number {
  let t = day.slots.get(minutes);
  if (t === undefined) day.slots.set(minutes, (t = fromLocal(date, minutes)));
  return t;
}

/** localTime(ms).date, by London day number: a date string is made once per day, not per call. */
const dates = new Map<number, string>();
function londonDate(ms: number): string {
  const dayNumber = Math.floor((ms + londonOffsetMinutes(ms) * 60_000) / 86_400_000);
  let date = dates.get(dayNumber);
  if (date === undefined) {
    date = localTime(ms).date;
    if (dates.size > 4000) dates.clear();
    dates.set(dayNumber, date);
  }
  return date;
}

const parse = (iso: string | null) => (iso === null ? null : Date.parse(iso));

export function assessDataset(dataset: Dataset, status: DatasetStatus, schedule: DatasetSchedule, opts: FreshnessOptions): DatasetFreshness {
  const base = { dataset, lastSuccess: status.lastSuccess, lastAttempt: status.lastAttempt, errorCode: status.errorCode };
  // Not sent by design: whatever the agent last recorded for it is history, never late or failing.
  if (schedule.enabled === false) return { ...base, state: 'disabled', missedSlots: 0 };
  const until = opts.now - opts.graceMs;
  const lastSuccess = parse(status.lastSuccess);
  const lookbackStart = opts.now - opts.lookbackDays * 86_400_000;

  if (status.result === 'running' && status.runningSince !== null && opts.now - Date.parse(status.runningSince) > opts.hungAfterMs) {
    const missed = expectedSlots(schedule, opts.calendar, lastSuccess ?? lookbackStart, until, opts.lookbackDays).length;
    return { ...base, state: 'hung', missedSlots: missed };
  }
  const missed = expectedSlots(schedule, opts.calendar, lastSuccess ?? lookbackStart, until, opts.lookbackDays).length;
  if (lastSuccess === null) return { ...base, state: missed > 0 ? 'never' : 'quiet', missedSlots: missed };
  const failedSinceSuccess = status.result === 'failed' && (parse(status.lastAttempt) ?? 0) >= lastSuccess;
  if (missed === 0) return { ...base, state: failedSinceSuccess ? 'failed' : 'fresh', missedSlots: 0 };
  if (missed === 1) return { ...base, state: failedSinceSuccess ? 'failed' : 'overdue', missedSlots: 1 };
  return { ...base, state: 'stale', missedSlots: missed };
}

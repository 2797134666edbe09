// The English school calendar and UK local time, as data plus a few pure helpers.
// Transfers only happen on school days, so weekends and holidays are quiet; the
// console has to tell "quiet" from "broken", and this is the calendar it is judged by.
// Pure (no node:*), so it could move to shared/ if the console wants the same dates.

export const DAY_MS = 86_400_000;

/** Term dates for a typical English LA (half terms and bank holidays inside terms are closures). */
export const TERM_DATES: ReadonlyArray<{
  year: string;
  terms: ReadonlyArray<readonly [string, string]>;
  closures: ReadonlyArray<readonly [string, string]>;
}> = [
  {
    year: '2025-26',
    terms: [
      ['2025-09-03', '2025-12-19'],
      ['2026-01-05', '2026-03-27'],
      ['2026-04-13', '2026-07-22'],
    ],
    closures: [
      ['2025-10-27', '2025-10-31'], // autumn half term
      ['2026-02-16', '2026-02-20'], // spring half term
      ['2026-05-04', '2026-05-04'], // early May bank holiday
      ['2026-05-25', '2026-05-29'], // summer half term (spring bank holiday)
    ],
  },
  {
    year: '2026-27',
    terms: [
      ['2026-09-03', '2026-12-18'],
      ['2027-01-04', '2027-03-25'],
      ['2027-04-12', '2027-07-21'],
    ],
    closures: [
      ['2026-10-26', '2026-10-30'],
      ['2027-02-15', '2027-02-19'],
      ['2027-05-03', '2027-05-03'],
      ['2027-05-31', '2027-06-04'],
    ],
  },
];

/** Days since the epoch for an ISO date (YYYY-MM-DD). */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.floor(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function weekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const FIRST = dayNumber('2025-09-01');
const LAST = dayNumber('2027-08-31');
const termDays: Uint8Array = (() => {
  const table = new Uint8Array(LAST - FIRST + 1);
  for (const year of TERM_DATES) {
    for (const [a, b] of year.terms) for (let d = dayNumber(a); d <= dayNumber(b); d++) table[d - FIRST] = 1;
    for (const [a, b] of year.closures) for (let d = dayNumber(a); d <= dayNumber(b); d++) table[d - FIRST] = 0;
  }
  return table;
})();

/**
 * Whether pupils are in school on a local day. Outside the years we hold dates for,
 * a rough rule stands in (summer from 22 July to 2 September, Christmas from 20 December
 * to 4 January) so a clock set far away still gets quiet holidays.
 */
export function isSchoolDay(day: number): boolean {
  if (weekday(day) > 5) return false;
  if (day >= FIRST && day <= LAST) return termDays[day - FIRST] === 1;
  const date = new Date(day * DAY_MS);
  const md = (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  return !(md >= 722 && md <= 902) && !(md >= 1220 || md <= 104);
}

/** The next term day on or after a local day (bounded: a summer holiday is the longest gap). */
export function nextSchoolDay(day: number): number {
  for (let d = day; d < day + 120; d++) if (isSchoolDay(d)) return d;
  return day;
}

function lastSundayUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const dow = new Date(lastDay).getUTCDay();
  return lastDay - dow * DAY_MS;
}

/** UK offset from UTC at an instant: BST (+1h) from 01:00 UTC on the last Sunday of March to the last Sunday of October. */
export function londonOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 2) + 3_600_000;
  const end = lastSundayUtc(year, 9) + 3_600_000;
  return utcMs >= start && utcMs < end ? 3_600_000 : 0;
}

/** The local (UK) day number of an instant. */
export function localDay(utcMs: number): number {
  return Math.floor((utcMs + londonOffsetMs(utcMs)) / DAY_MS);
}

/** The instant of a local wall-clock time (minutes after midnight) on a local day. */
export function localTimeToUtc(day: number, minutes: number): number {
  const asUtc = day * DAY_MS + minutes * 60_000;
  // The offset an hour earlier is right on both changeover days for times at or after 02:00.
  return asUtc - londonOffsetMs(asUtc - 3_600_000);
}

/** "HH:MM" → minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The simulated LA's term dates in the console's settings shape: terms, and closures as single days. */
export function calendarSettings(): { terms: { name: string; start: string; end: string }[]; closures: string[] } {
  const seasons = ['Autumn', 'Spring', 'Summer'];
  const terms = TERM_DATES.flatMap((y) => y.terms.map(([start, end], i) => ({ name: `${seasons[i] ?? 'Term'} ${y.year}`, start, end })));
  const closures = TERM_DATES.flatMap((y) => y.closures.flatMap(([a, b]) => {
    const days: string[] = [];
    for (let d = dayNumber(a); d <= dayNumber(b); d++) days.push(isoDate(d));
    return days;
  }));
  return { terms, closures };
}

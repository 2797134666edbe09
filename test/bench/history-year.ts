// A year of synthetic history for the benches: 1,000 sites (or any number), hour by hour as
// the poller would have written it, into a SQLite file (bench:store reads it there; bench:team
// copies it into PostgreSQL).
import type { Db } from '../../electron/core/store/sqlite/db.ts';
import { dayBounds, HOUR_S } from '../../electron/core/store/history-buckets.ts';
import { CUM_COLUMNS, LAST_SUCCESS_COLUMNS, RETURN_COLUMNS, VERDICT_COLUMNS, classOf } from '../../electron/core/store/sqlite/history-sql.ts';
import { DOWN_VERDICTS, VERDICTS, type Verdict } from '../../shared/health/verdict.ts';

export const NOW = Date.UTC(2026, 10, 16, 9, 0);
export const NOW_S = NOW / 1000;
export const DAY_S = 86_400;
export const START_S = NOW_S - 365 * DAY_S;
// One day and two hours beyond the default retention windows, so the prune has real work.
export const HOURLY_FROM_S = NOW_S - 91 * DAY_S;
export const RAW_FROM_S = NOW_S - 50 * HOUR_S;
export const POLL_S = 300;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One site's weather: mostly healthy, now and then an outage of a few hours, a lagging spell or maintenance. */
export interface SiteModel {
  id: number;
  rng: () => number;
  outageRate: number;
  verdict: Verdict;
  left: number;
  since: number;
  cumHour: number[];
  cumDay: number[];
  day: { seconds: number[]; returns: number[] };
  lastSuccess: (number | null)[];
}

function nextState(m: SiteModel): void {
  const r = m.rng();
  if (r < m.outageRate) {
    m.verdict = DOWN_VERDICTS[Math.floor(m.rng() * m.rng() * DOWN_VERDICTS.length)] ?? 'failing';
    m.left = 1 + Math.floor(-Math.log(1 - m.rng()) * 6);
  } else if (r < m.outageRate + 0.004) {
    m.verdict = 'lagging';
    m.left = 2 + Math.floor(m.rng() * 4);
  } else if (r < m.outageRate + 0.005) {
    m.verdict = 'maintenance';
    m.left = 2;
  } else {
    m.verdict = 'healthy';
    m.left = 1;
  }
}

/** Transfers in an hour: attendance twice on weekdays, pupils nightly, exclusions Mondays, assessment Fridays. */
function returnsIn(hourS: number, up: boolean): number[] {
  if (!up) return [0, 0, 0, 0];
  const hour = Math.floor(hourS / HOUR_S) % 24;
  const dow = (Math.floor(hourS / DAY_S) + 4) % 7; // 0 = Sunday
  const weekday = dow >= 1 && dow <= 5;
  return [hour === 19 ? 1 : 0, weekday && (hour === 8 || hour === 13) ? 1 : 0, dow === 1 && hour === 19 ? 1 : 0, dow === 5 && hour === 19 ? 1 : 0];
}

const REASON = JSON.stringify([{ code: 'dataset-overdue', severity: 'bad', message: 'Attendance has not arrived since the 08:00 slot', dataset: 'attendance' }]);

export function generate(db: Db, models: SiteModel[]): void {
  const rollupCols = ['site_id', 'k', ...VERDICT_COLUMNS, ...RETURN_COLUMNS, ...CUM_COLUMNS];
  const insert = (table: string, key: string) => db.prepare(`INSERT INTO ${table} (${rollupCols.join(', ').replace(' k,', ` ${key},`)}) VALUES (${rollupCols.map(() => '?').join(', ')})`);
  const hourly = insert('history_hourly', 'hour');
  const daily = insert('history_daily', 'day');
  const sampleCols = ['site_id', 'ts', 'verdict', 'raw_verdict', 'latency_ms', 'gap_cap_s', 'reasons', ...RETURN_COLUMNS, ...LAST_SUCCESS_COLUMNS];
  const sample = db.prepare(`INSERT INTO history_samples (${sampleCols.join(', ')}) VALUES (${sampleCols.map(() => '?').join(', ')})`);
  const vIndex = new Map(VERDICTS.map((v, i) => [v, i]));
  const classIndex = { up: 0, down: 1, excluded: 2 };

  const flushDay = (dayS: number): void => {
    for (const m of models) {
      const { seconds, returns } = m.day;
      seconds.forEach((s, i) => {
        const v = VERDICTS[i];
        if (v) m.cumDay[classIndex[classOf(v)]] = (m.cumDay[classIndex[classOf(v)]] ?? 0) + s;
      });
      returns.forEach((n, i) => (m.cumDay[3 + i] = (m.cumDay[3 + i] ?? 0) + n));
      daily.run(m.id, dayS, ...seconds, ...returns, ...m.cumDay);
      m.day = { seconds: VERDICTS.map(() => 0), returns: [0, 0, 0, 0] };
    }
  };

  let dayS = dayBounds(START_S).start;
  const step = db.transaction((fromS: number, toS: number) => {
    for (let hourS = fromS; hourS < toS; hourS += HOUR_S) {
      const thisDay = dayBounds(hourS).start;
      if (thisDay !== dayS) {
        flushDay(dayS);
        dayS = thisDay;
      }
      for (const m of models) {
        if (--m.left <= 0) {
          const before = m.verdict;
          nextState(m);
          if (m.verdict !== before) m.since = hourS * 1000;
        }
        const vi = vIndex.get(m.verdict) ?? 0;
        const cls = classIndex[classOf(m.verdict)];
        const returns = returnsIn(hourS, cls === 0);
        m.cumHour[cls] = (m.cumHour[cls] ?? 0) + HOUR_S;
        returns.forEach((n, i) => (m.cumHour[3 + i] = (m.cumHour[3 + i] ?? 0) + n));
        m.day.seconds[vi] = (m.day.seconds[vi] ?? 0) + HOUR_S;
        returns.forEach((n, i) => (m.day.returns[i] = (m.day.returns[i] ?? 0) + n));
        if (hourS >= HOURLY_FROM_S) {
          const seconds = VERDICTS.map((_, i) => (i === vi ? HOUR_S : 0));
          hourly.run(m.id, hourS, ...seconds, ...returns, ...m.cumHour);
        }
        if (hourS >= RAW_FROM_S) {
          for (let t = hourS + POLL_S; t <= hourS + HOUR_S; t += POLL_S) {
            const first = t === hourS + POLL_S;
            const got = first ? returns : [0, 0, 0, 0];
            got.forEach((n, i) => {
              if (n > 0) m.lastSuccess[i] = t * 1000;
            });
            const reasons = cls === 0 && m.verdict === 'healthy' ? '[]' : REASON;
            sample.run(m.id, t * 1000, m.verdict, m.verdict, 40 + Math.floor(m.rng() * 200), 900, reasons, ...got, ...m.lastSuccess);
          }
        } else {
          returns.forEach((n, i) => {
            if (n > 0) m.lastSuccess[i] = (hourS + HOUR_S) * 1000;
          });
        }
      }
    }
  });
  for (let fromS = START_S; fromS < NOW_S; fromS += DAY_S) step(fromS, Math.min(NOW_S, fromS + DAY_S));
  flushDay(dayS);

  const latest = db.prepare(`INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, latency_ms, reasons, ${LAST_SUCCESS_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const m of models) latest.run(m.id, NOW, m.verdict, m.verdict, m.since, 120, m.verdict === 'healthy' ? '[]' : REASON, ...m.lastSuccess);
  })();
}

/** Each site's weather, seeded by its id, so every run generates the same year. */
export function siteModels(ids: readonly number[]): SiteModel[] {
  return ids.map((id) => {
    const rng = mulberry32(id * 7919);
    return { id, rng, outageRate: 0.001 + rng() * rng() * 0.03, verdict: 'healthy', left: 0, since: START_S * 1000, cumHour: Array(7).fill(0) as number[], cumDay: Array(7).fill(0) as number[], day: { seconds: VERDICTS.map(() => 0), returns: [0, 0, 0, 0] }, lastSuccess: [null, null, null, null] };
  });
}

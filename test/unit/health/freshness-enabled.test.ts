// Protocol 1.1 `enabled`: a dataset the site's config leaves out is never expected, so it is
// never late, stale or failing, whatever the agent last recorded for it.
import { describe, expect, it } from 'vitest';
import { fromLocal, SchoolCalendar } from '../../../shared/health/calendar.ts';
import { assessDataset, DEFAULT_SCHEDULE, scheduleFromConfig } from '../../../shared/health/freshness.ts';
import { assessStatus } from '../../../shared/health/rules.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import { healthyStatus, iso, okDataset } from '../../helpers/status.ts';

const D = 86_400_000;
const calendar = new SchoolCalendar();
const friday = fromLocal('2026-11-20', 10 * 60);
const config: Pick<AgentConfig, 'schedule' | 'days' | 'enabled'> = {
  schedule: { pupils: ['02:00'], attendance: ['02:00', '13:00'], exclusions: ['02:00'], assessment: ['03:00'] },
  days: { pupils: [1, 2, 3, 4, 5], attendance: [1, 2, 3, 4, 5], exclusions: [1, 2, 3, 4, 5], assessment: [5] },
};

describe('scheduleFromConfig and enabled', () => {
  it('expects every dataset when enabled is absent (protocol 1.0 configs)', () => {
    const s = scheduleFromConfig(config);
    expect(Object.values(s).every((d) => d.enabled === undefined)).toBe(true);
    expect(s.attendance).toEqual({ times: ['02:00', '13:00'], days: [1, 2, 3, 4, 5] });
  });

  it('marks the datasets left out of enabled as not expected', () => {
    const s = scheduleFromConfig({ ...config, enabled: ['attendance', 'pupils'] });
    expect(s.pupils.enabled).toBeUndefined();
    expect(s.attendance.enabled).toBeUndefined();
    expect(s.exclusions.enabled).toBe(false);
    expect(s.assessment.enabled).toBe(false);
  });

  it('never calls a disabled dataset late, however old its last success', () => {
    const schedule = scheduleFromConfig({ ...config, enabled: ['pupils'] });
    const opts = { now: friday, calendar, graceMs: 90 * 60_000, hungAfterMs: 6 * 3_600_000, lookbackDays: 21 };
    const old = okDataset(friday - 30 * D);
    expect(assessDataset('exclusions', old, schedule.exclusions, opts)).toMatchObject({ state: 'disabled', missedSlots: 0, lastSuccess: old.lastSuccess });
    expect(assessDataset('pupils', old, schedule.pupils, opts).state).toBe('stale');
    const never = { lastSuccess: null, lastAttempt: null, result: 'never' as const, errorCode: null, errorMessage: null, recordsSent: 0, runningSince: null };
    expect(assessDataset('assessment', never, schedule.assessment, opts).state).toBe('disabled');
  });
});

describe('assessStatus with datasets disabled', () => {
  it('is healthy when only disabled datasets are old, failed or never sent', () => {
    const s = healthyStatus(friday, fromLocal('2026-11-20', 3 * 60 + 10));
    s.datasets.exclusions = okDataset(friday - 40 * D);
    s.datasets.assessment = { lastSuccess: null, lastAttempt: iso(friday - 40 * D), result: 'failed', errorCode: 'ENDPOINT_REJECTED', errorMessage: '500', recordsSent: 0, runningSince: null };
    const disabled = assessStatus(s, { now: friday, calendar, schedule: scheduleFromConfig({ ...config, enabled: ['pupils', 'attendance'] }) });
    expect(disabled.verdict).toBe('healthy');
    expect(disabled.reasons).toEqual([]);
    expect(disabled.datasets.map((d) => d.state)).toEqual(['fresh', 'fresh', 'disabled', 'disabled']);
    // The same status against the default schedule (everything expected) is failing.
    const all = assessStatus(s, { now: friday, calendar, schedule: DEFAULT_SCHEDULE });
    expect(all.verdict).toBe('failing');
    expect(all.reasons.map((r) => r.dataset).sort()).toEqual(['assessment', 'exclusions']);
  });

  it('still judges an enabled dataset that has stopped', () => {
    const s = healthyStatus(friday, fromLocal('2026-11-20', 3 * 60 + 10));
    s.datasets.attendance = okDataset(friday - 4 * D);
    const a = assessStatus(s, { now: friday, calendar, schedule: scheduleFromConfig({ ...config, enabled: ['attendance'] }) });
    expect(a.verdict).toBe('failing');
    expect(a.reasons.map((r) => [r.code, r.dataset])).toEqual([['running-no-data', 'attendance']]);
  });
});

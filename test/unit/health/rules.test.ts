import { describe, expect, it } from 'vitest';
import { fromLocal, SchoolCalendar } from '../../../shared/health/calendar.ts';
import { assessFailure, assessStatus } from '../../../shared/health/rules.ts';
import type { AgentStatus } from '../../../shared/protocol/v1.ts';
import { healthyStatus, iso, okDataset } from '../../helpers/status.ts';

const H = 3_600_000;
const D = 24 * H;
const weekdays = new SchoolCalendar();
const withTerms = new SchoolCalendar({ terms: [{ name: 'Autumn 1', start: '2026-09-03', end: '2026-10-23' }, { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' }] });

const friday = fromLocal('2026-11-20', 10 * 60); // Friday 10:00
const monday = fromLocal('2026-11-23', 10 * 60);
const saturday = fromLocal('2026-11-21', 10 * 60);
const halfTerm = fromLocal('2026-10-29', 10 * 60); // Thursday in half term

type Case = [name: string, now: number, status: AgentStatus, calendar: SchoolCalendar, verdict: string, codes: string[]];
const broken = (now: number, change: (s: AgentStatus) => void): AgentStatus => {
  const s = healthyStatus(now);
  change(s);
  return s;
};
const allLastSuccess = (now: number, lastSuccess: number) => healthyStatus(now, lastSuccess);

const cases: Case[] = [
  ['all fresh', friday, healthyStatus(friday, fromLocal('2026-11-20', 3 * 60 + 10)), weekdays, 'healthy', []],
  ['Saturday after Friday night: quiet, not late', saturday, allLastSuccess(saturday, fromLocal('2026-11-20', 13 * 60 + 5)), weekdays, 'healthy', []],
  ['Monday morning with Friday afternoon data: one nightly slot late', monday, allLastSuccess(monday, fromLocal('2026-11-20', 13 * 60 + 5)), weekdays, 'lagging', ['dataset-overdue', 'dataset-overdue', 'dataset-overdue']],
  ['half term with terms configured: quiet', halfTerm, allLastSuccess(halfTerm, fromLocal('2026-10-23', 13 * 60 + 5)), withTerms, 'healthy', []],
  ['half term without term dates: stale', halfTerm, allLastSuccess(halfTerm, fromLocal('2026-10-23', 13 * 60 + 5)), weekdays, 'failing', ['running-no-data', 'running-no-data', 'running-no-data']],
  // Weekly assessment has missed only one slot (this Friday): late, not yet stale.
  ['service running but nothing arrives for days', friday, allLastSuccess(friday, friday - 4 * D), weekdays, 'failing', ['running-no-data', 'running-no-data', 'running-no-data', 'dataset-overdue']],
  ['service stopped', friday, broken(friday, (s) => (s.service.state = 'stopped')), weekdays, 'failing', ['service-stopped']],
  ['crash loop', friday, broken(friday, (s) => Object.assign(s.service, { state: 'crash-looping', restarts24h: 40 })), weekdays, 'failing', ['service-crash-loop']],
  ['not installed', friday, broken(friday, (s) => (s.service.state = 'not-installed')), weekdays, 'failing', ['service-not-installed']],
  ['hung transfer', friday, broken(friday, (s) => Object.assign(s.datasets.attendance, { result: 'running', runningSince: iso(friday - 7 * H) })), weekdays, 'failing', ['transfer-hung']],
  ['MIS unreachable', friday, broken(friday, (s) => Object.assign(s.mis, { reachable: false, error: 'SQL Server timeout' })), weekdays, 'failing', ['mis-unreachable']],
  ['wrong endpoint', friday, broken(friday, (s) => Object.assign(s.endpoint, { reachable: false, error: 'DNS lookup failed' })), weekdays, 'failing', ['endpoint-unreachable']],
  ['credentials expired', friday, broken(friday, (s) => (s.credentials.expires = iso(friday - D))), weekdays, 'failing', ['credentials-expired']],
  ['certificate expiring soon: noted, still healthy', friday, broken(friday, (s) => (s.credentials.certificateExpires = iso(friday + 5 * D))), weekdays, 'healthy', ['certificate-expiring']],
  ['disk full', friday, broken(friday, (s) => (s.host.diskFreeMb = 12)), weekdays, 'failing', ['disk-full']],
  ['backlog waiting since yesterday', friday, broken(friday, (s) => (s.backlog = { pending: 900, oldest: iso(friday - 20 * H) })), weekdays, 'lagging', ['backlog-growing']],
  ['small fresh backlog is normal', friday, broken(friday, (s) => (s.backlog = { pending: 40, oldest: iso(friday - H) })), weekdays, 'healthy', []],
  ['disk low', friday, broken(friday, (s) => (s.host.diskFreeMb = 600)), weekdays, 'lagging', ['disk-low']],
  ['clock 40 minutes behind', friday, broken(friday, (s) => (s.host.clock = iso(friday - 40 * 60_000))), weekdays, 'failing', ['clock-skew']],
  ['last attempt failed after a slot', friday, broken(friday, (s) => (s.datasets.pupils = { ...okDataset(friday - D), result: 'failed', lastAttempt: iso(fromLocal('2026-11-20', 120)), errorCode: 'AUTH_EXPIRED', errorMessage: '401' })), weekdays, 'failing', ['transfer-failed']],
  ['one timed-out run: late, not broken', friday, broken(friday, (s) => (s.datasets.pupils = { ...okDataset(friday - D), result: 'failed', lastAttempt: iso(fromLocal('2026-11-20', 120)), errorCode: 'TIMEOUT', errorMessage: 'timed out' })), weekdays, 'lagging', ['transfer-failed']],
  ['never sent', friday, broken(friday, (s) => (s.datasets.exclusions = { lastSuccess: null, lastAttempt: null, result: 'never', errorCode: null, errorMessage: null, recordsSent: 0, runningSince: null })), weekdays, 'failing', ['never-sent']],
];

describe('assessStatus', () => {
  it.each(cases)('%s', (_name, now, status, calendar, verdict, codes) => {
    const a = assessStatus(status, { now, calendar });
    expect(a.verdict).toBe(verdict);
    expect(a.reasons.map((r) => r.code).sort()).toEqual([...codes].sort());
    expect(a.datasets).toHaveLength(4);
  });

  it('names the dataset that stopped', () => {
    const s = healthyStatus(friday, friday - 2 * H);
    s.datasets.attendance = okDataset(friday - 3 * D);
    const a = assessStatus(s, { now: friday, calendar: weekdays });
    expect(a.reasons).toEqual([expect.objectContaining({ code: 'running-no-data', dataset: 'attendance', message: expect.stringContaining('attendance') as unknown })]);
    expect(a.datasets.find((d) => d.dataset === 'attendance')?.state).toBe('stale');
  });

  it('keeps reasons but mutes the verdict in a maintenance window', () => {
    const a = assessStatus(broken(friday, (s) => (s.service.state = 'stopped')), { now: friday, calendar: weekdays, maintenance: true });
    expect(a.verdict).toBe('maintenance');
    expect(a.reasons.map((r) => r.code)).toEqual(['service-stopped']);
  });
});

describe('assessFailure', () => {
  it.each([
    ['unreachable', 'unreachable'],
    ['timeout', 'unreachable'],
    ['auth-failed', 'auth-failed'],
    ['hostkey-changed', 'hostkey-changed'],
    ['protocol-error', 'protocol-error'],
  ] as const)('%s → %s', (kind, verdict) => {
    expect(assessFailure(kind, 'why').verdict).toBe(verdict);
  });
});

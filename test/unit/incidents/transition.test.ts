import { describe, expect, it } from 'vitest';
import { nextStep, sameProblems, type OpenIncidentView, type Step } from '../../../electron/core/incidents/transition.ts';
import type { Reason, Verdict } from '../../../shared/health/verdict.ts';

const stopped: Reason[] = [{ code: 'service-stopped', severity: 'bad', message: 'Stopped since 08:00' }];
const openAs = (verdict: Verdict, reasons: Reason[] = stopped): OpenIncidentView => ({ verdict, reasons });

describe('nextStep', () => {
  it.each<[string, Verdict, boolean, OpenIncidentView | null, Step]>([
    ['healthy, nothing open', 'healthy', false, null, 'none'],
    ['goes down', 'failing', false, null, 'open'],
    ['goes down while muted', 'unreachable', true, null, 'none'],
    ['stays down, same problems', 'failing', false, openAs('failing'), 'none'],
    ['down verdict changes', 'unreachable', false, openAs('failing'), 'update'],
    ['down verdict changes while muted', 'auth-failed', true, openAs('failing'), 'update'],
    ['recovers to healthy', 'healthy', false, openAs('failing'), 'resolve'],
    ['recovers to lagging', 'lagging', false, openAs('unreachable'), 'resolve'],
    ['recovers while muted', 'healthy', true, openAs('unreachable'), 'resolve'],
    ['unknown does not resolve', 'unknown', false, openAs('failing'), 'none'],
    ['maintenance does not resolve', 'maintenance', false, openAs('failing'), 'none'],
    ['unknown does not open', 'unknown', false, null, 'none'],
    ['maintenance does not open', 'maintenance', false, null, 'none'],
  ])('%s', (_, current, muted, open, step) => {
    expect(nextStep(current, stopped, muted, open)).toBe(step);
  });

  it('updates when the problems change under the same verdict', () => {
    const more: Reason[] = [...stopped, { code: 'disk-full', severity: 'bad', message: 'Disk full' }];
    expect(nextStep('failing', more, false, openAs('failing'))).toBe('update');
  });
});

describe('sameProblems', () => {
  it('ignores wording and info reasons, not codes, severities or datasets', () => {
    const stale: Reason = { code: 'dataset-stale', severity: 'bad', message: '3+ missed', dataset: 'attendance' };
    expect(sameProblems([stale], [{ ...stale, message: '4+ missed' }])).toBe(true);
    expect(sameProblems([stale], [stale, { code: 'credentials-expiring', severity: 'info', message: 'soon' }])).toBe(true);
    expect(sameProblems([stale], [{ ...stale, dataset: 'pupils' }])).toBe(false);
    expect(sameProblems([stale], [{ ...stale, severity: 'warn' }])).toBe(false);
  });
});

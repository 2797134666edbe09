import { describe, expect, it } from 'vitest';
import { burstToGroup, DEFAULT_CORRELATION, fleetTitle, joinsFleet, primaryCode, sitesNeeded } from '../../../electron/core/incidents/correlation.ts';
import type { Reason, Verdict } from '../../../shared/health/verdict.ts';

const MIN = 60_000;
const bad = (code: string): Reason => ({ code, severity: 'bad', message: code });
const warn = (code: string): Reason => ({ code, severity: 'warn', message: code });

describe('primaryCode', () => {
  it.each<[Verdict, Reason[], string]>([
    ['failing', [warn('disk-low'), bad('endpoint-unreachable'), bad('dataset-stale')], 'endpoint-unreachable'],
    ['failing', [], 'failing'],
    ['unreachable', [bad('timeout')], 'unreachable'],
    ['unreachable', [bad('unreachable')], 'unreachable'],
    ['auth-failed', [bad('auth-failed')], 'auth-failed'],
    ['protocol-error', [bad('agent-error')], 'protocol-error'],
  ])('%s with %j keys on %s', (verdict, reasons, code) => {
    expect(primaryCode(verdict, reasons)).toBe(code);
  });
});

describe('sitesNeeded: more than X% of the fleet and at least the minimum', () => {
  it.each<[number, number, number, number]>([
    // fleet, pct, min, needed
    [200, 10, 5, 21],
    [199, 10, 5, 20],
    [5000, 10, 5, 501],
    [20, 10, 5, 5],
    [0, 10, 5, 5],
    [200, 7.5, 5, 16],
    [30, 10, 1, 4],
    [1000, 0.3, 1, 4],
  ])('fleet %i at %f%% with min %i needs %i', (fleet, thresholdPct, minSites, needed) => {
    expect(sitesNeeded(fleet, { ...DEFAULT_CORRELATION, thresholdPct, minSites })).toBe(needed);
  });
});

describe('burstToGroup', () => {
  const at = 100 * MIN;
  const opened = (...mins: number[]) => mins.map((m, i) => ({ id: i + 1, openedAt: at - m * MIN }));
  it.each<[string, number[], number, number[] | null]>([
    ['five inside the window in a small fleet', [0, 1, 2, 3, 9], 20, [1, 2, 3, 4, 5]],
    ['one just outside the window is left out', [0, 1, 2, 3, 11], 20, null],
    ['the window edge counts', [0, 1, 2, 3, 10], 20, [1, 2, 3, 4, 5]],
    ['below the minimum', [0, 1, 2, 3], 20, null],
    ['exactly 10% is not more than 10%', Array.from({ length: 20 }, () => 1), 200, null],
    ['21 of 200', Array.from({ length: 21 }, () => 1), 200, Array.from({ length: 21 }, (_, i) => i + 1)],
  ])('%s', (_, mins, fleet, ids) => {
    const group = burstToGroup(opened(...mins), at, fleet, DEFAULT_CORRELATION);
    expect(group?.map((c) => c.id) ?? null).toEqual(ids);
  });
});

describe('joinsFleet', () => {
  const at = 1000 * MIN;
  it.each<[string, number, number, number, boolean]>([
    // description, open children, minutes since last join, fleet size, joins
    ['sites still joining', 2, 5, 200, true],
    ['quiet for an hour but still fleet-sized', 40, 60, 200, true],
    ['dwindled to a straggler days later', 1, 3 * 24 * 60, 200, false],
    ['just below fleet-sized and quiet', 19, 60, 200, false],
    ['the join makes it fleet-sized again', 20, 60, 200, true],
  ])('%s', (_, openChildren, minsAgo, fleet, joins) => {
    expect(joinsFleet({ openChildren, lastJoinedAt: at - minsAgo * MIN }, at, fleet, DEFAULT_CORRELATION)).toBe(joins);
  });
});

describe('fleetTitle', () => {
  it.each<[string, number, string]>([
    ['endpoint-unreachable', 60, 'LA endpoint unreachable at 60 sites — central endpoint down?'],
    ['unreachable', 25, '25 sites unreachable — network outage?'],
    ['auth-failed', 12, '12 sites refuse our key — credential rotation?'],
    ['mis-unreachable', 8, 'MIS unreachable at 8 sites — MIS upgrade or hosting outage?'],
    ['transfer-hung', 7, '7 sites down with the same fault: transfer-hung'],
    ['endpoint-unreachable', 1, 'LA endpoint unreachable at 1 site — central endpoint down?'],
  ])('%s × %i', (code, n, title) => {
    expect(fleetTitle(code, n)).toBe(title);
  });
});

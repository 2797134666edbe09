import { describe, expect, it } from 'vitest';
import type { DatasetFreshness, Reason, Verdict } from '../../../shared/health/verdict.ts';
import type { FleetIncident, Incident } from '../../../shared/incidents.ts';
import { affectedDatasets, buildTriageQueue, compareTriage, needsTriage, primaryReason, stoppedSince, triageItem, type TriageSite, type TriageStatus } from '../../../shared/triage.ts';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const bad = (code: string, dataset?: DatasetFreshness['dataset']): Reason => ({ code, severity: 'bad', message: code, ...(dataset ? { dataset } : {}) });
const warn = (code: string, dataset?: DatasetFreshness['dataset']): Reason => ({ code, severity: 'warn', message: code, ...(dataset ? { dataset } : {}) });
const ds = (dataset: DatasetFreshness['dataset'], state: DatasetFreshness['state'], lastSuccess: number | null): DatasetFreshness => ({
  dataset,
  state,
  lastSuccess: lastSuccess === null ? null : iso(lastSuccess),
  lastAttempt: null,
  missedSlots: 0,
  errorCode: null,
});
const freshAll = (): DatasetFreshness[] => (['pupils', 'attendance', 'exclusions', 'assessment'] as const).map((d) => ds(d, 'fresh', T0));

const status = (verdict: Verdict, over: Partial<TriageStatus> = {}): TriageStatus => ({ verdict, reasons: [], datasets: freshAll(), lastOkAt: T0, changedAt: T0, ...over });

let nextId = 1;
const site = (over: Partial<TriageSite> = {}): TriageSite => {
  const id = nextId++;
  return { id, name: `School ${id}`, urn: 100000 + id, typeGroup: 'Local authority maintained schools', pupils: 300, ...over };
};

const siteIncident = (siteId: number, over: Partial<Incident> = {}): Incident => ({
  kind: 'site',
  id: 1000 + siteId,
  state: 'open',
  firstVerdict: 'failing',
  verdict: 'failing',
  reasonCode: 'service-stopped',
  reasons: [],
  title: 'Failing',
  openedAt: iso(T0),
  updatedAt: iso(T0),
  resolvedAt: null,
  ttrMs: null,
  notification: 'sent',
  acknowledgedAt: null,
  acknowledgedBy: null,
  assignee: null,
  noteCount: 0,
  siteId,
  siteName: `School ${siteId}`,
  siteUrn: 100000 + siteId,
  parentId: null,
  ...over,
});

const fleetIncident = (id: number, openedAt: number): FleetIncident => ({
  kind: 'fleet',
  id,
  state: 'open',
  firstVerdict: 'failing',
  verdict: 'failing',
  reasonCode: 'endpoint-unreachable',
  reasons: [],
  title: 'LA endpoint unreachable',
  openedAt: iso(openedAt),
  updatedAt: iso(openedAt),
  resolvedAt: null,
  ttrMs: null,
  notification: 'sent',
  acknowledgedAt: null,
  acknowledgedBy: null,
  assignee: null,
  noteCount: 0,
  siteCount: 3,
  openSiteCount: 3,
  fleetSize: 40,
});

describe('which sites need triage', () => {
  it.each<[string, TriageStatus, boolean]>([
    ['healthy', status('healthy'), false],
    ['maintenance', status('maintenance'), false],
    ['unknown without reasons (never polled)', status('unknown'), false],
    ['unknown with only info', status('unknown', { reasons: [{ code: 'first-poll', severity: 'info', message: '' }] }), false],
    ['unknown with a host key pending', status('unknown', { reasons: [warn('hostkey-pending')] }), true],
    ['lagging', status('lagging'), true],
    ['failing', status('failing'), true],
    ['unreachable', status('unreachable'), true],
    ['auth-failed', status('auth-failed'), true],
    ['hostkey-changed', status('hostkey-changed'), true],
    ['protocol-error', status('protocol-error'), true],
  ])('%s → %s', (_name, s, expected) => {
    expect(needsTriage(s)).toBe(expected);
  });
});

describe('datasets affected and since when', () => {
  it('counts late dataset states and datasets named by bad or warn reasons, in protocol order', () => {
    const s = status('failing', {
      datasets: [ds('pupils', 'fresh', T0), ds('attendance', 'quiet', T0), ds('exclusions', 'stale', T0 - 5 * HOUR), ds('assessment', 'fresh', T0)],
      reasons: [bad('transfer-hung', 'attendance'), { code: 'x', severity: 'info', message: '', dataset: 'assessment' }],
    });
    expect(affectedDatasets(s)).toEqual(['attendance', 'exclusions']);
  });

  it.each<[string, TriageStatus, number | null]>([
    ['oldest last success among the affected datasets', status('failing', { datasets: [ds('pupils', 'stale', T0 - 9 * HOUR), ds('attendance', 'failed', T0 - 2 * HOUR), ds('exclusions', 'fresh', T0 - 20 * HOUR)] }), T0 - 9 * HOUR],
    ['never transferred sorts as oldest (null)', status('failing', { datasets: [ds('pupils', 'never', null), ds('attendance', 'stale', T0 - HOUR)] }), null],
    ['no dataset affected: last good poll', status('unreachable', { datasets: [], lastOkAt: T0 - 3 * HOUR, changedAt: T0 - HOUR }), T0 - 3 * HOUR],
    ['never answered: when the verdict changed', status('auth-failed', { datasets: [], lastOkAt: null, changedAt: T0 - HOUR }), T0 - HOUR],
  ])('%s', (_name, s, expected) => {
    expect(stoppedSince(s, affectedDatasets(s))).toBe(expected);
  });

  it('reads the first bad reason before any warning', () => {
    expect(primaryReason([warn('backlog'), bad('disk-full'), bad('mis')])?.code).toBe('disk-full');
    expect(primaryReason([warn('backlog')])?.code).toBe('backlog');
    expect(primaryReason([])).toBeNull();
  });
});

describe('impact order', () => {
  const lateSince = (ms: number): Partial<TriageStatus> => ({ datasets: [ds('attendance', 'stale', ms)] });
  // Each row: the higher-impact site first, the lower second, and the rule that decides.
  it.each<[string, [Partial<TriageSite>, Partial<TriageStatus>], [Partial<TriageSite>, Partial<TriageStatus>]]>([
    ['an academy beats a bigger maintained school', [{ typeGroup: 'Academies', pupils: 200 }, {}], [{ typeGroup: 'Local authority maintained schools', pupils: 1200 }, {}]],
    ['a free school counts as an academy', [{ typeGroup: 'Free Schools', pupils: 100 }, {}], [{ typeGroup: 'Special schools', pupils: 900 }, {}]],
    ['then more pupils on roll', [{ pupils: 600 }, {}], [{ pupils: 599 }, {}]],
    ['unknown pupils count as none', [{ pupils: 1 }, {}], [{ pupils: null }, {}]],
    ['then longer without data', [{}, lateSince(T0 - 48 * HOUR)], [{}, lateSince(T0 - 2 * HOUR)]],
    ['never sent beats a long wait', [{}, { datasets: [ds('attendance', 'never', null)] }], [{}, lateSince(T0 - 999 * HOUR)]],
    [
      'then more datasets affected',
      [{}, { datasets: [ds('pupils', 'stale', T0 - HOUR), ds('attendance', 'stale', T0 - HOUR)] }],
      [{}, { datasets: [ds('pupils', 'stale', T0 - HOUR), ds('attendance', 'fresh', T0)] }],
    ],
    ['then the worse verdict', [{}, { verdict: 'failing' }], [{}, { verdict: 'lagging' }]],
  ])('%s', (_name, [hiSite, hiStatus], [loSite, loStatus]) => {
    const hi = triageItem(site(hiSite), status(hiStatus.verdict ?? 'failing', hiStatus), null);
    const lo = triageItem(site(loSite), status(loStatus.verdict ?? 'failing', loStatus), null);
    expect(compareTriage(hi, lo)).toBeLessThan(0);
    expect(compareTriage(lo, hi)).toBeGreaterThan(0);
  });

  it('is a total order: ties fall back to name, then id', () => {
    const a = triageItem(site({ name: 'Alder' }), status('failing'), null);
    const b = triageItem(site({ name: 'Birch' }), status('failing'), null);
    expect([b, a].sort(compareTriage).map((i) => i.name)).toEqual(['Alder', 'Birch']);
    expect(compareTriage(a, a)).toBe(0);
  });
});

describe('the queue', () => {
  it('lists only sites that need triage, ranked, each with its open incident', () => {
    const academy = site({ name: 'Yewtree Academy', typeGroup: 'Academies', pupils: 728 });
    const big = site({ name: 'Big Primary', pupils: 600 });
    const small = site({ name: 'Small Nursery', pupils: 42 });
    const fine = site({ name: 'Fine Primary' });
    const statuses = new Map<number, TriageStatus>([
      [academy.id, status('failing', { reasons: [bad('mis-unreachable')] })],
      [big.id, status('unreachable', { datasets: [] })],
      [small.id, status('lagging', { reasons: [warn('transfer-failed', 'attendance')] })],
      [fine.id, status('healthy')],
    ]);
    const queue = buildTriageQueue({
      sites: [small, fine, big, academy],
      statusOf: (id) => statuses.get(id),
      incidents: [siteIncident(academy.id), siteIncident(academy.id, { id: 1, state: 'resolved' }), siteIncident(big.id)],
    });
    expect(queue.fleet).toEqual([]);
    expect(queue.items.map((i) => i.name)).toEqual(['Yewtree Academy', 'Big Primary', 'Small Nursery']);
    expect(queue.items[0]?.incident?.id).toBe(1000 + academy.id);
    expect(queue.items[0]?.primaryReason?.code).toBe('mis-unreachable');
    expect(queue.items[2]?.incident).toBeNull();
    expect(queue.items[2]?.datasets).toEqual(['attendance']);
  });

  it('groups sites whose incident joined a fleet incident into one row, newest outage first', () => {
    const [a, b, c] = [site({ pupils: 10 }), site({ pupils: 500 }), site({ pupils: 50 })] as [TriageSite, TriageSite, TriageSite];
    const statusOf = (): TriageStatus => status('failing');
    const queue = buildTriageQueue({
      sites: [a, b, c],
      statusOf,
      incidents: [fleetIncident(1, T0 - HOUR), fleetIncident(2, T0), siteIncident(a.id, { parentId: 2 }), siteIncident(b.id, { parentId: 2 }), siteIncident(c.id)],
    });
    expect(queue.fleet.map((g) => g.incident.id)).toEqual([2, 1]);
    expect(queue.fleet[0]?.items.map((i) => i.siteId)).toEqual([b.id, a.id]);
    expect(queue.fleet[1]?.items).toEqual([]);
    expect(queue.items.map((i) => i.siteId)).toEqual([c.id]);
  });

  it('keeps a site in the main list when its fleet incident has closed', () => {
    const a = site();
    const queue = buildTriageQueue({ sites: [a], statusOf: () => status('failing'), incidents: [siteIncident(a.id, { parentId: 77 })] });
    expect(queue.fleet).toEqual([]);
    expect(queue.items.map((i) => i.siteId)).toEqual([a.id]);
  });
});

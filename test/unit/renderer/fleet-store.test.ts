import { describe, expect, it } from 'vitest';
import type { FleetSnapshot, SiteStatus } from '../../../shared/fleet.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import type { Site } from '../../../shared/site.ts';
import { FleetStore } from '../../../renderer/src/fleet/fleet-store.ts';
import { applyFilter, EMPTY_FILTER, isVerdictFilter } from '../../../renderer/src/fleet/filters.ts';
import { makeRow } from '../../../renderer/src/fleet/fleet-row.ts';

const site = (id: number, name: string): Site => ({
  id,
  urn: 140000 + id,
  laestab: null,
  name,
  type: null,
  typeGroup: 'Academies',
  phase: 'Primary',
  trust: null,
  area: 'WM1',
  pupils: 100,
  latitude: 52.5,
  longitude: -1.9,
  host: '127.0.0.1',
  port: 22,
  user: 'b2b',
  tags: [],
  demo: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  archivedAt: null,
  archivedBy: null,
  postcode: null, street: null, town: null, giasStatus: null, locationSource: null, notes: '',
});

const status = (siteId: number, verdict: Verdict, polledAt: number): SiteStatus => ({
  siteId,
  verdict,
  rawVerdict: verdict,
  reasons: verdict === 'failing' ? [{ code: 'service-stopped', severity: 'bad', message: 'The B2B service is stopped' }] : [],
  datasets: [],
  polledAt,
  changedAt: polledAt,
  lastOkAt: polledAt,
  latencyMs: 3,
  hostKey: { state: 'pinned', approved: null, pending: null },
  inMaintenance: false,
  alertsMuted: false,
  agentVersion: '1.0.0',
});

const snapshot = (sites: Site[], statuses: SiteStatus[]): FleetSnapshot => ({ sites, statuses, paused: false, generatedAt: 0 });

function loaded(): FleetStore {
  const store = new FleetStore();
  store.replace(snapshot([site(1, 'Birch'), site(2, 'Alder'), site(3, 'Cedar')], [status(1, 'healthy', 10), status(2, 'healthy', 10), status(3, 'healthy', 10)]));
  return store;
}

describe('FleetStore', () => {
  it('lists sites by name and tells subscribers once per change', () => {
    const store = loaded();
    expect(store.getRows().map((r) => r.site.name)).toEqual(['Alder', 'Birch', 'Cedar']);
    let calls = 0;
    store.subscribe(() => calls++);
    store.applyStatuses([status(1, 'failing', 20)]);
    expect(calls).toBe(1);
  });

  it('replaces only the rows whose status changed', () => {
    const store = loaded();
    const before = store.getRows();
    store.applyStatuses([status(1, 'failing', 20)]);
    const after = store.getRows();
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]?.verdict).toBe('failing');
    expect(after[1]?.reason).toBe('The B2B service is stopped');
    expect(store.getSites()).toBe(store.getSites());
  });

  it('ignores a status older than the one it holds', () => {
    const store = loaded();
    const before = store.getRows();
    expect(store.applyStatuses([status(1, 'failing', 5)])).toBe(0);
    expect(store.getRows()).toBe(before);
  });

  it('keeps a push newer than a snapshot that was already on its way', () => {
    const store = loaded();
    store.applyStatuses([status(1, 'failing', 30)]);
    store.replace(snapshot([site(1, 'Birch'), site(2, 'Alder'), site(3, 'Cedar')], [status(1, 'healthy', 20), status(2, 'healthy', 10), status(3, 'healthy', 10)]));
    expect(store.getRow(1)?.verdict).toBe('failing');
  });

  it('keeps row identity across a snapshot that changed nothing, and the register array too', () => {
    const store = loaded();
    const rows = store.getRows();
    const sites = store.getSites();
    store.replace(snapshot([site(1, 'Birch'), site(2, 'Alder'), site(3, 'Cedar')], [status(1, 'healthy', 10), status(2, 'healthy', 10), status(3, 'healthy', 10)]));
    expect(store.getRows().every((r, i) => r === rows[i])).toBe(true);
    expect(store.getSites()).toBe(sites);
  });

  it('holds a status for a site the register has not announced yet', () => {
    const store = loaded();
    store.applyStatuses([status(4, 'unreachable', 40)]);
    expect(store.getRow(4)).toBeUndefined();
    store.replace(snapshot([site(1, 'Birch'), site(2, 'Alder'), site(3, 'Cedar'), site(4, 'Damson')], [status(1, 'healthy', 10), status(2, 'healthy', 10), status(3, 'healthy', 10)]));
    expect(store.getRow(4)?.verdict).toBe('unreachable');
  });

  it('applies a burst of changes across a large fleet in one notification', () => {
    const store = new FleetStore();
    const sites = Array.from({ length: 5000 }, (_, i) => site(i + 1, `School ${String(i).padStart(4, '0')}`));
    store.replace(snapshot(sites, sites.map((s) => status(s.id, 'healthy', 1))));
    let calls = 0;
    store.subscribe(() => calls++);
    store.applyStatuses(Array.from({ length: 1000 }, (_, i) => status(i * 5 + 1, 'failing', 2)));
    expect(calls).toBe(1);
    expect(store.getRows().filter((r) => r.verdict === 'failing')).toHaveLength(1000);
    expect(store.getRows()).toHaveLength(5000);
  });
});

describe('the "Not set up yet" filter', () => {
  it('keeps only register schools still waiting for their host', () => {
    const rows = [makeRow(site(1, 'Set up'), null), makeRow({ ...site(2, 'Waiting'), host: null, user: null }, null)];
    expect(applyFilter(rows, { ...EMPTY_FILTER, verdict: 'not-set-up' }).map((r) => r.site.name)).toEqual(['Waiting']);
    expect(isVerdictFilter('not-set-up')).toBe(true);
  });
});

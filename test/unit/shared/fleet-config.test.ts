import { describe, expect, it } from 'vitest';
import { changeSummary, ConfigFieldsSchema, configState, diffConfig, fieldErrors, groupDiffs, resolveDesired } from '../../../shared/fleet-config.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';

const LIVE: AgentConfig = {
  endpointUrl: 'https://b2b.brackenfield.gov.uk/one/b2b',
  schoolId: '9992001',
  mis: { product: 'SIMS', server: 'SCH1\\SIMS', database: 'sims' },
  schedule: { pupils: ['01:10'], attendance: ['02:10', '13:05'], exclusions: ['02:15'], assessment: ['03:00'] },
  days: { pupils: [1, 2, 3, 4, 5], attendance: [1, 2, 3, 4, 5], exclusions: [1, 2, 3, 4, 5], assessment: [5] },
  logLevel: 'info',
  proxy: null,
};

describe('resolveDesired', () => {
  it('lays template, area, tag and site layers over the live config in order, and says which set each field', () => {
    const d = resolveDesired(LIVE, [
      { source: 'template T v2', fields: { endpointUrl: 'https://one-saas.example.net/b2b/brackenfield', logLevel: 'warn', schedule: { attendance: ['13:30', '02:00'] } } },
      { source: 'area North', fields: { logLevel: 'error' } },
      { source: 'tag proxy', fields: { proxy: 'proxy.example.net:8080' } },
      { source: 'this site', fields: { schoolId: '9992002' } },
    ]);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.config).toEqual({ ...LIVE, endpointUrl: 'https://one-saas.example.net/b2b/brackenfield', logLevel: 'error', proxy: 'proxy.example.net:8080', schoolId: '9992002', schedule: { ...LIVE.schedule, attendance: ['02:00', '13:30'] } });
    expect(d.sources).toEqual({ endpointUrl: 'template T v2', logLevel: 'area North', 'schedule.attendance': 'template T v2', proxy: 'tag proxy', schoolId: 'this site' });
    // The live config is not changed by resolving over it.
    expect(LIVE.schedule.attendance).toEqual(['02:10', '13:05']);
  });

  it('leaves "enabled" out when every dataset is enabled, so an old agent keeps its hash', () => {
    const all = resolveDesired(LIVE, [{ source: 't', fields: { enabled: ['assessment', 'pupils', 'attendance', 'exclusions'] } }]);
    expect(all.ok && 'enabled' in all.config).toBe(false);
    const some = resolveDesired(LIVE, [{ source: 't', fields: { enabled: ['exclusions', 'pupils'] } }]);
    expect(some.ok && some.config.enabled).toEqual(['pupils', 'exclusions']);
  });
});

describe('field validation', () => {
  it('reports each bad setting at its field', () => {
    const r = ConfigFieldsSchema.safeParse({ endpointUrl: 'http://plain.example', schedule: { attendance: ['25:00'] }, proxy: 'proxy example', days: { pupils: [1, 1] }, colour: 'red' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const errors = fieldErrors(r.error);
    expect(errors).toMatchObject({
      endpointUrl: 'endpoint must be an https:// URL',
      'schedule.attendance.0': 'A time is HH:MM, e.g. 02:30',
      proxy: 'A proxy is host:port, e.g. proxy.example.net:8080',
      'days.pupils': 'A day is named twice',
      '(config)': 'Not a setting the agent has: colour',
    });
  });
});

describe('diff and grouping', () => {
  it('lists each changed setting and names the groups as a person would', () => {
    const desired = { ...LIVE, endpointUrl: 'https://one-saas.example.net/b2b/brackenfield', schedule: { ...LIVE.schedule, pupils: ['01:30'] }, days: { ...LIVE.days, pupils: [1, 3, 5] } };
    const changes = diffConfig(LIVE, desired);
    expect(changes.map((c) => c.path)).toEqual(['endpointUrl', 'schedule.pupils', 'days.pupils']);
    expect(changeSummary(changes)).toBe('endpoint and schedule');
    expect(changeSummary(diffConfig(LIVE, { ...desired, logLevel: 'debug' }))).toBe('endpoint, schedule and log level');
    expect(diffConfig(LIVE, LIVE)).toEqual([]);
  });

  it('groups sites by what changes for them, largest first', () => {
    const ep = [{ path: 'endpointUrl', from: 'a', to: 'b' }];
    const both = [...ep, { path: 'schedule.pupils', from: [], to: [] }];
    const groups = groupDiffs([
      { siteId: 1, changes: ep },
      { siteId: 2, changes: both },
      { siteId: 3, changes: ep },
      { siteId: 4, changes: [] },
    ]);
    expect(groups).toEqual([
      { summary: 'endpoint', siteIds: [1, 3] },
      { summary: 'endpoint and schedule', siteIds: [2] },
    ]);
  });
});

describe('configState', () => {
  const base = { liveHash: 'L', desiredHash: 'D', managed: true, desiredValid: true, knownHash: 'L' };
  it('tells drift, in sync, changed locally, unmanaged, unknown and invalid apart', () => {
    expect(configState(base)).toBe('drift');
    expect(configState({ ...base, desiredHash: 'L' })).toBe('in-sync');
    expect(configState({ ...base, knownHash: 'K' })).toBe('changed-locally');
    // Changed on the server, even to exactly what the console wants: someone edits it by hand.
    expect(configState({ ...base, knownHash: 'K', desiredHash: 'L' })).toBe('changed-locally');
    expect(configState({ ...base, managed: false })).toBe('unmanaged');
    expect(configState({ ...base, knownHash: 'K', managed: false })).toBe('changed-locally');
    expect(configState({ ...base, liveHash: null })).toBe('unknown');
    expect(configState({ ...base, desiredValid: false, desiredHash: null })).toBe('invalid');
  });
});

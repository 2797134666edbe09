// Templates, overrides, assignments and drift through the contract, on a real store: every
// save a new version under the caller's name, errors at the field, a concurrent save refused,
// desired configs previewed, drift and local changes told apart, every change audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { configHash } from '../../../electron/core/config/config-hash.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { SiteConfigView } from '../../../shared/contract.ts';
import type { SiteConfigState, Template } from '../../../shared/fleet-config.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import type { Site } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const JO = { actor: 'Jo Engineer' };
const LIVE: AgentConfig = {
  endpointUrl: 'https://b2b.brackenfield.gov.uk/one/b2b',
  schoolId: '9992001',
  mis: { product: 'SIMS', server: 'SCH1\\SIMS', database: 'sims' },
  schedule: { pupils: ['01:10'], attendance: ['02:10'], exclusions: ['02:15'], assessment: ['03:00'] },
  days: { pupils: [1, 2, 3, 4, 5], attendance: [1, 2, 3, 4, 5], exclusions: [1, 2, 3, 4, 5], assessment: [5] },
  logLevel: 'info',
  proxy: null,
};
const SAAS = 'https://one-saas.example.net/b2b/brackenfield';

describe('config handlers', () => {
  let core: Core;
  let a: Site;
  let b: Site;
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 9, 0));
  beforeEach(async () => {
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
    a = await core.context.sites.create({ urn: 141885, laestab: null, name: 'Birchwood Academy', type: null, typeGroup: null, phase: null, trust: null, area: 'North', pupils: null, latitude: null, longitude: null, host: '127.0.0.1', port: 2222, user: 'b2b', tags: ['proxy'], notes: '' });
    b = await core.context.sites.create({ urn: 141886, laestab: null, name: 'Cedar Primary', type: null, typeGroup: null, phase: null, trust: null, area: 'South', pupils: null, latitude: null, longitude: null, host: '127.0.0.1', port: 2223, user: 'b2b', tags: [], notes: '' });
    await core.context.pollState.putConfig(a.id, configHash(LIVE), LIVE, clock.now());
  });
  afterEach(() => core.close());

  const ask = (channel: string, payload: unknown) => core.request(channel, payload, JO);
  const ok = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await ask(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };

  it('keeps every saved version with its author and note, and refuses a save over someone else’s', async () => {
    const v1 = await ok<Template>('config.saveTemplate', { name: 'Brackenfield', fields: { endpointUrl: SAAS }, note: 'SaaS move', baseVersion: 0 });
    expect(v1).toMatchObject({ version: 1, author: 'Jo Engineer', note: 'SaaS move' });
    await ok('config.saveTemplate', { name: 'Brackenfield', fields: { endpointUrl: SAAS, logLevel: 'warn' }, note: 'Quieter', baseVersion: 1 });
    const stale = await ask('config.saveTemplate', { name: 'Brackenfield', fields: {}, note: 'Mine', baseVersion: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/saved version 2/) as unknown } });
    const versions = await ok<Template[]>('config.templateVersions', { name: 'Brackenfield' });
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [2, 'Quieter'],
      [1, 'SaaS move'],
    ]);
    expect((await core.context.audit.recent()).map((e) => `${e.actor} ${e.action} ${e.target ?? ''}`)).toEqual(['Jo Engineer config.template.save Brackenfield v2', 'Jo Engineer config.template.save Brackenfield v1']);
  });

  it('says which field is wrong, and needs a note', async () => {
    const r = await ask('config.saveTemplate', { name: 'T', fields: { endpointUrl: 'http://x', schedule: { pupils: ['9:00'] } }, note: '', baseVersion: 0 });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'fields.endpointUrl': 'endpoint must be an https:// URL', 'fields.schedule.pupils.0': 'A time is HH:MM, e.g. 02:30', note: 'Say what changed and why' } } });
  });

  it('previews the desired config with the layer that set each field, drafts included', async () => {
    await ok('config.saveTemplate', { name: 'Brackenfield', fields: { endpointUrl: SAAS }, note: 'SaaS move', baseVersion: 0 });
    await ok('config.saveOverride', { scope: 'area', key: 'North', fields: { logLevel: 'warn' }, note: 'North wants less' });
    await ok('config.saveOverride', { scope: 'tag', key: 'proxy', fields: { proxy: 'proxy.north.example:3128' }, note: 'Behind the proxy' });
    await ok('config.saveOverride', { scope: 'site', key: String(a.id), fields: { schedule: { attendance: ['02:30'] } }, note: 'Late MIS backup' });
    await ok('config.assign', { siteIds: [a.id, b.id], template: 'Brackenfield' });
    const view = await ok<SiteConfigView>('config.site', { id: a.id });
    expect(view).toMatchObject({ state: 'drift', template: 'Brackenfield', templateVersion: 1, live: { hash: configHash(LIVE) } });
    expect(view.desired?.ok && view.desired.sources).toEqual({ endpointUrl: 'template Brackenfield v1', logLevel: 'area North', proxy: 'tag proxy', 'schedule.attendance': 'this site' });
    expect(view.changes.map((c) => c.path)).toEqual(['endpointUrl', 'schedule.attendance', 'logLevel', 'proxy']);
    const draft = await ok<SiteConfigView>('config.site', { id: a.id, draft: { template: 'Brackenfield', fields: { endpointUrl: 'https://one-saas.example.net/b2b/other' } } });
    expect(draft.desired?.ok && draft.desired.config.endpointUrl).toBe('https://one-saas.example.net/b2b/other');
    // The site with no config read yet is unknown; the one never assigned is unmanaged.
    const states = await ok<SiteConfigState[]>('config.states', {});
    expect(states.map((s) => [s.siteId, s.state])).toEqual([
      [a.id, 'drift'],
      [b.id, 'unknown'],
    ]);
  });

  it('flags a config changed on the server, and takes it as known only when a person accepts it', async () => {
    await ok('config.saveTemplate', { name: 'Brackenfield', fields: { endpointUrl: LIVE.endpointUrl }, note: 'As is', baseVersion: 0 });
    await ok('config.assign', { siteIds: 'all', template: 'Brackenfield' });
    const state = async () => (await ok<SiteConfigState[]>('config.states', {})).find((s) => s.siteId === a.id)?.state;
    expect(await state()).toBe('in-sync');
    const edited = { ...LIVE, logLevel: 'debug' as const };
    await core.context.pollState.putConfig(a.id, configHash(edited), edited, clock.now());
    expect(await state()).toBe('changed-locally');
    await ok('config.acceptLocal', { siteIds: [a.id] });
    // The template does not set the log level: the accepted change is what the site should have.
    expect(await state()).toBe('in-sync');
    expect((await core.context.audit.recent(1))[0]).toMatchObject({ action: 'config.accept-local', siteId: a.id, actor: 'Jo Engineer' });
  });

  it('refuses an override for a site that is not in the register, and a template that does not exist', async () => {
    expect(await ask('config.saveOverride', { scope: 'site', key: '9999', fields: {}, note: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ask('config.assign', { siteIds: [a.id], template: 'Nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { AnyIncident, IncidentNote } from '../../../shared/incidents.ts';
import type { Site } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const SAM = { actor: 'Sam Patel' };
const input = { urn: 141885, name: 'Birchwood Academy', host: '127.0.0.1', port: 2222, user: 'b2b', tags: [] };

describe('incident handlers', () => {
  let core: Core;
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 8, 0));
  beforeEach(async () => {
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
  });
  afterEach(() => core.close());

  const ask = (channel: string, payload: unknown, context?: { actor: string }) => core.request(channel, payload, context);
  const ok = async <T>(channel: string, payload: unknown, context?: { actor: string }): Promise<T> => {
    const r = await ask(channel, payload, context);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const openIncident = async (): Promise<{ site: Site; incident: AnyIncident }> => {
    const site = await ok<Site>('sites.create', { site: input }, SAM);
    await core.context.incidents.observe({ siteId: site.id, at: clock.now(), previous: 'healthy', current: 'unreachable', reasons: [], muted: false });
    const [incident] = await ok<AnyIncident[]>('incidents.list', { state: 'open' });
    if (!incident) throw new Error('no incident opened');
    return { site, incident };
  };
  const incidentAudit = async () =>
    (await core.context.audit.recent())
      .reverse()
      .filter((e) => e.action.startsWith('incident.'))
      .map((e) => ({ actor: e.actor, action: e.action, siteId: e.siteId, detail: e.detail }));

  it('acknowledges, assigns and notes as the caller named in the request context, and audits each', async () => {
    const { site, incident } = await openIncident();
    expect(await ok('incidents.acknowledge', { id: incident.id }, SAM)).toMatchObject({ acknowledgedBy: 'Sam Patel' });
    expect(await ok('incidents.assign', { id: incident.id, assignee: 'Priya Shah' }, { actor: 'Alex Jones' })).toMatchObject({ assignee: 'Priya Shah' });
    const note = await ok<IncidentNote>('incidents.addNote', { id: incident.id, text: 'Rang the office.' }, { actor: 'Priya Shah' });
    expect(note).toMatchObject({ author: 'Priya Shah', text: 'Rang the office.' });
    expect(await incidentAudit()).toEqual([
      { actor: 'Sam Patel', action: 'incident.acknowledge', siteId: site.id, detail: { id: incident.id } },
      { actor: 'Alex Jones', action: 'incident.assign', siteId: site.id, detail: { id: incident.id, assignee: 'Priya Shah', previous: null } },
      { actor: 'Priya Shah', action: 'incident.note', siteId: site.id, detail: { id: incident.id, noteId: note.id, text: 'Rang the office.' } },
    ]);
  });

  it('refuses a typed name in place of the session operator, and audits nothing that failed', async () => {
    const { incident } = await openIncident();
    expect(await ask('incidents.acknowledge', { id: incident.id, by: 'Someone Else' }, SAM)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await ask('incidents.addNote', { id: incident.id, author: 'Someone Else', text: 'x' }, SAM)).toMatchObject({ ok: false, error: { code: 'validation' } });
    await ok('incidents.acknowledge', { id: incident.id }, SAM);
    expect(await ask('incidents.acknowledge', { id: incident.id }, { actor: 'Alex Jones' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await incidentAudit()).map((e) => e.actor)).toEqual(['Sam Patel']);
  });
});

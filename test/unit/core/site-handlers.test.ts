import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { Site } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const ALICE = { actor: 'alice' };
const input = { urn: 141885, name: 'Birchwood Academy', host: '127.0.0.1', port: 2222, user: 'b2b', tags: ['north'] };

describe('site handlers', () => {
  let core: Core;
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 8, 0));
  beforeEach(async () => {
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
  });
  afterEach(() => core.close());

  const ok = async <T>(channel: string, payload: unknown, context?: { actor: string }): Promise<T> => {
    const r = await core.request(channel, payload, context);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const audit = async () => (await core.context.audit.recent()).reverse().map((e) => ({ actor: e.actor, action: e.action, siteId: e.siteId, detail: e.detail }));

  it('audits adding, editing, removing and restoring a site under the caller named in the request context', async () => {
    const site = await ok<Site>('sites.create', { site: input }, ALICE);
    await ok('sites.update', { id: site.id, site: { ...input, name: 'Birchwood Upper', port: 22 } }, { actor: 'bob' });
    await ok('sites.remove', { id: site.id }, ALICE);
    await ok('sites.restore', { id: site.id }, { actor: 'carol' });
    expect(await audit()).toEqual([
      { actor: 'alice', action: 'site.create', siteId: site.id, detail: { urn: 141885, host: '127.0.0.1', port: 2222, user: 'b2b' } },
      { actor: 'bob', action: 'site.update', siteId: site.id, detail: { changes: { name: { before: 'Birchwood Academy', after: 'Birchwood Upper' }, port: { before: 2222, after: 22 } } } },
      { actor: 'alice', action: 'site.remove', siteId: site.id, detail: { closedIncidentId: null } },
      { actor: 'carol', action: 'site.restore', siteId: site.id, detail: {} },
    ]);
  });

  it('names the OS user when the transport gives no context, and never "console"', async () => {
    await ok('settings.update', { patch: { notifications: { muted: true } } });
    await ok('alerts.mute', { muted: false }, ALICE);
    expect((await audit()).map((e) => e.actor)).toEqual([os.userInfo().username, 'alice']);
  });

  it('takes a removed site out of the fleet, keeps it under removed sites, and restores it into polling', async () => {
    const site = await ok<Site>('sites.create', { site: input }, ALICE);
    const other = await ok<Site>('sites.create', { site: { ...input, urn: 141886, name: 'Ashdown Primary' } }, ALICE);
    await ok('sites.remove', { id: site.id }, ALICE);
    const snapshot = await ok<{ sites: Site[]; statuses: { siteId: number }[] }>('fleet.snapshot', {});
    expect(snapshot.sites.map((s) => s.id)).toEqual([other.id]);
    expect(snapshot.statuses.map((s) => s.siteId)).toEqual([other.id]);
    expect(await ok('poll.now', { ids: [site.id] })).toEqual({ polled: 0, statuses: [] });
    expect(await ok<Site[]>('sites.archived', {})).toMatchObject([{ id: site.id, archivedBy: 'alice' }]);
    // The detail view still opens for reports and history.
    expect(await ok('site.detail', { id: site.id })).toMatchObject({ site: { id: site.id, archivedBy: 'alice' } });

    await ok('sites.restore', { id: site.id }, ALICE);
    expect((await ok<{ sites: Site[] }>('fleet.snapshot', {})).sites.map((s) => s.id).sort()).toEqual([site.id, other.id].sort());
    expect(await ok('sites.archived', {})).toEqual([]);
  });

  it('closes an open incident of a removed site with a note saying who removed it', async () => {
    const site = await ok<Site>('sites.create', { site: input }, ALICE);
    await core.context.incidents.observe({ siteId: site.id, at: clock.now(), previous: 'healthy', current: 'unreachable', reasons: [], muted: false });
    const [open] = await ok<{ id: number; state: string }[]>('incidents.list', { state: 'open' });
    expect(open?.state).toBe('open');
    clock.advance(60_000);
    await ok('sites.remove', { id: site.id }, ALICE);
    expect(await ok('incidents.list', { state: 'open' })).toEqual([]);
    expect(await ok('incidents.list', { siteId: site.id })).toMatchObject([{ id: open?.id, state: 'resolved', ttrMs: 60_000 }]);
    expect(await ok('incidents.notes', { id: open?.id })).toMatchObject([{ author: 'alice', text: expect.stringContaining('removed from the fleet by alice') as unknown }]);
    expect((await audit()).at(-1)).toMatchObject({ action: 'site.remove', detail: { closedIncidentId: open?.id } });
  });

  it('asks for a restore instead of adding a removed URN again', async () => {
    const site = await ok<Site>('sites.create', { site: input }, ALICE);
    await ok('sites.remove', { id: site.id }, ALICE);
    const r = await core.request('sites.create', { site: input }, ALICE);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', fields: { urn: expect.stringContaining('restore it from Removed sites') as unknown } } });
  });

  it('an edit that moves a site to a new host or port forgets its pinned host key; other edits keep it', async () => {
    const site = await ok<Site>('sites.create', { site: input }, ALICE);
    const pin = `SHA256:${'B'.repeat(43)}`;
    await core.context.pollState.approveHostKey(site.id, pin, clock.now(), 'alice');
    await ok('sites.update', { id: site.id, site: { ...input, user: 'agent', name: 'Birchwood Upper' } }, ALICE);
    expect((await core.context.pollState.poll(site.id)).hostkeyApproved).toBe(pin);
    await ok('sites.update', { id: site.id, site: { ...input, host: '127.0.0.2' } }, ALICE);
    expect(await core.context.pollState.poll(site.id)).toMatchObject({ hostkeyApproved: null, hostkeyPending: null });
    expect((await audit()).at(-1)?.detail).toMatchObject({ hostKey: 'forgotten: the new address must present its key for approval' });
  });
});
